//! The checks after every transaction on the insurance shares and the marks, against the
//! bank's accounts: every share is counted, the shares together are worth the fund's net
//! value (less only the rounding), the stakers' ledgers agree with the fund's and with their
//! wallets, and the marks add up.
use super::{
    ops::Op,
    setup::{STAKERS, STAKER_WALLET},
    world::Walk,
};
use lending_pool::{
    constants::{VIRTUAL_ASSETS, VIRTUAL_SHARES},
    math::to_assets_down,
    state::{InsuranceFund, Pool, Position},
};

/// The price LP flows trade at, `(exit_lp_assets + 1) / (supply + 1)`, as a fraction.
fn exit_price(pool: &Pool, fund: &InsuranceFund, supply: u64) -> (u128, u128) {
    let exit = pool.exit_lp_assets(fund.balance().unwrap()).unwrap();
    (
        exit as u128 + VIRTUAL_ASSETS,
        supply as u128 + VIRTUAL_SHARES,
    )
}

impl Walk {
    /// After a successful transaction: the exit price falls only when a loss becomes known
    /// (a mark rises) or is settled; an unstake, in particular, cannot leave LPs a covered
    /// mark.
    pub(super) fn check_exit_price(
        &self,
        op: Op,
        (pool0, fund0, supply0): (&Pool, &InsuranceFund, u64),
        settled: bool,
    ) {
        let pool = self.pool();
        if settled || pool.marked_shortfall > pool0.marked_shortfall {
            return;
        }
        let (n0, d0) = exit_price(pool0, fund0, supply0);
        let (n1, d1) = exit_price(&pool, &self.fund(), self.lp_supply());
        assert!(n1 * d0 >= n0 * d1, "{op:?} lowered the exit price");
    }

    pub(super) fn check_insurance(
        &self,
        pool: &Pool,
        fund: &InsuranceFund,
        positions: &[Position],
    ) {
        // the stakes as the fund sees them (an older epoch's shares are worth nothing)
        let stakes: Vec<_> = (0..STAKERS)
            .map(|s| {
                let mut st = self.stake(s);
                fund.sync_stake(&mut st);
                st
            })
            .collect();
        let held: u128 = stakes.iter().map(|st| st.shares as u128).sum();
        assert_eq!(
            held + fund.protocol_shares as u128,
            fund.total_shares as u128,
            "Σ stake shares + protocol shares = total shares"
        );
        let cooling: u128 = stakes.iter().map(|st| st.cooldown_shares as u128).sum();
        assert_eq!(cooling, fund.cooldown_shares as u128, "Σ cooldown shares");
        // what each holder's shares are worth (rounded down) adds up to at most the fund's
        // net value, short of it by at most one virtual share's worth plus a unit per holder
        let v = pool.insurance_value(fund.balance().unwrap()).unwrap();
        let (net, total) = (v.net(), fund.total_shares);
        let holders: Vec<u64> = stakes
            .iter()
            .map(|st| st.shares)
            .chain([fund.protocol_shares])
            .filter(|&s| s > 0)
            .collect();
        let value: u128 = holders
            .iter()
            .map(|&s| to_assets_down(s, net, total).unwrap() as u128)
            .sum();
        assert!(value <= net as u128, "shares worth {value} > net {net}");
        let (gap, n) = (net as u128 - value, holders.len() as u128);
        assert!(
            (gap + 1).saturating_sub(n) * (total as u128 + 1) <= net as u128 + 1,
            "shares worth {value} of net {net}: {n} holders, {total} shares"
        );
        // the stakers' ledgers, the fund's and their wallets agree
        let all: Vec<_> = (0..STAKERS).map(|s| self.stake(s)).collect();
        let staked: u128 = all.iter().map(|st| st.total_staked as u128).sum();
        let unstaked: u128 = all.iter().map(|st| st.total_unstaked as u128).sum();
        assert_eq!(staked, fund.total_staked_in as u128, "Σ staked = staked in");
        assert_eq!(
            unstaked, fund.total_unstaked_out as u128,
            "Σ unstaked = paid out"
        );
        for (s, st) in all.iter().enumerate() {
            let wallet = self.balance(&self.stakers[s].base) as u128;
            assert_eq!(
                wallet + st.total_staked as u128,
                STAKER_WALLET as u128 + st.total_unstaked as u128,
                "staker {s}'s wallet"
            );
        }
        // marks: the pool's sums are exactly its marked positions' (`Pool::check_marks`)
        if let Err(e) = pool.check_marks(positions) {
            panic!("{e}");
        }
    }
}
