// Position health as the program computes it (`math/health.rs`, `state/pool/health.rs`,
// `instructions/position_health.rs`, `Pool::shortfall_at`): collateral valued down, debt
// up, the same WAD sums, so `healthReport` equals the `position_health` view's return data
// to the unit when given the same accounts, prices and clock.
import {
  LENDING_POOL_ERROR__ORACLE_CONFIDENCE_TOO_WIDE,
  LENDING_POOL_ERROR__ORACLE_NON_POSITIVE_PRICE,
  type HealthReport,
  type Pool,
  type Position,
  type PositionHealth,
} from "./generated/index.ts";
import { positionDebt, u128 } from "./books.ts";
import { accrueInterest } from "./interest.ts";
import { BPS, U128_MAX, amountForValueDownCapped, mulDivDown, ratioWadDown, valueWadDown, valueWadUp } from "./math.ts";
import { OracleError, type PriceMode, collateralPriceIn, debtPriceIn, requireConservative, spotPrice } from "./oracle.ts";
import { type Prices, basePrice, slotPrice } from "./prices.ts";
import { pricedSlots } from "./slots.ts";

/** `PositionValues`: `PositionHealth` without the ratio. */
export type PositionValues = Omit<PositionHealth, "healthWad">;

const satAdd = (a: bigint, b: bigint) => (a + b > U128_MAX ? U128_MAX : a + b);

/** `Pool::position_values_owing`: `position` owing `debt`, valued at `prices` in `mode`
 * (every priced slot and the base asset must be priced; a retired slot is worth zero and
 * needs no price, as `Pool::valued_slots`). */
export function positionValues(pool: Pool, position: Position, debt: bigint, prices: Prices, mode: PriceMode): PositionValues {
  const base = basePrice(prices);
  const v: PositionValues = { collateralValue: 0n, borrowLimit: 0n, liquidationLimit: 0n, debtValue: 0n, repayableValue: 0n };
  for (const slot of pricedSlots(pool, position)) {
    const amount = position.collateral[slot];
    const p = slotPrice(prices, slot);
    const asset = pool.collaterals[slot];
    const value = valueWadDown(amount, asset.decimals, collateralPriceIn(mode, p), p.expo);
    v.collateralValue = satAdd(v.collateralValue, value);
    v.borrowLimit = satAdd(v.borrowLimit, mulDivDown(value, BigInt(asset.ltvBps), BPS));
    v.liquidationLimit = satAdd(v.liquidationLimit, mulDivDown(value, BigInt(asset.liquidationThresholdBps), BPS));
    v.repayableValue = satAdd(v.repayableValue, mulDivDown(value, BPS, BPS + BigInt(asset.liquidationBonusBps)));
  }
  v.debtValue = debt === 0n ? 0n : valueWadUp(debt, pool.baseDecimals, debtPriceIn(mode, base), base.expo);
  return v;
}

/** `PositionValues::with_health`: `liquidation_limit / debt_value` (WAD, rounded down;
 * `u128::MAX` without debt). Below `WAD` the position can be liquidated. */
export const withHealth = (v: PositionValues): PositionHealth => ({
  ...v,
  healthWad: v.debtValue === 0n ? U128_MAX : ratioWadDown(v.liquidationLimit, v.debtValue),
});

/** `Pool::position_health` at the pool's last accrual. */
export function positionHealth(pool: Pool, position: Position, prices: Prices, mode: PriceMode): PositionHealth {
  return withHealth(positionValues(pool, position, positionDebt(position, u128(pool.borrowIndex)), prices, mode));
}

/** What the `position_health` view returns at `now`: interest accrued on a copy of the pool,
 * then the position at spot prices, and at conservative prices when every price passes
 * `requireConservative` (otherwise `conservative` is all zero and `conservativeError` the
 * program's error code, as a borrow would fail). `prices` as the view loads them:
 * `loadPositionPrices(…, "spot")`. */
export function healthReport(pool: Pool, position: Position, prices: Prices, now: bigint): HealthReport {
  const accrued = accrueInterest(pool, now).pool;
  const debt = positionDebt(position, u128(accrued.borrowIndex));
  const spot = withHealth(positionValues(accrued, position, debt, prices, "spot"));
  try {
    for (const p of [prices.base, ...prices.collateral]) if (p) requireConservative(p, accrued.config);
  } catch (e) {
    if (!(e instanceof OracleError)) throw e;
    const conservativeError =
      e.code === "OracleConfidenceTooWide"
        ? LENDING_POOL_ERROR__ORACLE_CONFIDENCE_TOO_WIDE
        : LENDING_POOL_ERROR__ORACLE_NON_POSITIVE_PRICE;
    const zero = { collateralValue: 0n, borrowLimit: 0n, liquidationLimit: 0n, debtValue: 0n, healthWad: 0n, repayableValue: 0n };
    return { debt, spot, conservative: zero, conservativeError };
  }
  const conservative = withHealth(positionValues(accrued, position, debt, prices, "conservative"));
  return { debt, spot, conservative, conservativeError: 0 };
}

/** `within_borrow_limit`, `is_liquidatable`, `is_underwater` of a valuation. */
export const withinBorrowLimit = (h: PositionValues) => h.debtValue <= h.borrowLimit;
export const isLiquidatable = (h: PositionValues) => h.debtValue > h.liquidationLimit;
export const isUnderwater = (h: PositionValues) => h.debtValue > 0n && h.repayableValue <= h.debtValue;

/** `Pool::liquidation_repays`: what a full liquidation of a position owing `debt` and
 * valued `v` at spot brings LPs and the insurance fund: all of it when the collateral
 * covers the debt (cleared with no write-off), else what each slot repays at its full
 * bonus plus the fee that repayment pays the fund, rounded down. */
export function liquidationRepays(pool: Pool, debt: bigint, v: PositionValues, prices: Prices): bigint {
  if (v.collateralValue >= v.debtValue) return debt;
  const recovered = mulDivDown(v.repayableValue, BPS + BigInt(pool.config.liquidationFeeBps), BPS);
  const base = basePrice(prices);
  return amountForValueDownCapped(recovered, pool.baseDecimals, spotPrice(base), base.expo, debt);
}

/** `Pool::shortfall_at`: what LPs and insurance would lose if the position were liquidated
 * in full now at spot prices, `debt − liquidationRepays` in base units (the mark
 * `mark_shortfall` records). Accrue the pool to now first for the program's number. */
export function shortfallAt(pool: Pool, position: Position, prices: Prices): bigint {
  const debt = positionDebt(position, u128(pool.borrowIndex));
  if (debt === 0n) return 0n;
  const v = positionValues(pool, position, debt, prices, "spot");
  return debt - liquidationRepays(pool, debt, v, prices);
}
