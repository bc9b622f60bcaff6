//! A grid point's scenario: the base scenario's TOML with each parameter's value set at its
//! path, then read and validated like a scenario file (so a misspelt field is an error).
//!
//! A path is dotted: table keys, and for arrays of tables an index or the entry's `name`
//! (`collateral.SOL.ltv_bps` = `collateral.0.ltv_bps` when SOL is the first). A key absent
//! from a table is added (`pool.config.exit_delay_secs`). One path is no field:
//! `shock_scale` multiplies every shock's log return, `(1 + r)^k − 1` (1 = as in the file,
//! 2 = twice as deep in logs: −40% becomes −64%), after the other parameters are set.
use crate::scenario::Scenario;
use std::path::Path;
use toml::Value;

/// The pseudo-parameter that scales the shocks.
pub const SHOCK_SCALE: &str = "shock_scale";

/// `base` with `values[i]` at `paths[i]`, as a scenario (relative files from `base_dir`).
pub fn scenario_at(
    base: &toml::Table,
    base_dir: &Path,
    settings: &[(&str, &Value)],
) -> Result<Scenario, String> {
    let mut doc = Value::Table(base.clone());
    for (path, value) in settings.iter().filter(|(p, _)| *p != SHOCK_SCALE) {
        set(&mut doc, path, (*value).clone()).map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some((_, k)) = settings.iter().find(|(p, _)| *p == SHOCK_SCALE) {
        let k = k
            .as_float()
            .or(k.as_integer().map(|i| i as f64))
            .unwrap_or(1.0);
        scale_shocks(&mut doc, k)?;
    }
    Scenario::from_value(doc, base_dir).map_err(|e| {
        let at: Vec<String> = settings.iter().map(|(p, v)| format!("{p} = {v}")).collect();
        format!("{}: {e}", at.join(", "))
    })
}

/// Sets `value` at the dotted `path` of `doc`.
pub fn set(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let segments: Vec<&str> = path.split('.').collect();
    let (last, parents) = segments.split_last().ok_or("empty path")?;
    let mut at = doc;
    for seg in parents {
        at = child(at, seg, true)?;
    }
    match at {
        Value::Table(t) => {
            t.insert(last.to_string(), value);
            Ok(())
        }
        Value::Array(_) => {
            *child(at, last, false)? = value;
            Ok(())
        }
        _ => Err(format!("{last}: its parent is a value, not a table")),
    }
}

/// `seg` under `at`: a table's key (added as a table when `create`), or an array's entry
/// by index or by its `name`.
fn child<'a>(at: &'a mut Value, seg: &str, create: bool) -> Result<&'a mut Value, String> {
    match at {
        Value::Table(t) => {
            if create && !t.contains_key(seg) {
                t.insert(seg.to_string(), Value::Table(toml::Table::new()));
            }
            t.get_mut(seg).ok_or(format!("no key {seg}"))
        }
        Value::Array(a) => {
            let len = a.len();
            let i = match seg.parse::<usize>() {
                Ok(i) => i,
                Err(_) => (a.iter())
                    .position(|v| v.get("name").and_then(Value::as_str) == Some(seg))
                    .ok_or(format!("no entry named {seg}"))?,
            };
            a.get_mut(i).ok_or(format!("index {i} of {len} entries"))
        }
        _ => Err(format!("{seg}: its parent is a value, not a table")),
    }
}

/// Every `[[shock]]`'s `total_return` r as `(1 + r)^k − 1`.
fn scale_shocks(doc: &mut Value, k: f64) -> Result<(), String> {
    if !(k.is_finite() && k >= 0.0) {
        return Err(format!("{SHOCK_SCALE} must be >= 0, not {k}"));
    }
    let shocks = doc.get_mut("shock").and_then(Value::as_array_mut);
    for s in shocks.into_iter().flatten() {
        let r = s.get("total_return").and_then(Value::as_float);
        let r = r.ok_or("a shock's total_return is not a float")?;
        s["total_return"] = Value::Float((1.0 + r).powf(k) - 1.0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> (toml::Table, std::path::PathBuf) {
        let path = lending_pool_sdk::checkout::workspace_root().join("scenarios");
        let text = std::fs::read_to_string(path.join("crash-40pct-1h.toml")).unwrap();
        (toml::from_str(&text).unwrap(), path)
    }

    #[test]
    fn values_land_at_their_paths() {
        let (b, dir) = base();
        let (bonus, ins, delay) = (Value::Integer(300), Value::Float(0.0), Value::Integer(60));
        let s = scenario_at(
            &b,
            &dir,
            &[
                ("collateral.SOL.liquidation_bonus_bps", &bonus),
                ("pool.insurance", &ins),
                ("pool.config.exit_delay_secs", &delay),
                ("shock.1.duration_steps", &Value::Integer(3)),
            ],
        )
        .unwrap();
        assert_eq!(s.collateral[0].liquidation_bonus_bps, 300);
        assert_eq!(s.pool.insurance, 0.0);
        assert_eq!(s.pool.config.exit_delay_secs, Some(60));
        assert_eq!(s.shock[1].duration_steps, 3);
        // untouched: the rest of the file
        assert_eq!(s.pool.config.unstake_cooldown_secs, Some(7200));
        assert_eq!(s.borrowers.count, 300);
    }

    #[test]
    fn the_shock_scale_deepens_every_shock_in_logs() {
        let (b, dir) = base();
        let one = scenario_at(&b, &dir, &[(SHOCK_SCALE, &Value::Float(1.0))]).unwrap();
        assert_eq!(one.shock[0].total_return, -0.25);
        let two = scenario_at(&b, &dir, &[(SHOCK_SCALE, &Value::Integer(2))]).unwrap();
        // 0.75² · 0.8² = 0.36: the 40% fall becomes 64%
        let left: f64 = two.shock.iter().map(|k| 1.0 + k.total_return).product();
        assert!((left - 0.36).abs() < 1e-12);
    }

    #[test]
    fn a_wrong_path_or_value_is_named() {
        let (b, dir) = base();
        let err = |p: &str, v: Value| scenario_at(&b, &dir, &[(p, &v)]).unwrap_err();
        assert!(err("collateral.BTC.ltv_bps", Value::Integer(1)).contains("no entry named BTC"));
        assert!(err("collateral.3.ltv_bps", Value::Integer(1)).contains("index 3"));
        assert!(err("pool.config.exit_delay", Value::Integer(1)).contains("exit_delay"));
        assert!(err("collateral.SOL.ltv_bps", Value::Float(0.5)).contains("ltv_bps"));
        assert!(err("steps.x", Value::Integer(1)).contains("not a table"));
    }
}
