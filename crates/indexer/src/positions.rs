//! Positions by health: every position of a pool from `getProgramAccounts`, valued with the
//! SDK (the program's own health math, spot prices validated as a liquidation would) at
//! the prices and clock of one `getMultipleAccounts` snapshot.
use anchor_lang::prelude::Pubkey;
use anyhow::{Context, Result};
use lending_pool_client::rpc::{
    clock_unix_time, decode_positions, positions_request, CLOCK_SYSVAR_ID,
};
use lending_pool_sdk::{
    accounts::decode_pool,
    constants::WAD,
    math::PriceMode,
    oracle::{decode_price_update, PriceUpdate},
    prices,
    state::{Pool, Position},
    PROGRAM_ID,
};
use serde::Serialize;
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;

/// The oracle accounts a pool is priced with: the base asset's, then one per collateral slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolOracles {
    pub base: Pubkey,
    pub slots: Vec<Pubkey>,
}

impl std::str::FromStr for PoolOracles {
    type Err = anyhow::Error;
    /// `BASE_ORACLE[,SLOT0_ORACLE,...]`.
    fn from_str(s: &str) -> Result<Self> {
        let mut keys = s.split(',').map(|k| {
            k.trim()
                .parse::<Pubkey>()
                .with_context(|| format!("oracle {k}"))
        });
        let base = keys.next().context("a base oracle")??;
        Ok(Self {
            base,
            slots: keys.collect::<Result<_>>()?,
        })
    }
}

/// The buckets, by health (WAD): the label and the lowest health in it.
pub const BUCKETS: [(&str, u128); 4] = [
    ("liquidatable", 0),
    ("at risk", WAD),
    ("watch", WAD + WAD / 10),
    ("safe", WAD + WAD / 2),
];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PositionRow {
    pub position: String,
    pub owner: String,
    pub debt: String,
    /// `None` without debt (health is unbounded) or when a held asset has no valid price.
    pub health_wad: Option<String>,
    pub bucket: &'static str,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Bucket {
    pub label: &'static str,
    pub count: u64,
    pub debt: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PositionsView {
    pub snapshot_slot: u64,
    pub buckets: Vec<Bucket>,
    pub positions: Vec<PositionRow>,
}

/// The bucket of one position: `underwater` when its collateral is worth less than its debt.
pub fn bucket_of(debt: u64, health: Option<(u128, bool)>) -> &'static str {
    match health {
        _ if debt == 0 => "no debt",
        None => "unpriced",
        Some((_, true)) => "underwater",
        Some((h, false)) => BUCKETS
            .iter()
            .rev()
            .find(|(_, lo)| h >= *lo)
            .map_or("liquidatable", |b| b.0),
    }
}

/// A valued position: its key, owner, debt and `(health, underwater)` when priced.
pub type Valued = (Pubkey, Pubkey, u64, Option<(u128, bool)>);

/// Groups valued positions into the buckets, worst first.
pub fn group(snapshot_slot: u64, rows: Vec<Valued>) -> PositionsView {
    let labels = [
        "underwater",
        "liquidatable",
        "at risk",
        "watch",
        "safe",
        "no debt",
        "unpriced",
    ];
    let mut buckets: Vec<(u64, u128)> = vec![(0, 0); labels.len()];
    let positions = rows
        .into_iter()
        .map(|(key, owner, debt, health)| {
            let bucket = bucket_of(debt, health);
            let i = labels
                .iter()
                .position(|l| *l == bucket)
                .expect("a known bucket");
            buckets[i].0 += 1;
            buckets[i].1 += debt as u128;
            PositionRow {
                position: key.to_string(),
                owner: owner.to_string(),
                debt: debt.to_string(),
                health_wad: health.filter(|_| debt > 0).map(|(h, _)| h.to_string()),
                bucket,
            }
        })
        .collect();
    PositionsView {
        snapshot_slot,
        buckets: labels
            .iter()
            .zip(buckets)
            .map(|(label, (count, debt))| Bucket {
                label,
                count,
                debt: debt.to_string(),
            })
            .collect(),
        positions,
    }
}

