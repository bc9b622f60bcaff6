// The price of one collateral at which a position becomes liquidatable, the others' prices
// and the base price held where they are. The program liquidates a position when its debt
// value exceeds its liquidation limit at spot prices (`debt_value > liquidation_limit`,
// health below 1.0, SPEC "Prices and health"), after accruing interest; the limit is a sum
// of rounded-down values, so the threshold is found on the program's own arithmetic
// rather than by dividing, and is exact to the oracle's last unit.
import type { Pool, Position } from "./generated/index.ts";
import { positionDebt, u128 } from "./books.ts";
import { poolAt } from "./gate.ts";
import { isLiquidatable, positionValues } from "./health.ts";
import { MathOverflowError } from "./math.ts";
import { type Prices, slotPrice, valuedPrices } from "./prices.ts";
import { pricedSlots } from "./slots.ts";
import { largestWhere } from "./search.ts";

/** The highest price a Pyth feed can publish (an `i64`). */
export const MAX_ORACLE_PRICE = (1n << 63n) - 1n;

/** A price in the oracle's units: `price × 10^expo` quote units per whole token. */
export type OracleQuote = { price: bigint; expo: number };

/** The highest spot price of collateral `slot` (in its oracle's exponent, from `prices`) at
 * which `position` can be liquidated at unix time `now`: at that price `liquidate` accepts
 * it, one unit above it refuses it (`PositionHealthy`). `null` when no price makes it
 * liquidatable: no debt, the slot not held (or retired), or the rest of its collateral alone
 * covers the debt at the liquidation thresholds. `MAX_ORACLE_PRICE` when every price
 * does (the slot's holding is too small to count). */
export function liquidationPrice(pool: Pool, position: Position, slot: number, prices: Prices, now: bigint): OracleQuote | null {
  const p = poolAt(pool, now);
  if (!pricedSlots(p, position).includes(slot)) return null;
  const debt = positionDebt(position, u128(p.borrowIndex));
  if (debt === 0n) return null;
  const valued = valuedPrices(p, position, prices);
  const own = slotPrice(valued, slot);
  const liquidatableAt = (price: bigint) => {
    const collateral = valued.collateral.map((q, i) => (i === slot && q ? { ...q, price } : q));
    try {
      return isLiquidatable(positionValues(p, position, debt, { ...valued, collateral }, "spot"));
    } catch (e) {
      if (e instanceof MathOverflowError) return false; // a value past 128 bits covers any debt
      throw e;
    }
  };
  const price = largestWhere(1n, MAX_ORACLE_PRICE, liquidatableAt); // prices are positive
  return price === null ? null : { price, expo: own.expo };
}
