//! Every event of the IDL as JSON, decoded by the IDL's own type definitions: what the
//! indexer stores and the API serves. Integers of 64 bits and more become decimal strings
//! (a JavaScript number holds 53 bits), public keys base58, byte arrays hex.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The program's IDL, as committed (CI checks it is what the program's build produces).
const IDL: &str = include_str!("../../../idl/lending_pool.json");

pub struct IdlEvents {
    /// Event name by discriminator.
    events: HashMap<[u8; 8], String>,
    /// Type definition by name.
    types: HashMap<String, Value>,
}

impl IdlEvents {
    pub fn new() -> Result<Self> {
        Self::parse(IDL)
    }

    pub fn parse(idl: &str) -> Result<Self> {
        let idl: Value = serde_json::from_str(idl).context("IDL is JSON")?;
        let mut events = HashMap::new();
        for e in idl["events"].as_array().context("IDL events")? {
            let disc: Vec<u8> = serde_json::from_value(e["discriminator"].clone())?;
            let disc: [u8; 8] = disc
                .try_into()
                .map_err(|_| anyhow!("8-byte discriminator"))?;
            events.insert(disc, e["name"].as_str().context("event name")?.to_string());
        }
        let types = idl["types"]
            .as_array()
            .context("IDL types")?
            .iter()
            .filter_map(|t| Some((t["name"].as_str()?.to_string(), t["type"].clone())))
            .collect();
        Ok(Self { events, types })
    }

    pub fn event_names(&self) -> impl Iterator<Item = &str> {
        self.events.values().map(String::as_str)
    }

    /// `(name, fields)` of the event in `bytes` (discriminator first), every byte used.
    pub fn decode(&self, bytes: &[u8]) -> Result<(String, Value)> {
        let (disc, mut data) = bytes
            .split_at_checked(8)
            .context("event shorter than its discriminator")?;
        let name = self
            .events
            .get(disc)
            .with_context(|| format!("no event of the IDL has discriminator {disc:?}"))?;
        let ty = self
            .types
            .get(name)
            .with_context(|| format!("no type for event {name}"))?;
        let value = self.value(ty, &mut data)?;
        if !data.is_empty() {
            bail!("{name}: {} bytes left over", data.len());
        }
        Ok((name.clone(), value))
    }

    fn value(&self, ty: &Value, data: &mut &[u8]) -> Result<Value> {
        if let Some(prim) = ty.as_str() {
            return primitive(prim, data);
        }
        if let Some(kind) = ty.get("kind").and_then(Value::as_str) {
            return match kind {
                "struct" => {
                    let mut out = Map::new();
                    for f in ty["fields"].as_array().context("struct fields")? {
                        let name = f["name"].as_str().context("field name")?;
                        out.insert(name.to_string(), self.value(&f["type"], data)?);
                    }
                    Ok(Value::Object(out))
                }
                "enum" => {
                    let variant = take(data, 1)?[0] as usize;
                    let v = ty["variants"].get(variant).context("enum variant")?;
                    if v.get("fields").is_some() {
                        bail!("enum variants with fields are not used by this program");
                    }
                    Ok(json!(v["name"]))
                }
                other => bail!("type kind {other}"),
            };
        }
        if let Some(arr) = ty.get("array") {
            let (elem, n) = (&arr[0], arr[1].as_u64().context("array length")? as usize);
            if elem == "u8" {
                return Ok(json!(hex(take(data, n)?)));
            }
            return (0..n)
                .map(|_| self.value(elem, data))
                .collect::<Result<Vec<_>>>()
                .map(Value::Array);
        }
        if let Some(elem) = ty.get("vec") {
            let n = u32::from_le_bytes(take(data, 4)?.try_into()?) as usize;
            return (0..n)
                .map(|_| self.value(elem, data))
                .collect::<Result<Vec<_>>>()
                .map(Value::Array);
        }
        if let Some(inner) = ty.get("option") {
            return match take(data, 1)?[0] {
                0 => Ok(Value::Null),
                _ => self.value(inner, data),
            };
        }
        if let Some(name) = ty.get("defined").and_then(|d| d["name"].as_str()) {
            let def = self
                .types
                .get(name)
                .with_context(|| format!("no type {name}"))?;
            return self.value(def, data);
        }
        bail!("IDL type {ty}")
    }
}

