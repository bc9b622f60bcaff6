//! Pyth pull-oracle prices: `PriceUpdateV2` accounts owned by the Pyth receiver program,
//! decoded from their documented Borsh layout (pyth-solana-receiver-sdk does not build with
//! anchor-lang 1.x):
//!
//! ```text
//! [0..8]   discriminator  sha256("account:PriceUpdateV2")[..8]
//! [8..40]  write_authority: Pubkey
//! verification_level: enum { Partial { num_signatures: u8 } = 0, Full = 1 }  (1 or 2 bytes)
//! price_message: feed_id [u8;32], price i64, conf u64, exponent i32, publish_time i64,
//!                prev_publish_time i64, ema_price i64, ema_conf u64
//! posted_slot: u64
//! ```
use crate::{
    constants::{BPS, PYTH_RECEIVER_PROGRAM_ID},
    errors::LendingError,
    math::{mul_64, OraclePrice, PriceMode, Prices},
    state::{Pool, PoolConfig, Position},
};
use anchor_lang::prelude::*;

pub const PRICE_UPDATE_V2_DISCRIMINATOR: [u8; 8] = [34, 241, 35, 99, 157, 126, 244, 205];

/// The fields of a `PriceUpdateV2` the pool uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceUpdate {
    pub fully_verified: bool,
    pub feed_id: [u8; 32],
    pub price: i64,
    pub conf: u64,
    pub exponent: i32,
    pub publish_time: i64,
    pub ema_price: i64,
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N]> {
        require!(self.0.len() >= N, LendingError::OracleInvalidAccount);
        let (head, rest) = self.0.split_at(N);
        self.0 = rest;
        Ok(head
            .try_into()
            .map_err(|_| LendingError::OracleInvalidAccount)?)
    }
}

/// Decodes the account data of a `PriceUpdateV2`.
pub fn decode_price_update(data: &[u8]) -> Result<PriceUpdate> {
    let mut r = Reader(data);
    require!(
        r.take::<8>()? == PRICE_UPDATE_V2_DISCRIMINATOR,
        LendingError::OracleInvalidAccount
    );
    r.take::<32>()?; // write authority
    let fully_verified = match r.take::<1>()?[0] {
        0 => {
            r.take::<1>()?; // num_signatures
            false
        }
        1 => true,
        _ => return err!(LendingError::OracleInvalidAccount),
    };
    let feed_id = r.take::<32>()?;
    let price = i64::from_le_bytes(r.take()?);
    let conf = u64::from_le_bytes(r.take()?);
    let exponent = i32::from_le_bytes(r.take()?);
    let publish_time = i64::from_le_bytes(r.take()?);
    r.take::<8>()?; // prev_publish_time
    let ema_price = i64::from_le_bytes(r.take()?);
    Ok(PriceUpdate {
        fully_verified,
        feed_id,
        price,
        conf,
        exponent,
        publish_time,
        ema_price,
    })
}

/// Accepts a price only if it is for `feed_id`, fully verified, at most `max_age` old at
/// `now` and positive; for prices that open risk (`PriceMode::Conservative`) also
/// `require_conservative` (EMA and confidence band).
pub fn validate_price(
    u: &PriceUpdate,
    feed_id: &[u8; 32],
    now: i64,
    config: &PoolConfig,
    mode: PriceMode,
) -> Result<OraclePrice> {
    require!(u.feed_id == *feed_id, LendingError::OracleWrongFeed);
    require!(u.fully_verified, LendingError::OracleNotFullyVerified);
    require!(
        now.saturating_sub(u.publish_time) <= config.oracle_max_age_secs as i64,
        LendingError::OracleStale
    );
    require!(u.price > 0, LendingError::OracleNonPositivePrice);
    let p = OraclePrice {
        price: u.price,
        conf: u.conf,
        ema_price: u.ema_price,
        expo: u.exponent,
        publish_time: u.publish_time,
    };
    if mode == PriceMode::Conservative {
        require_conservative(&p, config)?;
    }
    Ok(p)
}

/// What prices that open risk need beyond a spot price: a positive EMA (they use it) and a
/// confidence band within `oracle_max_conf_bps`. Spot pricing (liquidation, marks) checks
/// neither: a wide band or a bad EMA on some feed must not block it.
pub fn require_conservative(p: &OraclePrice, config: &PoolConfig) -> Result<()> {
    require!(p.ema_price > 0, LendingError::OracleNonPositivePrice);
    require!(
        mul_64(p.conf, BPS) <= mul_64(p.price as u64, config.oracle_max_conf_bps as u64),
        LendingError::OracleConfidenceTooWide
    );
    Ok(())
}

/// Reads and validates the price in `account` (owner checked first).
pub fn load_price(
    account: &AccountInfo,
    feed_id: &[u8; 32],
    now: i64,
    config: &PoolConfig,
    mode: PriceMode,
) -> Result<OraclePrice> {
    require_keys_eq!(
        *account.owner,
        PYTH_RECEIVER_PROGRAM_ID,
        LendingError::OracleWrongOwner
    );
    let data = account.try_borrow_data()?;
    validate_price(&decode_price_update(&data)?, feed_id, now, config, mode)
}

