//! The checks after a step: the SPEC invariants (shared with the random walk) and the
//! accounting identities of the whole world, and the rules on a liquidation's outcome and
//! on the circuit breaker.
use super::{
    setup::{ASSET, BORROWERS, DOLLAR, STAKER_WALLET},
    world::World,
};
use lending_pool::{constants::*, math::*, state::*};
use lending_pool_tests::invariants::{
    check_collateral, check_debts, check_insurance, check_vaults, Stakers,
};

impl World {
    /// SPEC "Liquidation", on the outcome: the liquidator gets at most the repayment plus
    /// the slot's bonus, the fee is at most the fee on a full bonus, and a liquidation that
    /// leaves debt without collateral took collateral worth less than the debt.
    pub(super) fn check_liquidation(
        &self,
        o: &LiquidationOutcome,
        b: usize,
        slot: usize,
        before: PositionHealth,
    ) {
        let asset = &ASSET[slot];
        let price = self.price[slot] as u64;
        let got = value_wad_down(o.collateral_out, asset.decimals, price, -8).unwrap();
        let paid = value_wad_up(o.repaid, 6, DOLLAR as u64, -8).unwrap();
        let bonus = (BPS + asset.bonus_bps as u64) as u128;
        assert!(
            got * BPS as u128 <= paid * bonus,
            "more than the bonus: {o:?}"
        );
        let fee_bps = self.pool.config.liquidation_fee_bps as u64;
        assert!(o.fee <= (o.repaid * fee_bps).div_ceil(BPS), "fee {o:?}");
        if !self.positions[b].has_collateral() && o.position_debt_after > 0 {
            assert!(
                before.collateral_value < before.debt_value,
                "solvent debt written off: {o:?}"
            );
        }
    }

    /// SPEC "Circuit breaker", against the record of every write-off: a settlement trips the
    /// breaker if the losses of the last window exceed the limit, and only if those of the
    /// last `BREAKER_BUCKETS` buckets (the window and at most one bucket more) do.
    pub(super) fn check_breaker(&mut self, s: &Settlement) {
        self.write_offs.push((self.now, s.socialized));
        let within = |secs: i64| -> u128 {
            let recent = self.write_offs.iter().filter(|(t, _)| self.now - t <= secs);
            recent.map(|&(_, x)| x as u128).sum()
        };
        let c = &self.pool.config;
        let limit = s.lp_assets_before as u128 * c.breaker_threshold_bps as u128 / BPS as u128;
        let counted = BREAKER_BUCKETS as i64 * self.pool.breaker_bucket_secs() as i64 - 1;
        if s.breaker_tripped {
            assert!(within(counted) > limit, "tripped below the limit: {s:?}");
        } else {
            let window = within(c.breaker_window_secs as i64);
            assert!(
                window <= limit,
                "{window} lost in the window, not tripped: {s:?}"
            );
        }
    }

    /// After every step: the shared invariants (`lending_pool_tests::invariants`: the vaults
    /// against the books, the positions against the pool, the insurance shares and marks),
    /// then the model's own ledgers: tokens conserved across every wallet, the LP ledger
    /// identity, the fund's exact share of interest and the LP shares.
    pub(super) fn check(&self) {
        let p = &self.pool;
        // the model's donations go only to the base vault
        check_vaults(
            p,
            &self.fund,
            self.base_vault - self.donated,
            self.insurance_vault,
        );
        check_debts(p, &self.positions);
        check_collateral(p, &self.positions, &self.collateral_vault);
        check_insurance(
            p,
            &self.fund,
            Stakers {
                stakes: &self.stakes,
                wallets: &self.staker_base,
                wallet_start: STAKER_WALLET,
            },
            &self.positions,
        );
        // collateral, per asset: tokens are conserved
        for (slot, a) in ASSET.iter().enumerate() {
            let vault = self.collateral_vault[slot] as u128;
            let wallets: u128 = self.b_collateral.iter().map(|w| w[slot] as u128).sum();
            assert_eq!(
                wallets + vault + self.liquidator_collateral[slot] as u128,
                BORROWERS as u128 * a.wallet as u128,
                "collateral {slot} conserved"
            );
        }
        let base: u128 = self
            .lp_base
            .iter()
            .chain(&self.b_base)
            .chain(&[
                self.base_vault,
                self.insurance_vault,
                self.liquidator_base,
                self.donor_base,
            ])
            .chain(&self.staker_base)
            .map(|&x| x as u128)
            .sum();
        assert_eq!(base, self.base_supply, "base tokens conserved");
        // LPs own exactly what they put in, plus their interest, minus written-off losses,
        // plus what recapitalizations gave back; the loss ledger agrees
        let identity = self.lp_net_deposits + self.lp_interest - self.lp_losses + self.lp_recovered;
        assert_eq!(
            p.lp_assets().unwrap() as i128,
            identity,
            "lp_assets vs the LP ledger"
        );
        assert_eq!(p.total_socialized as i128, self.lp_losses);
        assert_eq!(p.total_recovered as i128, self.lp_recovered);
        // the fund's share of interest is exact to the WAD, however often interest accrues
        let share_wad = self.interest * p.config.reserve_factor_bps as u128 * (WAD / BPS as u128);
        assert_eq!(
            self.interest_to_insurance * WAD + p.insurance_remainder_wad.get(),
            share_wad,
            "insurance share of interest"
        );
        assert_eq!(
            self.lp_shares.iter().sum::<u64>() + self.escrowed_shares(),
            self.lp_supply
        );
    }
}
