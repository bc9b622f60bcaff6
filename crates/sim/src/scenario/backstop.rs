//! Who stands behind the LPs in a scenario: the insurance stakers, and a donor who
//! recapitalizes a pool that froze.
use serde::Deserialize;

/// An insurance staker: stakes `deposit` once the fund's recent yield beats `min_apy`, asks
/// to unstake everything when it sees trouble, and unstakes when the pool's cooldown ends
/// (or `pays_after_steps` later, if its window is still open).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakerSettings {
    /// Whole base tokens staked.
    pub deposit: f64,
    /// Annual yield (0.2 = 20%) the fund's income over the last `yield_window_steps` must
    /// beat, per unit of the fund's value, before this staker stakes.
    pub min_apy: f64,
    #[serde(default = "default_yield_window")]
    pub yield_window_steps: u32,
    /// Trouble: a position underwater at true prices, a marked shortfall, or a collateral
    /// price this far (0.1 = 10%) below its start.
    pub unstake_on_drop: f64,
    /// Steps it waits once its cooldown has ended before it asks to be paid (0: at once). A
    /// request left longer than the pool's `unstake_window_secs` lapses: the staker then
    /// cancels it and asks again at the next sign of trouble, with a new cooldown.
    #[serde(default)]
    pub pays_after_steps: u32,
}

/// A donor (a treasury, a backstop fund) who recapitalizes a frozen pool `delay_steps` after
/// it froze with `share` (1.0 = all) of what the LPs lost in settlements, and the guardian
/// who then reopens it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverySettings {
    #[serde(default)]
    pub delay_steps: u32,
    #[serde(default = "default_recovery_share")]
    pub share: f64,
}

fn default_recovery_share() -> f64 {
    1.0
}

fn default_yield_window() -> u32 {
    12
}