/// The prices valuing `pos` needs, loaded from its accounts: `base_oracle` prices the debt,
/// `oracles` holds one `PriceUpdateV2` per collateral slot the position holds, in slot
/// order (the instruction's remaining accounts). `mode` picks how strictly they are
/// validated (see `validate_price`). The one place the program reads position prices.
pub fn load_position_prices(
    pool: &Pool,
    pos: &Position,
    base_oracle: &AccountInfo,
    oracles: &[AccountInfo],
    now: i64,
    mode: PriceMode,
) -> Result<Prices> {
    require!(
        oracles.len() == pool.valued_slots(pos).count(),
        LendingError::OracleAccountsMismatch
    );
    let mut prices = Prices::default();
    for (slot, account) in pool.valued_slots(pos).zip(oracles) {
        let feed = &pool.collaterals[slot].feed_id;
        prices.collateral[slot] = Some(load_price(account, feed, now, &pool.config, mode)?);
    }
    prices.base = Some(load_price(
        base_oracle,
        &pool.base_feed_id,
        now,
        &pool.config,
        mode,
    )?);
    Ok(prices)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn encode(
        full: bool,
        feed: [u8; 32],
        price: i64,
        conf: u64,
        expo: i32,
        t: i64,
        ema: i64,
    ) -> Vec<u8> {
        let mut d = PRICE_UPDATE_V2_DISCRIMINATOR.to_vec();
        d.extend_from_slice(&[9u8; 32]);
        if full {
            d.push(1)
        } else {
            d.extend_from_slice(&[0, 5])
        }
        d.extend_from_slice(&feed);
        d.extend_from_slice(&price.to_le_bytes());
        d.extend_from_slice(&conf.to_le_bytes());
        d.extend_from_slice(&expo.to_le_bytes());
        d.extend_from_slice(&t.to_le_bytes());
        d.extend_from_slice(&(t - 1).to_le_bytes());
        d.extend_from_slice(&ema.to_le_bytes());
        d.extend_from_slice(&conf.to_le_bytes());
        d.extend_from_slice(&77u64.to_le_bytes());
        d
    }

    #[test]
    fn discriminator_is_the_anchor_one() {
        use sha2::Digest;
        assert_eq!(
            &sha2::Sha256::digest(b"account:PriceUpdateV2")[..8],
            &PRICE_UPDATE_V2_DISCRIMINATOR
        );
    }

    #[test]
    fn decodes_both_verification_levels() {
        let u = decode_price_update(&encode(true, [3; 32], 150, 2, -8, 1_000, 149)).unwrap();
        assert!(u.fully_verified);
        assert_eq!(
            (
                u.feed_id,
                u.price,
                u.conf,
                u.exponent,
                u.publish_time,
                u.ema_price
            ),
            ([3; 32], 150, 2, -8, 1_000, 149)
        );
        let u = decode_price_update(&encode(false, [3; 32], 150, 2, -8, 1_000, 149)).unwrap();
        assert!(!u.fully_verified);
        assert_eq!(u.price, 150);
        assert!(decode_price_update(&encode(true, [3; 32], 1, 0, 0, 0, 1)[..60]).is_err());
        let mut bad = encode(true, [3; 32], 1, 0, 0, 0, 1);
        bad[0] ^= 1;
        assert!(decode_price_update(&bad).is_err());
    }

    #[test]
    fn validation_errors() {
        let c = PoolConfig::example(); // 60 s, 2%
        let feed = [3; 32];
        let ok = |p: i64, conf: u64, t: i64| {
            decode_price_update(&encode(true, feed, p, conf, -8, t, p)).unwrap()
        };
        validate_price(
            &ok(100, 2, 1_000),
            &feed,
            1_060,
            &c,
            PriceMode::Conservative,
        )
        .unwrap();
        // a wide band does not block spot (liquidation) pricing, nor does a bad EMA
        validate_price(&ok(100, 3, 1_000), &feed, 1_000, &c, PriceMode::Spot).unwrap();
        let bad_ema = decode_price_update(&encode(true, feed, 100, 1, -8, 1_000, 0)).unwrap();
        validate_price(&bad_ema, &feed, 1_000, &c, PriceMode::Spot).unwrap();
        assert_eq!(
            validate_price(&bad_ema, &feed, 1_000, &c, PriceMode::Conservative).unwrap_err(),
            LendingError::OracleNonPositivePrice.into()
        );
        let e = |u: PriceUpdate, f: [u8; 32], now: i64| {
            validate_price(&u, &f, now, &c, PriceMode::Conservative).unwrap_err()
        };
        assert_eq!(
            e(ok(100, 2, 1_000), [4; 32], 1_000),
            LendingError::OracleWrongFeed.into()
        );
        assert_eq!(
            e(ok(100, 2, 1_000), feed, 1_061),
            LendingError::OracleStale.into()
        );
        assert_eq!(
            e(ok(100, 3, 1_000), feed, 1_000),
            LendingError::OracleConfidenceTooWide.into()
        );
        assert_eq!(
            e(ok(0, 0, 1_000), feed, 1_000),
            LendingError::OracleNonPositivePrice.into()
        );
        let partial = decode_price_update(&encode(false, feed, 100, 1, -8, 1_000, 100)).unwrap();
        assert_eq!(
            e(partial, feed, 1_000),
            LendingError::OracleNotFullyVerified.into()
        );
    }
}
