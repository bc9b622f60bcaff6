pub mod accept_admin;
pub mod deposit;
pub mod fund_insurance;
pub mod init_pool;
pub mod set_guardian;
pub mod set_pause;
pub mod transfer_admin;
pub mod update_config;
pub mod withdraw;

pub use accept_admin::*;
pub use deposit::*;
pub use fund_insurance::*;
pub use init_pool::*;
pub use set_guardian::*;
pub use set_pause::*;
pub use transfer_admin::*;
pub use update_config::*;
pub use withdraw::*;

use crate::state::{InsuranceFund, Pool};
use anchor_lang::prelude::*;
use anchor_spl::token::accessor;

/// The SPEC invariant, run at the end of every instruction that moves tokens or changes the
/// books: reads the vaults' balances as the token program left them after the CPIs.
pub(crate) fn check_books<'info>(
    pool: &AccountLoader<'info, Pool>,
    base_vault: &AccountInfo<'info>,
    insurance_fund: &AccountLoader<'info, InsuranceFund>,
    insurance_vault: &AccountInfo<'info>,
) -> Result<()> {
    let ledger = insurance_fund.load()?.balance()?;
    pool.load()?.check_invariants(
        accessor::amount(base_vault)?,
        ledger,
        accessor::amount(insurance_vault)?,
    )
}
