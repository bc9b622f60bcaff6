//! Insurance shares (`docs/SPEC.md`, "Insurance stakers"), with the LP shares' 1:1 virtual
//! offset (`math/shares.rs`, same rounding: shares minted down, assets paid down). Each side
//! takes the price that favours the fund: stakes buy at its gross value, requests are valued
//! net of the marked shortfall it would cover. (Buying at the net price would let a stake
//! into a fund marked down to nearly nothing mint almost every share for a few units, and
//! take the fund when the marks are released.) Settlements lower every share's value by
//! what the fund paid, cooldown shares included; income raises it.
use super::InsuranceFund;
use crate::{
    constants::DUST_FUND_SHARES_PER_UNIT,
    errors::LendingError,
    math::{add_u64, mul_div_down, sub_u64, to_assets_down, to_shares_down, to_u64},
    state::InsuranceStake,
};
use anchor_lang::prelude::*;

/// What the insurance shares are worth: `gross` = the fund's ledger balance plus the pool's
/// `insurance_pending`; `covered` = the part of the pool's marked shortfall it would pay
/// (`min(marked_shortfall, gross)`). Shares trade at `net = gross − covered`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, AnchorSerialize, AnchorDeserialize)]
pub struct FundValue {
    pub gross: u64,
    pub covered: u64,
}

impl FundValue {
    pub fn net(&self) -> u64 {
        self.gross - self.covered
    }
}

/// A stake as booked: base units in, shares minted (and the protocol's, minted first when the
/// fund held value before its first share).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StakeFlow {
    pub amount: u64,
    pub shares: u64,
    pub protocol_shares_minted: u64,
}

/// A cancelled request: shares back to free, minus those burnt so the staker earns nothing
/// from the cooldown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelledUnstake {
    pub shares: u64,
    pub shares_burnt: u64,
    pub value_at_request: u64,
    pub value_now: u64,
}

/// A paid request: `paid = min(value_at_request, value_now)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnstakePayout {
    pub shares: u64,
    pub value_at_request: u64,
    pub value_now: u64,
    pub paid: u64,
}

impl InsuranceFund {
    /// Runs `f` on copies of the fund and the stake and writes them back only if it
    /// succeeds: a refused call leaves both as they were (`sync_stake` and the bookings
    /// write before their last check).
    fn atomically<T>(
        &mut self,
        st: &mut InsuranceStake,
        f: impl FnOnce(&mut Self, &mut InsuranceStake) -> Result<T>,
    ) -> Result<T> {
        let (mut fund, mut stake) = (*self, *st);
        let out = f(&mut fund, &mut stake)?;
        (*self, *st) = (fund, stake);
        Ok(out)
    }

    /// Brings `st` into the current share epoch: shares of an emptied fund are worth nothing.
    pub fn sync_stake(&self, st: &mut InsuranceStake) {
        if st.share_epoch != self.share_epoch {
            st.share_epoch = self.share_epoch;
            st.shares = 0;
            st.cooldown_shares = 0;
            st.cooldown_value = 0;
            st.cooldown_end_ts = 0;
        }
    }

    /// Books a stake of `amount` at `value.gross` (before the tokens arrive).
    pub fn stake(
        &mut self,
        st: &mut InsuranceStake,
        amount: u64,
        value: FundValue,
        min_shares_out: u64,
    ) -> Result<StakeFlow> {
        self.atomically(st, |f, st| f.book_stake(st, amount, value, min_shares_out))
    }

