pub mod collateral_asset;
pub mod exit_request;
pub mod insurance_fund;
pub mod insurance_stake;
pub mod pool;
pub mod pool_config;
pub mod position;
pub mod wrapped_u128;

pub use collateral_asset::*;
pub use exit_request::*;
pub use insurance_fund::*;
pub use insurance_stake::*;
pub use pool::*;
pub use pool_config::*;
pub use position::*;
pub use wrapped_u128::*;