/// A pool's positions, and the pool, the clock, its prices and any `extra` accounts read in
/// one `getMultipleAccounts` (one slot), after the positions were listed.
pub struct PricedBook {
    pub slot: u64,
    pub pool: Pool,
    pub now: i64,
    pub base: Option<PriceUpdate>,
    pub collateral: Vec<Option<PriceUpdate>>,
    pub positions: Vec<(Pubkey, Position)>,
    pub extra: Vec<Option<Vec<u8>>>,
}

/// Reads `pool_key`'s book, priced by `oracles`, with `extra` accounts at the same slot.
pub async fn read_priced(
    rpc: &RpcClient,
    pool_key: &Pubkey,
    oracles: &PoolOracles,
    extra: &[Pubkey],
) -> Result<PricedBook> {
    let accounts = rpc
        .get_program_ui_accounts_with_config(&PROGRAM_ID, positions_request(pool_key))
        .await
        .context("getProgramAccounts")?;
    let positions = decode_positions(accounts)?;
    let mut keys = vec![*pool_key, CLOCK_SYSVAR_ID, oracles.base];
    keys.extend(&oracles.slots);
    keys.extend(extra);
    let r = rpc
        .get_multiple_accounts_with_commitment(&keys, CommitmentConfig::confirmed())
        .await
        .context("getMultipleAccounts")?;
    let data = |i: usize| r.value[i].as_ref().map(|a| a.data.as_slice());
    let n = oracles.slots.len();
    Ok(PricedBook {
        slot: r.context.slot,
        pool: decode_pool(data(0).context("no pool account")?)?,
        now: clock_unix_time(data(1).context("no clock sysvar")?)?,
        base: data(2).and_then(|d| decode_price_update(d).ok()),
        collateral: (0..n)
            .map(|i| data(3 + i).and_then(|d| decode_price_update(d).ok()))
            .collect(),
        positions,
        extra: (0..extra.len())
            .map(|i| data(3 + n + i).map(<[u8]>::to_vec))
            .collect(),
    })
}

/// Reads and values every position of `pool` at one snapshot.
pub async fn positions_view(
    rpc: &RpcClient,
    pool_key: &Pubkey,
    oracles: &PoolOracles,
) -> Result<PositionsView> {
    let b = read_priced(rpc, pool_key, oracles, &[]).await?;
    let (pool, now) = (&b.pool, b.now);
    let prices = prices::from_updates(pool, now, b.base.as_ref(), &b.collateral, PriceMode::Spot);
    let mut rows = vec![];
    for (key, pos) in &b.positions {
        let debt = pos.debt(pool.borrow_index.get())?;
        let health = pool
            .position_health(pos, &prices, PriceMode::Spot)
            .ok()
            .map(|h| (h.health_wad, h.collateral_value < h.debt_value));
        rows.push((*key, pos.owner, debt, health));
    }
    Ok(group(b.slot, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_by_health_and_solvency() {
        assert_eq!(bucket_of(0, None), "no debt");
        assert_eq!(bucket_of(5, None), "unpriced");
        assert_eq!(bucket_of(5, Some((WAD / 2, true))), "underwater");
        assert_eq!(bucket_of(5, Some((WAD - 1, false))), "liquidatable");
        assert_eq!(bucket_of(5, Some((WAD, false))), "at risk");
        assert_eq!(bucket_of(5, Some((WAD + WAD / 10, false))), "watch");
        assert_eq!(bucket_of(5, Some((u128::MAX, false))), "safe");
        let k = Pubkey::new_unique;
        let v = group(
            9,
            vec![
                (k(), k(), 10, Some((WAD / 2, true))),
                (k(), k(), 7, Some((WAD / 2, true))),
                (k(), k(), 0, None),
            ],
        );
        assert_eq!(
            (
                v.buckets[0].label,
                v.buckets[0].count,
                v.buckets[0].debt.as_str()
            ),
            ("underwater", 2, "17")
        );
        assert_eq!((v.buckets[5].label, v.buckets[5].count), ("no debt", 1));
        assert_eq!(v.positions[2].health_wad, None);
    }

    #[test]
    fn oracles_parse_base_then_slots() {
        let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
        let o: PoolOracles = format!("{a},{b}").parse().unwrap();
        assert_eq!(
            o,
            PoolOracles {
                base: a,
                slots: vec![b]
            }
        );
        assert!("nope".parse::<PoolOracles>().is_err());
    }
}
