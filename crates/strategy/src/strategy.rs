//! What to do with one position: leave it, liquidate it (which slot, how much), or settle it.
use bytemuck::Zeroable;
use lending_pool_sdk::{
    constants::BPS,
    lending_pool::oracle::PriceUpdate,
    math::{
        amount_for_value_down, value_wad_down, value_wad_up, OraclePrice, PositionHealth,
        PriceMode, Prices,
    },
    prices,
    state::{InsuranceFund, LiquidationOutcome, LiquidationRequest, Pool, Position},
};

/// The prices a decision is taken at, validated the way the program validates them for a
/// liquidation (spot mode: feed, verification, age, positive price), in the program's own
/// slot-indexed shape. A price that is missing or would be rejected on-chain is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Market {
    pub now: i64,
    pub prices: Prices,
}

impl Market {
    /// Validates raw price updates (the base asset's, then one per collateral slot, by slot)
    /// against the pool's feeds and limits at `now` (`lending_pool_sdk::prices::from_updates`).
    pub fn from_updates(
        pool: &Pool,
        now: i64,
        base: Option<&PriceUpdate>,
        collateral: &[Option<PriceUpdate>],
    ) -> Self {
        Market {
            now,
            prices: prices::from_updates(pool, now, base, collateral, PriceMode::Spot),
        }
    }
}

/// The bot's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StrategyConfig {
    /// The most base units one liquidation may repay (the bot's inventory per transaction;
    /// it also pays the fee on top, see `budget_for_balance`).
    pub max_repay: u64,
    /// Skip liquidations whose profit (WAD quote units) is below this (transaction costs).
    pub min_profit_wad: u128,
    /// How far the collateral paid out may fall short of the plan before the transaction
    /// should fail instead (`min_collateral_out`), in bps.
    pub slippage_bps: u16,
}

impl Default for StrategyConfig {
    fn default() -> Self {
        Self {
            max_repay: u64::MAX,
            min_profit_wad: 0,
            slippage_bps: 50,
        }
    }
}

/// The largest repayment a bot holding `balance` base units can afford when it also pays a
/// fee of `fee_bps` on top (`repay + fee ≤ balance`, the fee rounded up).
pub fn budget_for_balance(balance: u64, fee_bps: u16) -> u64 {
    let bps = BPS as u128;
    let r = (balance as u128 * bps / (bps + fee_bps as u128)) as u64;
    // the fee rounds up: step down until it fits
    (0..=2u64)
        .map(|k| r.saturating_sub(k))
        .find(|&r| {
            let fee = (r as u128 * fee_bps as u128).div_ceil(bps);
            r as u128 + fee <= balance as u128
        })
        .unwrap_or(0)
}

/// One liquidation the program will accept at the market's prices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiquidationPlan {
    pub slot: u8,
    /// What to pass as `repay_amount` (the program repays exactly this).
    pub repay: u64,
    /// Collateral the program pays out at the planned prices.
    pub collateral_out: u64,
    /// Base units paid on top into the insurance fund.
    pub fee: u64,
    /// `collateral_out` less the slippage tolerance.
    pub min_collateral_out: u64,
    /// Value received minus value paid (repay + fee), WAD quote units at spot.
    pub profit_wad: i128,
    pub health_before_wad: u128,
    pub health_after_wad: u128,
    /// The liquidation empties the position's collateral with debt left: the program settles
    /// the rest through the loss waterfall in the same transaction.
    pub settles_bad_debt: bool,
}

/// The decision for one position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Nothing owed and nothing held.
    Empty,
    /// Not liquidatable at spot prices.
    Healthy {
        health_wad: u128,
    },
    /// Debt with no collateral left: `settle_bad_debt` runs the waterfall (permissionless).
    Settle {
        debt: u64,
    },
    Liquidate(LiquidationPlan),
    /// Liquidatable but not underwater, and the best plan earns less than `min_profit_wad`
    /// (an underwater position is liquidated whatever it earns, see `decide`).
    Unprofitable {
        best_profit_wad: i128,
    },
    /// Underwater, and every liquidation the program accepts repays more than `max_repay`
    /// (it may only take whole slots); the best one repays `repay`, plus its fee.
    OverBudget {
        repay: u64,
    },
    /// Liquidatable, but no liquidation passes the program's checks (e.g. paused).
    Blocked,
    /// A price the decision needs is missing or would be rejected on-chain (stale, wrong feed).
    MissingPrice,
}

