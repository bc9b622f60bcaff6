//! "Who bore the loss": what the LPs who ran, the LPs who stayed and the insurance stakers
//! each ended with, measured from token balances and the chain's books after the last step.
//!
//! An LP's result is `value out + value held at the end − value in`: value in is its
//! deposit, value out the base tokens it redeemed (its wallet, which the deposit emptied),
//! value held its remaining LP shares at the exit price (`Pool::exit_lp_assets`, rounded
//! down like a redemption). Only LPs holding shares when the loss became visible (the first
//! step a position was underwater at true prices, or marked) count; a group's loss is the
//! sum of its members' `in − (out + held)` over the sum of their `in`, in bps.

/// One group of LPs (base units).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LpGroup {
    pub lps: u32,
    pub value_in: u128,
    pub value_out: u128,
    pub value_held: u128,
}

impl LpGroup {
    pub fn add(&mut self, value_in: u64, value_out: u64, value_held: u64) {
        self.lps += 1;
        self.value_in += value_in as u128;
        self.value_out += value_out as u128;
        self.value_held += value_held as u128;
    }

    /// `(in − out − held) / in` in bps (negative: the group gained); 0 for an empty group.
    pub fn loss_bps(&self) -> f64 {
        if self.value_in == 0 {
            return 0.0;
        }
        let lost = self.value_in as i128 - (self.value_out + self.value_held) as i128;
        lost as f64 * 1e4 / self.value_in as f64
    }
}

/// The staker agents together (base units); `stake_years` is Σ staked × years at risk
/// (from the stake to the payout, or to the end of the run).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StakerBook {
    pub stakers: u32,
    pub staked: u128,
    pub paid_out: u128,
    pub value_at_end: u128,
    pub stake_years: f64,
}

impl StakerBook {
    fn result(&self) -> i128 {
        (self.paid_out + self.value_at_end) as i128 - self.staked as i128
    }

    /// `max(0, staked − paid − value at the end)` in bps of staked.
    pub fn loss_bps(&self) -> f64 {
        if self.staked == 0 {
            return 0.0;
        }
        (-self.result()).max(0) as f64 * 1e4 / self.staked as f64
    }

    /// Simple annualised return: result / Σ staked × years at risk, in percent.
    pub fn apy_pct(&self) -> f64 {
        if self.stake_years <= 0.0 {
            return 0.0;
        }
        self.result() as f64 / self.stake_years * 100.0
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LossShare {
    pub marking: bool,
    /// The pool's `exit_delay_secs` (0: a stressed exit is paid at once).
    pub exit_delay_secs: u64,
    /// Step the loss became visible (None: it never did).
    pub visible_step: Option<u32>,
    pub ran: LpGroup,
    pub stayed: LpGroup,
    pub stakers: StakerBook,
    /// Insurance fund (ledger + pending) at the start, its low point and at the end.
    pub fund_start: u64,
    pub fund_min: u64,
    pub fund_end: u64,
    /// Mark transactions the keeper sent (and those that failed).
    pub marks: u64,
    pub marks_failed: u64,
    /// Runners' redemptions done / failed; stakers' transactions that failed.
    pub runs: u64,
    pub runs_failed: u64,
    pub stakers_failed: u64,
    /// Stakers' requests that lapsed past their payout window.
    pub staker_lapses: u64,
    pub recovery: Recovery,
}

/// A frozen pool's recovery: the steps it froze, was recapitalized and reopened, and the
/// amount given back to its LPs (base units).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recovery {
    pub frozen_step: Option<u32>,
    pub recapitalized_step: Option<u32>,
    pub recapitalized: u64,
    pub reopened_step: Option<u32>,
}

impl LossShare {
    /// Stayers' loss minus runners' loss, in bps: what running saved.
    pub fn running_saved_bps(&self) -> f64 {
        self.stayed.loss_bps() - self.ran.loss_bps()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_loss_is_the_sum_over_members_in_bps_of_their_deposits() {
        let mut g = LpGroup::default();
        assert_eq!(g.loss_bps(), 0.0);
        g.add(1_000_000, 0, 999_000); // stayed, lost 10 bps
        g.add(3_000_000, 3_000_600, 0); // ran with a 2 bps gain
        assert_eq!(g.lps, 2);
        // (4,000,000 − 3,999,600) / 4,000,000 = 1 bps
        assert!((g.loss_bps() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn staker_loss_and_apy_share_the_result() {
        let mut k = StakerBook {
            stakers: 2,
            staked: 2_000,
            paid_out: 900,
            value_at_end: 900,
            stake_years: 1_000.0,
        };
        // 200 of 2,000 lost: 1,000 bps; −200 over 1,000 unit-years: −20%
        assert!((k.loss_bps() - 1_000.0).abs() < 1e-9);
        assert!((k.apy_pct() + 20.0).abs() < 1e-9);
        k.value_at_end = 1_300;
        assert_eq!(k.loss_bps(), 0.0);
        assert!((k.apy_pct() - 20.0).abs() < 1e-9);
    }
}
