//! The database: SQLite (a file, no set-up) or PostgreSQL, chosen by the URL, through sqlx's
//! `Any` driver so one set of queries and migrations serves both. A batch of transactions,
//! their events and the cursor are written in one database transaction: a crash leaves
//! either all of a batch or none of it, and the primary keys refuse a second copy.
//!
//! The pipeline's third stage (source → decode → **store** → index): each event is kept as
//! its bytes and as the IDL's JSON (what the API serves), rendered here once, when written.
use crate::{
    decode::{DecodedEvent, DecodedTx},
    idl_json::IdlEvents,
};
use anyhow::{Context, Result};
use base64::Engine;
use sqlx::{any::AnyPoolOptions, AnyPool, Row};
use std::sync::Arc;

pub struct Store {
    pool: AnyPool,
    backend: &'static str,
    /// Renders each event's JSON as it is written.
    idl: Arc<IdlEvents>,
}

/// Where the index resumes: the newest stored transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub signature: String,
    pub slot: u64,
}

impl Store {
    /// Connects (creating a SQLite file if needed) and applies the migrations.
    pub async fn open(url: &str, idl: Arc<IdlEvents>) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres") {
            "postgres"
        } else {
            "sqlite"
        };
        // SQLite allows one writer; the indexer writes from one task anyway
        let max = if backend == "sqlite" { 1 } else { 4 };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .connect(url)
            .await
            .with_context(|| format!("connecting to the database {}", redact(url)))?;
        sqlx::migrate!("./schema")
            .run(&pool)
            .await
            .context("applying the database migrations")?;
        Ok(Self { pool, backend, idl })
    }

    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// Stores `txs` (already in ledger order) and moves the cursor to the last of them:
    /// multi-row inserts of [`ROWS_PER_INSERT`] rows, all in one database transaction.
    pub async fn write_batch(&self, txs: &[DecodedTx]) -> Result<()> {
        let Some(last) = txs.last() else {
            return Ok(());
        };
        let mut events = vec![];
        for tx in txs {
            for (i, e) in tx.events.iter().enumerate() {
                let (_, json) = self
                    .idl
                    .decode(&e.raw)
                    .with_context(|| format!("rendering an event of {}", tx.signature))?;
                events.push((tx, i, e, json.to_string()));
            }
        }
        let mut db = self.pool.begin().await?;
        for chunk in txs.chunks(ROWS_PER_INSERT) {
            let sql = insert_sql(
                "transactions (signature, slot, tx_order, block_time, event_count)",
                5,
                chunk.len(),
                self.backend,
            );
            let mut q = sqlx::query(&sql);
            for tx in chunk {
                q = q
                    .bind(&tx.signature)
                    .bind(tx.slot as i64)
                    .bind(tx.tx_order as i64)
                    .bind(tx.block_time)
                    .bind(tx.events.len() as i64);
            }
            q.execute(&mut *db)
                .await
                .with_context(|| format!("storing {} transactions", chunk.len()))?;
        }
        for chunk in events.chunks(ROWS_PER_INSERT) {
            let sql = insert_sql(
                "events (signature, event_index, slot, tx_order, pool, name, data, raw)",
                8,
                chunk.len(),
                self.backend,
            );
            let mut q = sqlx::query(&sql);
            for (tx, i, e, json) in chunk {
                q = q
                    .bind(&tx.signature)
                    .bind(*i as i64)
                    .bind(tx.slot as i64)
                    .bind(tx.tx_order as i64)
                    .bind(e.event.pool().to_string())
                    .bind(e.event.name())
                    .bind(json)
                    .bind(base64::engine::general_purpose::STANDARD.encode(&e.raw));
            }
            q.execute(&mut *db)
                .await
                .with_context(|| format!("storing {} events", chunk.len()))?;
        }
        sqlx::query("DELETE FROM indexer_cursor")
            .execute(&mut *db)
            .await?;
        sqlx::query("INSERT INTO indexer_cursor (id, signature, slot) VALUES (1, $1, $2)")
            .bind(&last.signature)
            .bind(last.slot as i64)
            .execute(&mut *db)
            .await?;
        db.commit().await?;
        Ok(())
    }

    pub async fn cursor(&self) -> Result<Option<Cursor>> {
        let row = sqlx::query("SELECT signature, slot FROM indexer_cursor WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(Cursor {
                signature: r.try_get("signature")?,
                slot: r.try_get::<i64, _>("slot")? as u64,
            })
        })
        .transpose()
    }

    /// Every stored transaction with its events decoded from their bytes, in ledger order:
    /// the index is rebuilt from these at start-up (the replay is deterministic).
    pub async fn load(&self) -> Result<Vec<DecodedTx>> {
        let txs = sqlx::query(
            "SELECT signature, slot, tx_order, block_time FROM transactions ORDER BY slot, tx_order",
        )
        .fetch_all(&self.pool)
        .await?;
        let events =
            sqlx::query("SELECT signature, raw FROM events ORDER BY slot, tx_order, event_index")
                .fetch_all(&self.pool)
                .await?;
        let mut by_sig: std::collections::HashMap<String, Vec<Vec<u8>>> = Default::default();
        for r in events {
            let raw: String = r.try_get("raw")?;
            by_sig
                .entry(r.try_get("signature")?)
                .or_default()
                .push(base64::engine::general_purpose::STANDARD.decode(raw)?);
        }
        txs.into_iter()
            .map(|r| {
                let signature: String = r.try_get("signature")?;
                let events = by_sig
                    .remove(&signature)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|raw| {
                        DecodedEvent::decode(raw).context("a stored event no longer decodes")
                    })
                    .collect::<Result<_>>()?;
                Ok(DecodedTx {
                    signature,
                    slot: r.try_get::<i64, _>("slot")? as u64,
                    tx_order: r.try_get::<i64, _>("tx_order")? as u64,
                    block_time: r.try_get("block_time")?,
                    events,
                    logs_truncated: false,
                })
            })
            .collect()
    }

    /// Events as stored, oldest first, after `after_id` (the row's position in that order).
    pub async fn events(
        &self,
        pool: Option<&str>,
        after: u64,
        limit: u64,
    ) -> Result<Vec<EventRow>> {
        let rows = sqlx::query(
            "SELECT signature, event_index, slot, pool, name, data FROM events \
             WHERE ($1 = '' OR pool = $2) ORDER BY slot, tx_order, event_index \
             LIMIT $3 OFFSET $4",
        )
        .bind(pool.unwrap_or(""))
        .bind(pool.unwrap_or(""))
        .bind(limit as i64)
        .bind(after as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .enumerate()
            .map(|(i, r)| {
                let data: String = r.try_get("data")?;
                Ok(EventRow {
                    id: after + i as u64 + 1,
                    signature: r.try_get("signature")?,
                    event_index: r.try_get::<i64, _>("event_index")? as u64,
                    slot: r.try_get::<i64, _>("slot")? as u64,
                    pool: r.try_get("pool")?,
                    name: r.try_get("name")?,
                    data: serde_json::from_str(&data)?,
                })
            })
            .collect()
    }

    /// `(transactions, events)` stored.
    pub async fn counts(&self) -> Result<(u64, u64)> {
        let t: i64 = sqlx::query("SELECT COUNT(*) AS n FROM transactions")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let e: i64 = sqlx::query("SELECT COUNT(*) AS n FROM events")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        Ok((t as u64, e as u64))
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EventRow {
    pub id: u64,
    pub signature: String,
    pub event_index: u64,
    pub slot: u64,
    pub pool: String,
    pub name: String,
    pub data: serde_json::Value,
}

/// Rows per multi-row `INSERT` (8 values a row: well under SQLite's 32,766 and
/// PostgreSQL's 65,535 bound parameters).
const ROWS_PER_INSERT: usize = 500;

/// `INSERT INTO {table} VALUES (…), (…)`: `rows` rows of `columns` parameters, `$1, $2, …`
/// for PostgreSQL and `?` for SQLite (which looks each `$n` up by name, in a list: quadratic
/// in a statement of thousands).
fn insert_sql(table: &str, columns: usize, rows: usize, backend: &str) -> String {
    let mut sql = format!("INSERT INTO {table} VALUES ");
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            if backend == "postgres" {
                sql.push_str(&format!("${}", r * columns + c + 1));
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn multi_row_inserts_number_every_value() {
        assert_eq!(
            super::insert_sql("t (a, b)", 2, 3, "postgres"),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6)"
        );
        assert_eq!(
            super::insert_sql("t (a)", 1, 2, "sqlite"),
            "INSERT INTO t (a) VALUES (?), (?)"
        );
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            super::redact("postgres://idx:secret@127.0.0.1:5432/db"),
            "postgres://idx:***@127.0.0.1:5432/db"
        );
        assert_eq!(super::redact("sqlite:index.db"), "sqlite:index.db");
    }
}
