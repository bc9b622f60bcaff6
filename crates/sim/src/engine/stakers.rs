//! Insurance stakers as agents. Each stakes its deposit once the fund's recent yield (its
//! income over the staker's window, annualised, per unit of the fund's net value) beats its
//! threshold and nothing is wrong; asks to unstake all its shares when it sees trouble; and
//! unstakes when the pool's cooldown has passed (retrying while the vault cannot pay), or a
//! set number of steps later; a request left past the pool's payout window lapses, and the
//! staker cancels it (its shares stay at risk) and asks again at the next sign of trouble.
//! Shares in cooldown stay slashable: a staker cannot flee a loss it sees coming, nor hold a
//! matured request as an option to leave at par later.
use super::{signals::Signals, Simulation};
use crate::{loss_share::StakerBook, scenario::StakerSettings};
use lending_pool_sdk::{
    constants::SECONDS_PER_YEAR,
    decode_zero_copy, ix,
    math::to_assets_down,
    pda,
    state::{window_end, InsuranceFund, InsuranceStake, Pool},
};
use lending_pool_testkit::{Bank, PoolFixture, Signer, TestKeypair, User};

/// A staker's move this step.
#[derive(Clone, Copy)]
enum Act {
    Stake(u64),
    Request(u64),
    Unstake,
    /// The request lapsed (its window passed): take the shares back.
    Cancel,
}

pub(super) struct SimStaker {
    user: User,
    cfg: StakerSettings,
    /// When it staked and when it was paid out (unix seconds).
    staked_at: Option<i64>,
    paid_at: Option<i64>,
    requested: bool,
}

/// Stakers' accounts: base tokens for the deposit, lamports for the stake account's rent.
pub(super) async fn open_stakers(
    cfgs: &[StakerSettings],
    bank: &mut Bank,
    fx: &PoolFixture,
    unit: f64,
) -> Vec<SimStaker> {
    let mut out = vec![];
    for cfg in cfgs {
        let user = fx.user(bank, (cfg.deposit * unit).round() as u64).await;
        bank.airdrop(&user.key.pubkey(), 100_000_000).await;
        let open = ix::open_stake(&fx.addrs.pool, &user.key.pubkey());
        bank.ok(&[open], &[&user.key]).await;
        out.push(SimStaker {
            user,
            cfg: cfg.clone(),
            staked_at: None,
            paid_at: None,
            requested: false,
        });
    }
    out
}

/// What `st` is worth now: free shares at the fund's net value, plus a pending request at
/// the lower of its value at the request and now (what `unstake` would pay); nothing when
/// a settlement emptied the fund since (another share epoch).
fn stake_value(pool: &Pool, fund: &InsuranceFund, st: &InsuranceStake) -> u64 {
    if st.share_epoch != fund.share_epoch {
        return 0;
    }
    let Ok(value) = fund.balance().and_then(|b| pool.insurance_value(b)) else {
        return 0;
    };
    let at = |shares| to_assets_down(shares, value.net(), fund.total_shares).unwrap_or(0);
    let free = st.shares - st.cooldown_shares;
    at(free) + at(st.cooldown_shares).min(st.cooldown_value)
}

/// Income the fund has booked so far: interest (swept or pending) and liquidation fees.
fn fund_income(pool: &Pool, fund: &InsuranceFund) -> u64 {
    fund.total_interest_in + fund.total_fees_in + pool.insurance_pending
}

