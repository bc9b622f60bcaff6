//! Writing Pyth `PriceUpdateV2` account data (tests, simulators, local validators). The
//! program's own decoder (`lending_pool::oracle::decode_price_update`) reads it back.
pub use lending_pool::constants::PYTH_RECEIVER_PROGRAM_ID;
pub use lending_pool::oracle::{decode_price_update, PriceUpdate, PRICE_UPDATE_V2_DISCRIMINATOR};

/// One price update as Pyth's receiver would post it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceUpdateSpec {
    pub feed_id: [u8; 32],
    pub price: i64,
    pub conf: u64,
    pub exponent: i32,
    pub publish_time: i64,
    pub ema_price: i64,
    pub ema_conf: u64,
    /// `false` writes `Partial { num_signatures: 5 }`.
    pub fully_verified: bool,
}

impl PriceUpdateSpec {
    /// A fully verified price with EMA = price and a 0.1% confidence.
    pub fn new(feed_id: [u8; 32], price: i64, exponent: i32, publish_time: i64) -> Self {
        let conf = (price.unsigned_abs()) / 1_000;
        Self {
            feed_id,
            price,
            conf,
            exponent,
            publish_time,
            ema_price: price,
            ema_conf: conf,
            fully_verified: true,
        }
    }

    /// The account data with `authority` as the update's write authority (bytes 8..40), as
    /// posting through a receiver requires.
    pub fn account_data_with_authority(&self, authority: &anchor_lang::prelude::Pubkey) -> Vec<u8> {
        let mut d = self.account_data();
        d[8..40].copy_from_slice(authority.as_ref());
        d
    }

    /// The account data (134 bytes, the size the receiver allocates).
    pub fn account_data(&self) -> Vec<u8> {
        let mut d = Vec::with_capacity(134);
        d.extend_from_slice(&PRICE_UPDATE_V2_DISCRIMINATOR);
        d.extend_from_slice(&[0u8; 32]); // write authority
        if self.fully_verified {
            d.push(1);
        } else {
            d.extend_from_slice(&[0, 5]);
        }
        d.extend_from_slice(&self.feed_id);
        d.extend_from_slice(&self.price.to_le_bytes());
        d.extend_from_slice(&self.conf.to_le_bytes());
        d.extend_from_slice(&self.exponent.to_le_bytes());
        d.extend_from_slice(&self.publish_time.to_le_bytes());
        d.extend_from_slice(&self.publish_time.saturating_sub(1).to_le_bytes());
        d.extend_from_slice(&self.ema_price.to_le_bytes());
        d.extend_from_slice(&self.ema_conf.to_le_bytes());
        d.extend_from_slice(&0u64.to_le_bytes()); // posted slot
        d.resize(134, 0);
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_reads_back_what_we_write() {
        let spec = PriceUpdateSpec {
            conf: 3,
            ema_price: 99,
            ..PriceUpdateSpec::new([5; 32], 100, -8, 1_234)
        };
        let u = decode_price_update(&spec.account_data()).unwrap();
        assert_eq!(
            (
                u.feed_id,
                u.price,
                u.conf,
                u.exponent,
                u.publish_time,
                u.ema_price
            ),
            ([5; 32], 100, 3, -8, 1_234, 99)
        );
        assert!(u.fully_verified);
        let partial = PriceUpdateSpec {
            fully_verified: false,
            ..spec
        };
        assert!(
            !decode_price_update(&partial.account_data())
                .unwrap()
                .fully_verified
        );
    }
}
