// `checks::require_within_borrow_limit`: after a borrow or a collateral withdrawal, a
// position with debt must stay within its borrow limit at conservative prices (every price
// it loads must pass `require_conservative` first). Shared by `whatIf` and the max helpers.
import { LENDING_POOL_ERROR__BORROW_LIMIT_EXCEEDED, type Pool, type Position } from "./generated/index.ts";
import { positionDebt, u128 } from "./books.ts";
import { positionValues, withinBorrowLimit } from "./health.ts";
import { requireConservative } from "./oracle.ts";
import { type Prices, valuedPrices } from "./prices.ts";
import { requireRule } from "./rule-error.ts";

/** The prices the program loads for `position` in conservative mode (`valuedPrices`, each
 * checked by `requireConservative`: throws `OracleError` where the program fails). */
export function conservativePrices(pool: Pool, position: Position, prices: Prices): Prices {
  const valued = valuedPrices(pool, position, prices);
  for (const p of [...valued.collateral, valued.base]) // slots first, as the program loads them
    if (p) requireConservative(p, pool.config);
  return valued;
}

/** Throws `BorrowLimitExceeded` (or the oracle's error) unless `position` is within its
 * borrow limit; returns the prices read (`null` without debt: nothing is read). */
export function requireWithinBorrowLimit(pool: Pool, position: Position, prices: Prices): Prices | null {
  if (u128(position.scaledDebt) === 0n) return null;
  const read = conservativePrices(pool, position, prices);
  const debt = positionDebt(position, u128(pool.borrowIndex));
  requireRule(withinBorrowLimit(positionValues(pool, position, debt, read, "conservative")), LENDING_POOL_ERROR__BORROW_LIMIT_EXCEEDED);
  return read;
}
