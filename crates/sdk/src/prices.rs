//! Prices off-chain, in the program's own shape (`math::Prices`, indexed by collateral
//! slot) and validated by the program's own rules, so a bot, the CLI or the simulator
//! values a position exactly as the program will. Also the oracle accounts a priced
//! instruction takes.
use anchor_lang::prelude::Pubkey;
use lending_pool::{
    math::{PriceMode, Prices},
    oracle::{validate_price, PriceUpdate},
    state::{Pool, Position},
};

/// Validates raw price updates against `pool`'s feeds and limits at `now`, as the program
/// does in `mode`: `base` for the base asset, `collateral[slot]` for each slot in use. A
/// missing update, or one the program would reject (wrong feed, stale, not fully verified,
/// non-positive, too wide in conservative mode), leaves that price `None`.
pub fn from_updates(
    pool: &Pool,
    now: i64,
    base: Option<&PriceUpdate>,
    collateral: &[Option<PriceUpdate>],
    mode: PriceMode,
) -> Prices {
    let check =
        |u: &PriceUpdate, feed: &[u8; 32]| validate_price(u, feed, now, &pool.config, mode).ok();
    let mut prices = Prices {
        base: base.and_then(|u| check(u, &pool.base_feed_id)),
        ..Prices::default()
    };
    for (slot, u) in collateral
        .iter()
        .enumerate()
        .take(pool.num_collaterals as usize)
    {
        prices.collateral[slot] = u
            .as_ref()
            .and_then(|u| check(u, &pool.collaterals[slot].feed_id));
    }
    prices
}

/// The remaining accounts of an instruction that prices `pos` (`borrow`,
/// `withdraw_collateral`, `liquidate`, `position_health`): the oracle account of every
/// slot it holds, in slot order, looked up in `oracle_of_slot` (indexed by slot).
pub fn oracle_accounts(pool: &Pool, pos: &Position, oracle_of_slot: &[Pubkey]) -> Vec<Pubkey> {
    pool.priced_slots(pos)
        .into_iter()
        .filter_map(|slot| oracle_of_slot.get(slot).copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytemuck::Zeroable;
    use lending_pool::{math::OraclePrice, state::PoolConfig};

    fn update(feed: [u8; 32], price: i64, publish_time: i64) -> PriceUpdate {
        PriceUpdate {
            fully_verified: true,
            feed_id: feed,
            price,
            conf: 0,
            exponent: -8,
            publish_time,
            ema_price: price,
        }
    }

    #[test]
    fn keeps_only_what_the_program_would_accept() {
        let mut pool = Pool::zeroed();
        pool.config = PoolConfig::example(); // 60 s max age
        pool.base_feed_id = [1; 32];
        pool.num_collaterals = 3;
        for (slot, c) in pool.collaterals.iter_mut().enumerate() {
            c.feed_id = [10 + slot as u8; 32];
        }
        let now = 1_000;
        let collateral = [
            Some(update([10; 32], 150, now)),
            Some(update([99; 32], 150, now)),    // wrong feed
            Some(update([12; 32], 7, now - 61)), // stale
            Some(update([13; 32], 7, now)),      // slot not in use
        ];
        let p = from_updates(
            &pool,
            now,
            Some(&update([1; 32], 1, now)),
            &collateral,
            PriceMode::Spot,
        );
        let ok = |price| OraclePrice {
            price,
            conf: 0,
            ema_price: price,
            expo: -8,
            publish_time: now,
        };
        assert_eq!(p.base, Some(ok(1)));
        assert_eq!(p.collateral, [Some(ok(150)), None, None, None]);
        assert_eq!(
            from_updates(&pool, now, None, &[], PriceMode::Spot),
            Prices::default()
        );
    }

    #[test]
    fn oracle_accounts_follow_the_priced_slots() {
        let mut pool = Pool::zeroed();
        pool.num_collaterals = 3;
        let mut pos = Position::zeroed();
        pos.collateral[0] = 5;
        pos.collateral[2] = 1;
        let keys = [
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        ];
        assert_eq!(oracle_accounts(&pool, &pos, &keys), vec![keys[0], keys[2]]);
    }
}
