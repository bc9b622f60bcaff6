// The most a position can borrow now: the largest `amount` for which `borrow(amount)`
// passes every check the program makes, in its order (`instructions/borrow.rs`,
// `Pool::borrow`, `require_within_borrow_limit`): the gate, available cash, the borrow cap,
// the minimum debt, and the borrow limit at conservative prices after the new scaled debt
// (rounded up) and the new debt (rounded up) are valued (up). `amount + 1` fails.
import type { Pool, Position } from "./generated/index.ts";
import { availableCash, positionDebt, totalDebt, u128 } from "./books.ts";
import { conservativePrices } from "./checks.ts";
import { isAllowed, poolAt } from "./gate.ts";
import { positionValues } from "./health.ts";
import { MathOverflowError, U64_MAX, WAD, mulDivUp, mulWadUp, toU64, valueWadUp } from "./math.ts";
import { debtPrice } from "./oracle.ts";
import { basePrice, type Prices } from "./prices.ts";
import { largestWhere } from "./search.ts";

/** Which rule sets the maximum: `paused` (the gate refuses borrowing: a pause, the
 * breaker, a freeze or a flash loan), `cash` (available cash), `borrowCap`,
 * `borrowLimit` (the position's collateral), `minDebt` (even the most it may borrow would
 * leave its debt under the pool's minimum: nothing can be borrowed). */
export type BorrowLimitedBy = "paused" | "cash" | "borrowCap" | "borrowLimit" | "minDebt";

export type MaxBorrow = { amount: bigint; limitedBy: BorrowLimitedBy };

/** The position's debt after borrowing `amount` at `index` (`Pool::borrow`'s arithmetic). */
export function debtAfterBorrow(position: Position, index: bigint, amount: bigint): bigint {
  return toU64(mulWadUp(u128(position.scaledDebt) + mulDivUp(amount, WAD, index), index), "position debt");
}

/** The largest amount `borrow` accepts from `position` at unix time `now`. `prices`: the
 * base's and each held slot's (`loadPositionPrices`; others are ignored); throws
 * `OracleError` where the program would refuse them in conservative mode. */
export function maxBorrow(pool: Pool, position: Position, prices: Prices, now: bigint): MaxBorrow {
  const p = poolAt(pool, now);
  if (!isAllowed(p, "borrow")) return { amount: 0n, limitedBy: "paused" };
  const read = conservativePrices(p, position, prices);
  const index = u128(p.borrowIndex);
  const limit = positionValues(p, position, positionDebt(position, index), read, "conservative").borrowLimit;
  const base = basePrice(read);
  const fits = (amount: bigint) => {
    try {
      return valueWadUp(debtAfterBorrow(position, index, amount), p.baseDecimals, debtPrice(base), base.expo) <= limit;
    } catch (e) {
      if (e instanceof MathOverflowError) return false; // a debt past a u64: the program fails too
      throw e;
    }
  };
  const byLimit = largestWhere(0n, U64_MAX, fits) ?? 0n;
  const debt = totalDebt(p);
  const bounds: [bigint, BorrowLimitedBy][] = [
    [byLimit, "borrowLimit"],
    [availableCash(p), "cash"],
    [p.config.borrowCap > debt ? p.config.borrowCap - debt : 0n, "borrowCap"],
  ];
  const [amount, limitedBy] = bounds.reduce((a, b) => (b[0] < a[0] ? b : a));
  if (amount === 0n) return { amount, limitedBy };
  if (debtAfterBorrow(position, index, amount) < p.config.minDebt) return { amount: 0n, limitedBy: "minDebt" };
  return { amount, limitedBy };
}
