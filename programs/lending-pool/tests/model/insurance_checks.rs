//! The checks after a step on the insurance shares and the marks: every share is counted,
//! the shares together are worth the fund's net value (less only the rounding), the
//! stakers' ledgers agree with the fund's and their wallets, and the marks add up.
use super::{
    setup::{STAKERS, STAKER_WALLET},
    world::World,
};
use lending_pool::math::to_assets_down;

impl World {
    pub(super) fn check_insurance(&self) {
        let (f, p) = (&self.fund, &self.pool);
        let stakes = self.stakes.map(|st| self.synced(&st));
        // every share of the current epoch is a staker's or the protocol's
        let held: u128 = stakes.iter().map(|st| st.shares as u128).sum();
        assert_eq!(
            held + f.protocol_shares as u128,
            f.total_shares as u128,
            "Σ stake shares + protocol shares = total shares"
        );
        let cooling: u128 = stakes.iter().map(|st| st.cooldown_shares as u128).sum();
        assert_eq!(cooling, f.cooldown_shares as u128, "Σ cooldown shares");
        for st in &stakes {
            assert!(
                st.cooldown_shares <= st.shares,
                "cooldown beyond holdings: {st:?}"
            );
            assert_eq!(st.cooldown_shares == 0, st.cooldown_end_ts == 0, "{st:?}");
            assert!(st.cooldown_value == 0 || st.cooldown_shares > 0, "{st:?}");
        }
        // the shares' value: what each holder's shares are worth (rounded down) adds up to
        // at most the fund's net value, short of it by at most one virtual share's worth
        // (`(net + 1) / (S + 1)`, the offset's sliver) plus a unit per holder
        let v = p.insurance_value(f.balance().unwrap()).unwrap();
        assert_eq!(v.gross, f.balance().unwrap() + p.insurance_pending);
        assert_eq!(v.covered, p.marked_shortfall.min(v.gross));
        let (net, total) = (v.net(), f.total_shares);
        let worth = |shares: u64| to_assets_down(shares, net, total).unwrap() as u128;
        let holders: Vec<u64> = stakes
            .iter()
            .map(|st| st.shares)
            .chain([f.protocol_shares])
            .filter(|&s| s > 0)
            .collect();
        let value: u128 = holders.iter().map(|&s| worth(s)).sum();
        assert!(value <= net as u128, "shares worth {value} > net {net}");
        let gap = net as u128 - value;
        let n = holders.len() as u128;
        // gap ≤ (net + 1) / (S + 1) − 1 + n (each floor loses less than a unit)
        assert!(
            (gap + 1).saturating_sub(n) * (total as u128 + 1) <= net as u128 + 1,
            "shares worth {value} of net {net}: {n} holders, {total} shares"
        );
        // the stakers' ledgers agree with the fund's, and with their wallets
        let staked: u128 = self.stakes.iter().map(|st| st.total_staked as u128).sum();
        let unstaked: u128 = self.stakes.iter().map(|st| st.total_unstaked as u128).sum();
        assert_eq!(
            staked, f.total_staked_in as u128,
            "Σ staked = fund's staked in"
        );
        assert_eq!(
            unstaked, f.total_unstaked_out as u128,
            "Σ unstaked = paid out"
        );
        for s in 0..STAKERS {
            let st = &self.stakes[s];
            assert_eq!(
                self.staker_base[s] as u128 + st.total_staked as u128,
                STAKER_WALLET as u128 + st.total_unstaked as u128,
                "staker {s}'s wallet"
            );
        }
        // marks: the pool's sums are exactly its marked positions' (`Pool::check_marks`)
        if let Err(e) = p.check_marks(&self.positions) {
            panic!("{e}");
        }
    }
}
