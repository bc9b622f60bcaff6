//! Moving a price on the local network by hand (`lending-pool-localnet price SOL 60`), as
//! Surfpool's cheatcodes do on theirs: the feed's `PriceUpdateV2` account is rewritten
//! through the local-only Pyth stand-in, published now, and, for a demo collateral, its
//! AMM pool is traded to the same price, so the bot's sales see the market the oracle
//! shows. The stand-in lets only the account's write authority post (the demo's admin,
//! who created every feed).
use crate::{
    amm,
    chain::{set_price, PRICE_EXPONENT},
    demo::Demo,
};
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, ensure, Context, Result};
use lending_pool_client::rpc::Client;
use lending_pool_sdk::oracle::decode_price_update;

/// A feed of the local network: a demo symbol (`SOL`, `BTC`, the base `USDC`) or any price
/// account the stand-in owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub oracle: Pubkey,
    /// The demo's AMM pool of that collateral against the base asset, if any.
    pub amm_pool: Option<Pubkey>,
    /// The collateral's decimals, for the AMM's price in units.
    pub decimals: Option<u8>,
}

impl Feed {
    /// `name` as the demo's symbol (any case) or an oracle address.
    pub fn resolve(demo: Option<&Demo>, name: &str) -> Result<Self> {
        if let Some(d) = demo {
            if name.eq_ignore_ascii_case("USDC") {
                return Ok(Self {
                    oracle: d.base_oracle.parse()?,
                    amm_pool: None,
                    decimals: None,
                });
            }
            if let Some(c) = d
                .collaterals
                .iter()
                .find(|c| c.symbol.eq_ignore_ascii_case(name) || c.oracle == name)
            {
                return Ok(Self {
                    oracle: c.oracle.parse()?,
                    amm_pool: Some(c.amm_pool.parse()?),
                    decimals: Some(c.decimals),
                });
            }
        }
        match name.parse() {
            Ok(oracle) => Ok(Self {
                oracle,
                amm_pool: None,
                decimals: None,
            }),
            Err(_) => bail!(
                "{name:?} is neither a demo feed ({}) nor an oracle address",
                demo.map(symbols)
                    .unwrap_or_else(|| "no demo on this network".into())
            ),
        }
    }
}

fn symbols(d: &Demo) -> String {
    let mut s: Vec<&str> = vec!["USDC"];
    s.extend(d.collaterals.iter().map(|c| c.symbol.as_str()));
    s.join(", ")
}

/// Dollars as the stand-in's fixed point (× 10⁸), exactly: `60`, `60.5`, `0.00000001`.
pub fn parse_dollars(s: &str) -> Result<i64> {
    let places = (-PRICE_EXPONENT) as usize;
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    ensure!(
        !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()),
        "{s:?} is not a price in dollars (e.g. 60 or 60.25)"
    );
    ensure!(
        frac.bytes().all(|b| b.is_ascii_digit()) && frac.len() <= places,
        "{s:?}: at most {places} decimal places"
    );
    let units = format!("{whole}{frac:0<places$}");
    let price: i64 = units
        .parse()
        .with_context(|| format!("{s:?} is too large a price"))?;
    ensure!(price > 0, "a price must be positive");
    Ok(price)
}

/// The stand-in's fixed point as dollars, cents always shown: `$60.00`, `$0.00000001`.
pub fn format_dollars(price: i64) -> String {
    let places = (-PRICE_EXPONENT) as u32;
    let unit = 10i64.pow(places);
    let frac = format!("{:0width$}", (price % unit).abs(), width = places as usize);
    let frac = frac.trim_end_matches('0');
    let sign = if price < 0 { "-" } else { "" };
    format!("{sign}${}.{frac:0<2}", (price / unit).abs())
}

/// What `publish` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub before: i64,
    pub after: i64,
    pub amm_traded: bool,
}

/// Posts `price` (× 10⁸) to `feed` at the cluster's time, keeping its feed id, and trades
/// its AMM pool to it; `client`'s payer must be the feed's write authority.
pub fn publish(client: &Client, feed: &Feed, price: i64) -> Result<Published> {
    let data = client
        .account_data(&feed.oracle)?
        .with_context(|| format!("no account {} on this network", feed.oracle))?;
    let old = decode_price_update(&data)
        .map_err(|e| anyhow::anyhow!("{} is not a price account: {e:?}", feed.oracle))?;
    ensure!(
        old.exponent == PRICE_EXPONENT,
        "{} has exponent {}, the stand-in's feeds {PRICE_EXPONENT}",
        feed.oracle,
        old.exponent
    );
    set_price(client, &feed.oracle, old.feed_id, price)
        .with_context(|| format!("posting to {} (is this key its authority?)", feed.oracle))?;
    let amm_traded = match (feed.amm_pool, feed.decimals) {
        (Some(pool), Some(decimals)) => {
            let (num, den) = crate::demo::amm_price(price, decimals);
            amm::arbitrage_to(client, &pool, num, den)?;
            true
        }
        _ => false,
    };
    Ok(Published {
        before: old.price,
        after: price,
        amm_traded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_parse_exactly_to_the_feeds_fixed_point() {
        assert_eq!(parse_dollars("60").unwrap(), 6_000_000_000);
        assert_eq!(parse_dollars("60.25").unwrap(), 6_025_000_000);
        assert_eq!(parse_dollars("0.00000001").unwrap(), 1);
        assert_eq!(parse_dollars("150.").unwrap(), 15_000_000_000);
    }

    #[test]
    fn dollars_format_back() {
        for s in ["60", "60.25", "0.00000001", "150.5"] {
            let p = parse_dollars(s).unwrap();
            assert_eq!(parse_dollars(&format_dollars(p)[1..]).unwrap(), p);
        }
        assert_eq!(format_dollars(6_000_000_000), "$60.00");
        assert_eq!(format_dollars(6_025_000_000), "$60.25");
        assert_eq!(format_dollars(1), "$0.00000001");
        assert_eq!(format_dollars(-150_000_000), "-$1.50");
    }

    #[test]
    fn bad_prices_are_refused_with_the_reason() {
        for (s, why) in [
            ("", "not a price"),
            ("-5", "not a price"),
            ("1e3", "not a price"),
            ("0.000000001", "decimal places"),
            ("0", "positive"),
            ("99999999999999", "too large"),
        ] {
            let e = parse_dollars(s).unwrap_err().to_string();
            assert!(e.contains(why), "{s:?}: {e}");
        }
    }
}