    fn book_stake(
        &mut self,
        st: &mut InsuranceStake,
        amount: u64,
        value: FundValue,
        min_shares_out: u64,
    ) -> Result<StakeFlow> {
        require!(amount > 0, LendingError::ZeroAmount);
        self.sync_stake(st);
        let gross = value.gross;
        // the protocol owns what the fund held before its first share
        let protocol_shares_minted = if self.total_shares == 0 { gross } else { 0 };
        let total = self.total_shares + protocol_shares_minted;
        let shares = to_shares_down(amount, gross, total)
            .ok()
            .filter(|&s| total.checked_add(s).is_some())
            .ok_or(LendingError::InsuranceSharesOverflow)?;
        require!(shares > 0, LendingError::ZeroSharesMinted);
        require!(shares >= min_shares_out, LendingError::SharesBelowMinimum);
        self.protocol_shares = add_u64(self.protocol_shares, protocol_shares_minted)?;
        self.total_shares = total + shares;
        self.total_staked_in = add_u64(self.total_staked_in, amount)?;
        st.shares = add_u64(st.shares, shares)?;
        st.total_staked = add_u64(st.total_staked, amount)?;
        Ok(StakeFlow {
            amount,
            shares,
            protocol_shares_minted,
        })
    }

    /// Fixes `shares` for an unstake at their value now (net of covered marks, rounded down)
    /// and starts the cooldown; refused below `min_value` (the staker's bound against a
    /// valuation under a stale mark, which would hold for good). Returns that value.
    pub fn request_unstake(
        &mut self,
        st: &mut InsuranceStake,
        shares: u64,
        value: FundValue,
        now: i64,
        cooldown_secs: u64,
        min_value: u64,
    ) -> Result<u64> {
        self.atomically(st, |f, st| {
            f.book_request(st, shares, value, now, cooldown_secs, min_value)
        })
    }

    fn book_request(
        &mut self,
        st: &mut InsuranceStake,
        shares: u64,
        value: FundValue,
        now: i64,
        cooldown_secs: u64,
        min_value: u64,
    ) -> Result<u64> {
        require!(shares > 0, LendingError::ZeroAmount);
        self.sync_stake(st);
        require!(
            st.cooldown_shares == 0,
            LendingError::UnstakeAlreadyRequested
        );
        require!(shares <= st.shares, LendingError::InsufficientStakeShares);
        let worth = to_assets_down(shares, value.net(), self.total_shares)?;
        require!(worth >= min_value, LendingError::UnstakeValueBelowMinimum);
        let end = i64::try_from(cooldown_secs)
            .ok()
            .and_then(|c| now.checked_add(c))
            .ok_or(LendingError::MathOverflow)?;
        st.cooldown_shares = shares;
        st.cooldown_value = worth;
        st.cooldown_end_ts = end;
        self.cooldown_shares = add_u64(self.cooldown_shares, shares)?;
        Ok(worth)
    }

    /// Returns the pending request's shares to the staker. If they gained value during the
    /// cooldown, the shares that gain would buy are burnt (left to the other shares): kept
    /// `k` is the most with `k × (N + 1) / (S + 1 − burnt) ≤ value_at_request`.
    pub fn cancel_unstake(
        &mut self,
        st: &mut InsuranceStake,
        value: FundValue,
    ) -> Result<CancelledUnstake> {
        self.atomically(st, |f, st| f.book_cancel(st, value))
    }

    fn book_cancel(
        &mut self,
        st: &mut InsuranceStake,
        value: FundValue,
    ) -> Result<CancelledUnstake> {
        self.sync_stake(st);
        let p = st.cooldown_shares;
        require!(p > 0, LendingError::NoUnstakeRequest);
        let (v, net) = (st.cooldown_value, value.net());
        let value_now = to_assets_down(p, net, self.total_shares)?;
        let kept = if value_now <= v {
            p
        } else {
            // value_now > v implies net + 1 > v; S + 1 − p ≥ 1
            let k = mul_div_down(
                v as u128,
                (self.total_shares - p) as u128 + 1,
                (net - v) as u128 + 1,
            )?;
            to_u64(k.min(p as u128))?
        };
        let shares_burnt = p - kept;
        st.shares = sub_u64(st.shares, shares_burnt)?;
        self.total_shares = sub_u64(self.total_shares, shares_burnt)?;
        self.cooldown_shares = sub_u64(self.cooldown_shares, p)?;
        (st.cooldown_shares, st.cooldown_value, st.cooldown_end_ts) = (0, 0, 0);
        Ok(CancelledUnstake {
            shares: p,
            shares_burnt,
            value_at_request: v,
            value_now,
        })
    }