impl Simulation<'_> {
    async fn stake_account(&mut self, i: usize) -> InsuranceStake {
        let key = pda::stake(&self.fx.addrs.pool, &self.stakers[i].user.key.pubkey());
        let data = self.bank.account_data(&key).await.expect("stake account");
        decode_zero_copy(&data).expect("stake decodes")
    }

    /// The fund's annualised yield over the last `window` steps, per unit of net value.
    fn fund_yield(&self, window: u32, net: u64) -> f64 {
        let n = self.fund_income.len();
        let (Some(&now), false) = (self.fund_income.last(), net == 0) else {
            return 0.0;
        };
        let back = (window as usize).min(n - 1);
        if back == 0 {
            return 0.0;
        }
        let then = self.fund_income[n - 1 - back];
        let secs = back as f64 * self.s.step_secs as f64;
        (now - then) as f64 / net as f64 * SECONDS_PER_YEAR as f64 / secs
    }

    pub(super) async fn stakers_act(&mut self, now: i64, sig: &Signals) {
        let pool = self.fx.pool(&mut self.bank).await;
        let fund = self.fx.insurance(&mut self.bank).await;
        self.fund_income.push(fund_income(&pool, &fund));
        let mut net = fund
            .balance()
            .and_then(|b| pool.insurance_value(b))
            .map_or(0, |v| v.net());
        for i in 0..self.stakers.len() {
            let st = self.stake_account(i).await;
            let k = &mut self.stakers[i];
            if k.staked_at.is_some() && k.paid_at.is_none() && st.share_epoch != fund.share_epoch {
                // a settlement emptied the fund: these shares are worth nothing now
                k.paid_at = Some(now);
                continue;
            }
            let k = &self.stakers[i];
            let act = if k.paid_at.is_some() {
                None
            } else if k.requested {
                let window = pool.config.unstake_window_secs;
                let pay_at =
                    st.cooldown_end_ts + k.cfg.pays_after_steps as i64 * self.s.step_secs as i64;
                if now > window_end(st.cooldown_end_ts, window) {
                    Some(Act::Cancel)
                } else {
                    (now >= pay_at).then_some(Act::Unstake)
                }
            } else if k.staked_at.is_some() {
                (st.shares > 0 && sig.trouble(k.cfg.unstake_on_drop))
                    .then_some(Act::Request(st.shares))
            } else {
                let attractive = self.fund_yield(k.cfg.yield_window_steps, net) >= k.cfg.min_apy;
                let calm = !sig.trouble(k.cfg.unstake_on_drop);
                let wallet = self.bank.token_balance(&k.user.base).await;
                (attractive && calm && wallet > 0).then_some(Act::Stake(wallet))
            };
            let Some(act) = act else { continue };
            let (owner, base) = (k.user.key.pubkey(), k.user.base);
            let a = &self.fx.addrs;
            let ix = match act {
                Act::Stake(amount) => ix::stake(a, &owner, &base, amount, 0),
                Act::Request(shares) => ix::request_unstake(a, &owner, shares, 0),
                Act::Unstake => ix::unstake(a, &owner, &base),
                Act::Cancel => ix::cancel_unstake(a, &owner),
            };
            let key: TestKeypair = k.user.key.insecure_clone();
            if self.bank.process(&[ix], &[&key]).await.is_err() {
                self.tally.staker_failures += 1;
                continue;
            }
            let k = &mut self.stakers[i];
            match act {
                Act::Stake(amount) => {
                    k.staked_at = Some(now);
                    // the next staker's yield is measured against the fund with this stake
                    net = net.saturating_add(amount);
                }
                Act::Request(_) => k.requested = true,
                Act::Unstake => k.paid_at = Some(now),
                Act::Cancel => {
                    k.requested = false;
                    self.tally.staker_lapses += 1;
                }
            }
        }
    }

    /// The stakers together at `end`: staked, paid out, worth now, and capital × years at risk.
    pub(super) async fn staker_book(&mut self, end: i64) -> StakerBook {
        let pool = self.fx.pool(&mut self.bank).await;
        let fund = self.fx.insurance(&mut self.bank).await;
        let mut book = StakerBook::default();
        for i in 0..self.stakers.len() {
            let Some(from) = self.stakers[i].staked_at else {
                continue;
            };
            let st = self.stake_account(i).await;
            let to = self.stakers[i].paid_at.unwrap_or(end);
            book.stakers += 1;
            book.staked += st.total_staked as u128;
            book.paid_out += st.total_unstaked as u128;
            book.value_at_end += stake_value(&pool, &fund, &st) as u128;
            book.stake_years +=
                st.total_staked as f64 * (to - from) as f64 / SECONDS_PER_YEAR as f64;
        }
        book
    }
}