fn take<'a>(data: &mut &'a [u8], n: usize) -> Result<&'a [u8]> {
    let (head, rest) = data.split_at_checked(n).context("event data ends early")?;
    *data = rest;
    Ok(head)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn primitive(name: &str, data: &mut &[u8]) -> Result<Value> {
    macro_rules! int {
        ($t:ty) => {{
            const N: usize = std::mem::size_of::<$t>();
            <$t>::from_le_bytes(take(data, N)?.try_into()?)
        }};
    }
    Ok(match name {
        "bool" => json!(take(data, 1)?[0] != 0),
        "u8" => json!(int!(u8)),
        "u16" => json!(int!(u16)),
        "u32" => json!(int!(u32)),
        "i8" => json!(int!(i8)),
        "i16" => json!(int!(i16)),
        "i32" => json!(int!(i32)),
        "u64" => json!(int!(u64).to_string()),
        "i64" => json!(int!(i64).to_string()),
        "u128" => json!(int!(u128).to_string()),
        "i128" => json!(int!(i128).to_string()),
        "pubkey" => json!(Pubkey::new_from_array(take(data, 32)?.try_into()?).to_string()),
        "string" => {
            let n = u32::from_le_bytes(take(data, 4)?.try_into()?) as usize;
            json!(std::str::from_utf8(take(data, n)?)?)
        }
        "bytes" => {
            let n = u32::from_le_bytes(take(data, 4)?.try_into()?) as usize;
            json!(hex(take(data, n)?))
        }
        other => bail!("IDL primitive {other}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::{prelude::Pubkey, Event};
    use lending_pool_sdk::{events::*, program_events::ProgramEvent, state::PoolConfig};

    #[test]
    fn every_event_of_the_program_is_in_the_idl() {
        let idl = IdlEvents::new().unwrap();
        let mut names: Vec<&str> = idl.event_names().collect();
        names.sort();
        let mut ours = ProgramEvent::NAMES.to_vec();
        ours.sort();
        assert_eq!(names, ours);
    }

    #[test]
    fn decodes_nested_structs_and_wide_integers_exactly() {
        let idl = IdlEvents::new().unwrap();
        let pool = Pubkey::new_unique();
        let e = ConfigUpdated {
            pool,
            admin: Pubkey::new_unique(),
            before: PoolConfig::example(),
            after: PoolConfig {
                deposit_cap: u64::MAX,
                ..PoolConfig::example()
            },
            slot: 7,
            timestamp: -1,
        };
        let (name, v) = idl.decode(&e.data()).unwrap();
        assert_eq!(name, "ConfigUpdated");
        assert_eq!(v["pool"], json!(pool.to_string()));
        assert_eq!(v["after"]["deposit_cap"], json!(u64::MAX.to_string()));
        assert_eq!(v["timestamp"], json!("-1"));
        let accrued = InterestAccrued {
            pool,
            dt: 1,
            utilization_wad: u128::MAX,
            rate_wad: 2,
            index_before: 3,
            index_after: 4,
            total_debt_before: 5,
            total_debt_after: 6,
            to_insurance: 7,
            insurance_pending_after: 8,
            insurance_remainder_wad: 9,
            marked_shortfall_before: 11,
            marked_shortfall_after: 12,
            timestamp: 10,
        };
        let (_, v) = idl.decode(&accrued.data()).unwrap();
        assert_eq!(v["utilization_wad"], json!(u128::MAX.to_string()));
        // truncated and padded payloads are refused
        let bytes = accrued.data();
        assert!(idl.decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(idl.decode(&[&bytes[..], &[0]].concat()).is_err());
    }
}