    /// Pays a request whose cooldown has ended, within `window_secs` after it: burns its
    /// shares for `min(value_at_request, value_now)`. Later the request has lapsed (a
    /// request made long ago is no free option to leave at par when a loss appears): it can
    /// only be cancelled. The caller moves `paid` out of the vault.
    pub fn unstake(
        &mut self,
        st: &mut InsuranceStake,
        value: FundValue,
        now: i64,
        window_secs: u64,
    ) -> Result<UnstakePayout> {
        self.atomically(st, |f, st| f.book_unstake(st, value, now, window_secs))
    }

    fn book_unstake(
        &mut self,
        st: &mut InsuranceStake,
        value: FundValue,
        now: i64,
        window_secs: u64,
    ) -> Result<UnstakePayout> {
        self.sync_stake(st);
        let p = st.cooldown_shares;
        require!(p > 0, LendingError::NoUnstakeRequest);
        require!(
            now >= st.cooldown_end_ts,
            LendingError::UnstakeCooldownActive
        );
        require!(
            now <= window_end(st.cooldown_end_ts, window_secs),
            LendingError::UnstakeWindowExpired
        );
        let value_now = to_assets_down(p, value.net(), self.total_shares)?;
        let paid = value_now.min(st.cooldown_value);
        require!(
            paid <= self.balance()?,
            LendingError::InsufficientInsuranceLiquidity
        );
        let out = UnstakePayout {
            shares: p,
            value_at_request: st.cooldown_value,
            value_now,
            paid,
        };
        st.shares = sub_u64(st.shares, p)?;
        self.total_shares = sub_u64(self.total_shares, p)?;
        self.cooldown_shares = sub_u64(self.cooldown_shares, p)?;
        self.total_unstaked_out = add_u64(self.total_unstaked_out, paid)?;
        st.total_unstaked = add_u64(st.total_unstaked, paid)?;
        (st.cooldown_shares, st.cooldown_value, st.cooldown_end_ts) = (0, 0, 0);
        Ok(out)
    }

    /// Refuses to close `st` while it holds shares of the current epoch or a request.
    pub fn require_closable(&self, st: &InsuranceStake) -> Result<()> {
        let current = st.share_epoch == self.share_epoch;
        require!(
            !current || (st.shares == 0 && st.cooldown_shares == 0),
            LendingError::StakeNotEmpty
        );
        Ok(())
    }

    /// After a settlement: if it left the fund worth less than one base unit per
    /// `DUST_FUND_SHARES_PER_UNIT` shares (its ledger plus the pool's pending claim; an empty
    /// fund too), every share is worth nothing; a new epoch starts with no shares (a stake
    /// into such a fund would mint more shares than a u64 holds). The dust stays in the fund,
    /// the protocol's at the next stake. Returns whether it did.
    pub fn reset_shares_if_dust(&mut self, insurance_pending: u64) -> Result<bool> {
        let value = add_u64(self.balance()?, insurance_pending)? as u128;
        if self.total_shares == 0
            || value * DUST_FUND_SHARES_PER_UNIT as u128 >= self.total_shares as u128
        {
            return Ok(false);
        }
        self.share_epoch += 1;
        (
            self.total_shares,
            self.protocol_shares,
            self.cooldown_shares,
        ) = (0, 0, 0);
        Ok(true)
    }
}

/// The last moment a request whose cooldown ends at `cooldown_end_ts` is payable.
pub fn window_end(cooldown_end_ts: i64, window_secs: u64) -> i64 {
    cooldown_end_ts.saturating_add(i64::try_from(window_secs).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests;
