use crate::{constants::*, errors::LendingError};
use anchor_lang::prelude::*;

/// A collateral asset of a pool (a slot in `Pool::collaterals`). Its tokens sit in the vault
/// PDA `[COLLATERAL_VAULT_SEED, pool, mint]`, authority = pool.
#[zero_copy]
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CollateralAsset {
    pub mint: Pubkey,
    pub vault: Pubkey,
    /// Pyth feed id its `PriceUpdateV2` accounts must carry.
    pub feed_id: [u8; 32],
    /// Sum of all positions' holdings (base units of this mint).
    pub total_deposited: u64,
    pub deposit_cap: u64,
    pub ltv_bps: u16,
    pub liquidation_threshold_bps: u16,
    pub liquidation_bonus_bps: u16,
    pub decimals: u8,
    pub vault_bump: u8,
    /// The newest `publish_time` the pool has accepted for this asset (its listing time
    /// before any): a slot whose feed stopped shows here, and may be retired.
    pub newest_price_ts: i64,
    /// Holdings of bankrupt positions that settled while the slot was retired: they stay
    /// in the vault, owned by no position (the vault holds `total_deposited + forfeited`).
    pub forfeited: u64,
    /// 1 once `retire_collateral` ran: the slot needs no oracle and is worth zero.
    pub retired: u8,
    pub padding: [u8; 7],
}

const _: () = assert!(core::mem::size_of::<CollateralAsset>() == 144);

impl CollateralAsset {
    pub fn is_retired(&self) -> bool {
        self.retired != 0
    }

    /// Its current risk parameters, in the form `add_collateral` / `update_collateral` take.
    pub fn params(&self) -> CollateralParams {
        CollateralParams {
            feed_id: self.feed_id,
            ltv_bps: self.ltv_bps,
            liquidation_threshold_bps: self.liquidation_threshold_bps,
            liquidation_bonus_bps: self.liquidation_bonus_bps,
            deposit_cap: self.deposit_cap,
        }
    }

    /// Takes on `params` (the caller validated them); mint, vault and holdings stay.
    pub fn set_params(&mut self, params: CollateralParams) {
        self.feed_id = params.feed_id;
        self.ltv_bps = params.ltv_bps;
        self.liquidation_threshold_bps = params.liquidation_threshold_bps;
        self.liquidation_bonus_bps = params.liquidation_bonus_bps;
        self.deposit_cap = params.deposit_cap;
    }
}

/// The risk parameters `add_collateral` and `update_collateral` take.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CollateralParams {
    pub feed_id: [u8; 32],
    pub ltv_bps: u16,
    pub liquidation_threshold_bps: u16,
    pub liquidation_bonus_bps: u16,
    pub deposit_cap: u64,
}

impl CollateralParams {
    /// A new listing: LTV > 0 and the bounds of `validate_update`.
    pub fn validate(&self, liquidation_fee_bps: u16) -> Result<()> {
        require!(self.ltv_bps > 0, LendingError::InvalidCollateralRatios);
        self.validate_update(liquidation_fee_bps)
    }

    /// 0 ≤ LTV < threshold ≤ 98% (LTV 0 delists: nothing more can be borrowed against the
    /// asset, positions holding it are still valued and liquidated at its threshold); the
    /// pool's liquidation fee < bonus ≤ 20%, and `threshold × (1 + bonus) < 100%` so a
    /// liquidation at the threshold can pay its bonus.
    pub fn validate_update(&self, liquidation_fee_bps: u16) -> Result<()> {
        require!(
            self.ltv_bps < self.liquidation_threshold_bps
                && self.liquidation_threshold_bps <= MAX_LIQUIDATION_THRESHOLD_BPS,
            LendingError::InvalidCollateralRatios
        );
        require!(
            (MIN_LIQUIDATION_BONUS_BPS..=MAX_LIQUIDATION_BONUS_BPS)
                .contains(&self.liquidation_bonus_bps)
                && self.liquidation_bonus_bps > liquidation_fee_bps
                && (self.liquidation_threshold_bps as u64)
                    * (BPS + self.liquidation_bonus_bps as u64)
                    < BPS * BPS,
            LendingError::InvalidLiquidationBonus
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> CollateralParams {
        CollateralParams {
            feed_id: [1; 32],
            ltv_bps: 7_000,
            liquidation_threshold_bps: 8_000,
            liquidation_bonus_bps: 500,
            deposit_cap: 1,
        }
    }

    #[test]
    fn an_update_may_delist_but_a_listing_must_lend() {
        let delisted = CollateralParams { ltv_bps: 0, ..ok() };
        delisted.validate_update(100).unwrap();
        assert_eq!(
            delisted.validate(100).unwrap_err(),
            LendingError::InvalidCollateralRatios.into()
        );
        // every other bound holds for updates too
        let bad = CollateralParams {
            ltv_bps: 8_000,
            ..ok()
        };
        assert!(bad.validate_update(100).is_err());
        let cheap_bonus = CollateralParams {
            liquidation_bonus_bps: 100,
            ..delisted
        };
        assert!(cheap_bonus.validate_update(100).is_err());
    }

    #[test]
    fn bounds() {
        ok().validate(100).unwrap();
        let bad_ratio = [(0, 8_000), (8_000, 8_000), (8_100, 8_000), (9_000, 9_900)];
        for (ltv, th) in bad_ratio {
            let p = CollateralParams {
                ltv_bps: ltv,
                liquidation_threshold_bps: th,
                ..ok()
            };
            assert_eq!(
                p.validate(100).unwrap_err(),
                LendingError::InvalidCollateralRatios.into()
            );
        }
        for bonus in [0, 100, MAX_LIQUIDATION_BONUS_BPS + 1] {
            let p = CollateralParams {
                liquidation_bonus_bps: bonus,
                ..ok()
            };
            assert_eq!(
                p.validate(100).unwrap_err(),
                LendingError::InvalidLiquidationBonus.into()
            );
        }
        // 95% threshold with a 6% bonus cannot be paid out at the threshold
        let p = CollateralParams {
            ltv_bps: 9_000,
            liquidation_threshold_bps: 9_500,
            liquidation_bonus_bps: 600,
            ..ok()
        };
        assert_eq!(
            p.validate(100).unwrap_err(),
            LendingError::InvalidLiquidationBonus.into()
        );
    }
}