/// Decides what to do with `pos` at `market`, as the program would see it after accruing
/// interest to `market.now`.
pub fn decide(pool: &Pool, pos: &Position, market: &Market, cfg: &StrategyConfig) -> Decision {
    if pos.is_empty() {
        return Decision::Empty;
    }
    let mut pool = *pool;
    if pool.accrue_interest(market.now).is_err() {
        return Decision::Blocked;
    }
    let Ok(debt) = pos.debt(pool.borrow_index.get()) else {
        return Decision::Blocked;
    };
    if !pos.has_collateral() {
        return Decision::Settle { debt };
    }
    let Some(base) = market.prices.base else {
        return Decision::MissingPrice;
    };
    let priced = |slot: usize| market.prices.collateral[slot].is_some();
    if !pool.priced_slots(pos).into_iter().all(priced) {
        return Decision::MissingPrice;
    }
    let health = match pool.position_health(pos, &market.prices, PriceMode::Spot) {
        Ok(h) if !h.is_liquidatable() => {
            return Decision::Healthy {
                health_wad: h.health_wad,
            }
        }
        Ok(h) => h,
        Err(_) => return Decision::Blocked,
    };
    let min_profit = cfg.min_profit_wad.min(i128::MAX as u128) as i128;
    match best_liquidation(&pool, pos, market, &base, cfg) {
        // an underwater position is cleared whatever a step earns: left alone, its loss grows
        // with interest, and taking a whole slot at its bonus (or, the last one, at par or
        // better) loses at most rounding, as with the last unit of a dust slot
        Some(p) if health.is_underwater() || p.profit_wad >= min_profit => Decision::Liquidate(p),
        Some(p) => Decision::Unprofitable {
            best_profit_wad: p.profit_wad,
        },
        // underwater, only whole slots may go: perhaps just not within the budget
        None if cfg.max_repay < debt => {
            best_liquidation(&pool, pos, market, &base, &unlimited(cfg))
                .map_or(Decision::Blocked, |p| Decision::OverBudget {
                    repay: p.repay,
                })
        }
        None => Decision::Blocked,
    }
}

/// Requests tried per slot: the debt (or the budget, if smaller), then halvings of it. The
/// program clamps a request to its close factor, and a smaller one can pass where the
/// largest would lower health.
const LADDER_STEPS: u32 = 24;

/// The most profitable liquidation the program accepts, over every held slot, the least
/// request taking the whole slot and a ladder of sizes, all within `cfg.max_repay`; `pool`
/// has accrued already.
fn best_liquidation(
    pool: &Pool,
    pos: &Position,
    market: &Market,
    base: &OraclePrice,
    cfg: &StrategyConfig,
) -> Option<LiquidationPlan> {
    let mut best: Option<LiquidationPlan> = None;
    let mut keep = |plan: Option<LiquidationPlan>| match plan {
        Some(p) if best.is_none_or(|b| p.profit_wad > b.profit_wad) => best = Some(p),
        _ => {}
    };
    let debt = pos.debt(pool.borrow_index.get()).ok()?;
    let largest = cfg.max_repay.min(debt);
    for slot in pool.priced_slots(pos) {
        // an underwater slot worth more than the debt pays most when taken whole for the
        // least the program accepts, below the largest request the ladder starts from
        if let Some(r) =
            whole_slot_request(pool, pos, slot, market, base, cfg, largest).filter(|&r| r < largest)
        {
            keep(try_plan(pool, pos, slot, r, market, base, cfg));
        }
        let mut request = largest;
        for _ in 0..LADDER_STEPS {
            if request == 0 {
                break;
            }
            if let Some(plan) = try_plan(pool, pos, slot, request, market, base, cfg) {
                keep(Some(plan));
                // profit grows with the size: once one size passes, smaller ones earn less
                break;
            }
            request /= 2;
        }
    }
    best
}

