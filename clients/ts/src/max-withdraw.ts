// The most collateral a position can take out of one slot now: the largest `amount` for
// which `withdraw_collateral(slot, amount)` passes the program's checks
// (`instructions/withdraw_collateral.rs`): the gate (the breaker stops it only with debt),
// the holding, and, while the position owes anything, the borrow limit at conservative
// prices of what it holds after the withdrawal. `amount + 1` fails.
import type { Pool, Position } from "./generated/index.ts";
import { positionDebt, u128 } from "./books.ts";
import { conservativePrices } from "./checks.ts";
import { isAllowed, poolAt } from "./gate.ts";
import { positionValues, withinBorrowLimit } from "./health.ts";
import { OracleError } from "./oracle.ts";
import { collateralSlot } from "./position-ops.ts";
import type { Prices } from "./prices.ts";
import { largestWhere } from "./search.ts";
import { withCollateralChange } from "./slots.ts";

/** Which rule sets the maximum: `paused` (the gate), `holding` (all of it may go), or
 * `borrowLimit` (the debt needs the rest). */
export type WithdrawLimitedBy = "paused" | "holding" | "borrowLimit";

export type MaxWithdrawCollateral = { amount: bigint; limitedBy: WithdrawLimitedBy };

/** The largest amount of collateral `slot` that `withdraw_collateral` lets `position` take at
 * unix time `now`. `prices`: the base's and each held slot's (unused without debt). */
export function maxWithdrawCollateral(pool: Pool, position: Position, slot: number, prices: Prices, now: bigint): MaxWithdrawCollateral {
  const p = poolAt(pool, now);
  collateralSlot(p, slot); // `UnknownCollateral` for a slot not in use
  const held = position.collateral[slot];
  const hasDebt = u128(position.scaledDebt) > 0n;
  if (!isAllowed(p, hasDebt ? "withdrawCollateralWithDebt" : "withdrawCollateral")) return { amount: 0n, limitedBy: "paused" };
  if (!hasDebt) return { amount: held, limitedBy: "holding" };
  const debt = positionDebt(position, u128(p.borrowIndex));
  /** Whether the position is within its limit after taking `amount` (the prices of what it
   * still holds, each validated as the program loads them). */
  const fits = (amount: bigint) => {
    const after = withCollateralChange(position, slot, -amount);
    try {
      return withinBorrowLimit(positionValues(p, after, debt, conservativePrices(p, after, prices), "conservative"));
    } catch (e) {
      if (e instanceof OracleError) return false;
      throw e;
    }
  };
  // A slot whose own price fails the conservative checks blocks every partial withdrawal
  // but not taking all of it (its oracle is then not read): not monotone, so asked apart.
  if (!fits(1n) && held > 1n && fits(held)) return { amount: held, limitedBy: "holding" };
  const amount = largestWhere(0n, held, fits) ?? 0n;
  return { amount, limitedBy: amount === held ? "holding" : "borrowLimit" };
}
