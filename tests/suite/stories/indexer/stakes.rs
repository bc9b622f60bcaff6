//! The insurance side of the replay against the chain: every stake account's shares and
//! pending request, the fund's share totals and epoch, every position's mark and every
//! staker's value.
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{math::to_assets_down, replay::PoolReplay};
use lending_pool_testkit::*;

pub async fn assert_stakes_match_chain(
    replay: &PoolReplay,
    bank: &mut Bank,
    fx: &PoolFixture,
    stakers: &[&Staker],
    positions: &[Pubkey],
) {
    let s = &replay.stakes;
    let (pool, fund) = (fx.pool(bank).await, fx.insurance(bank).await);
    let value = pool.insurance_value(fund.balance().unwrap()).unwrap();
    assert_eq!(value.gross, replay.books.insurance_gross());
    assert_eq!(value.net(), replay.insurance_net());
    for p in positions {
        let replayed = s.marks.get(p).copied().unwrap_or_default();
        assert_eq!(bank.position(p).await.marked_shortfall, replayed);
    }
    for staker in stakers {
        let replayed = s.current(&staker.stake);
        let st = fx.stake_account(bank, staker).await;
        let chain = if st.share_epoch == fund.share_epoch {
            (st.shares, st.cooldown_shares)
        } else {
            (0, 0)
        };
        assert_eq!(chain, (replayed.shares, replayed.cooldown_shares));
        let worth =
            to_assets_down(replayed.shares, replay.insurance_net(), s.total_shares).unwrap();
        assert_eq!(worth, fx.stake_value(bank, staker).await);
        assert_eq!(s.value_of(replayed.shares, &replay.books), worth);
    }
}