/// The smallest request the program accepts that pays out all of `slot`, if `largest`
/// is one: below it the slot keeps some (or, on a position still worth its debt, the rest
/// would be left short: `LiquidationWouldWriteOffSolventDebt`), past it the payout stays
/// the slot and the profit falls. Where the slot is worth more than the repayment, this
/// takes it at the largest bonus the program allows.
fn whole_slot_request(
    pool: &Pool,
    pos: &Position,
    slot: usize,
    market: &Market,
    base: &OraclePrice,
    cfg: &StrategyConfig,
    largest: u64,
) -> Option<u64> {
    let held = pos.collateral[slot];
    let takes_all = |request: u64| {
        try_plan(pool, pos, slot, request, market, base, cfg)
            .is_some_and(|p| p.collateral_out == held)
    };
    // a request beyond the slot's value shrinks to the slot at its full bonus, which a
    // position still worth its debt may refuse; the slot's value at par never leaves the
    // rest short
    let price = market.prices.collateral[slot]?;
    let asset = &pool.collaterals[slot];
    let value = value_wad_down(held, asset.decimals, price.spot_price(), price.expo).ok()?;
    let at_par = amount_for_value_down(value, pool.base_decimals, base.spot_price(), base.expo)
        .unwrap_or(u64::MAX)
        .min(largest);
    let hi = [largest, at_par]
        .into_iter()
        .find(|&r| r > 0 && takes_all(r))?;
    // acceptance of a whole-slot take grows with the request up to there: bisect between
    // one that is accepted (hi) and one that is not (lo; zero is refused)
    let (mut lo, mut hi) = (0, hi);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if takes_all(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// `cfg` without a budget.
fn unlimited(cfg: &StrategyConfig) -> StrategyConfig {
    StrategyConfig {
        max_repay: u64::MAX,
        ..*cfg
    }
}

/// Runs the program's own `Pool::liquidate` on copies for one request.
fn try_plan(
    pool: &Pool,
    pos: &Position,
    slot: usize,
    request: u64,
    market: &Market,
    base: &OraclePrice,
    cfg: &StrategyConfig,
) -> Option<LiquidationPlan> {
    // the fund's balance only splits a settlement's loss; the plan does not depend on it
    let (mut pool, mut pos, mut fund) = (*pool, *pos, InsuranceFund::zeroed());
    let req = LiquidationRequest {
        slot,
        repay_amount: request,
        min_collateral_out: 0,
    };
    let out: LiquidationOutcome = pool
        .liquidate(&mut pos, &mut fund, req, &market.prices, 0, market.now)
        .ok()?;
    let asset = &pool.collaterals[slot];
    let price = market.prices.collateral[slot]?;
    let received = value_wad_down(
        out.collateral_out,
        asset.decimals,
        price.spot_price(),
        price.expo,
    )
    .ok()?;
    let paid = value_wad_up(
        out.repaid.checked_add(out.fee)?,
        pool.base_decimals,
        base.spot_price(),
        base.expo,
    )
    .ok()?;
    let keep = (BPS - cfg.slippage_bps.min(BPS as u16) as u64) as u128;
    Some(LiquidationPlan {
        slot: slot as u8,
        repay: out.repaid,
        collateral_out: out.collateral_out,
        fee: out.fee,
        min_collateral_out: (out.collateral_out as u128 * keep / BPS as u128) as u64,
        profit_wad: received as i128 - paid as i128,
        health_before_wad: out.health_before_wad,
        health_after_wad: out.health_after_wad,
        settles_bad_debt: out.settlement.is_some()
            || (!pos.has_collateral() && pos.scaled_debt.get() > 0),
    })
}

/// A position's shortfall at spot prices: debt value minus collateral value (WAD quote
/// units), zero when the collateral covers the debt. What a settlement would lose now.
pub fn shortfall_wad(pool: &Pool, pos: &Position, market: &Market) -> Option<u128> {
    let h = spot_health(pool, pos, market)?;
    Some(h.debt_value.saturating_sub(h.collateral_value))
}

/// `pos`'s health at `market`'s spot prices (the pool as given, no accrual); `None` when a
/// price it needs is missing.
pub fn spot_health(pool: &Pool, pos: &Position, market: &Market) -> Option<PositionHealth> {
    pool.position_health(pos, &market.prices, PriceMode::Spot)
        .ok()
}
