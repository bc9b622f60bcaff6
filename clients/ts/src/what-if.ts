// A what-if of one owner operation on a position: the pool and position exactly as the
// program leaves them, and the position's health, debt, holdings and LTV at that point.
// Each operation runs the instruction's steps in the handler's order on copies:
// - `borrow`: pauses lapse and interest accrues, `Pool::borrow`, the borrow limit at
//   conservative prices, the prices noted and a marked position re-marked;
// - `withdrawCollateral`: the same around `Pool::withdraw_collateral` (no prices, no limit
//   and no re-mark without debt);
// - `depositCollateral`: `Pool::deposit_collateral` first (the pool is neither accrued nor
//   its pauses lapsed: the instruction does neither for an unmarked position), then for a
//   marked position accrual and a re-mark at spot prices;
// - `repay`: accrual, `Pool::repay` (at most the debt), the mark reduced by what was repaid.
// A rule the program would refuse throws its error (`LendingRuleError`, `OracleError`).
import type { HealthReport, Pool, Position } from "./generated/index.ts";
import { requireWithinBorrowLimit } from "./checks.ts";
import { poolAt } from "./gate.ts";
import { healthReport } from "./health.ts";
import { U128_MAX, WAD } from "./math.ts";
import { bookBorrow, bookDepositCollateral, bookRepay, bookWithdrawCollateral, type Books } from "./position-ops.ts";
import { type Prices, valuedPrices } from "./prices.ts";
import { reduceMark, remarkIfMarked } from "./remark.ts";

export type WhatIfAction =
  | { kind: "depositCollateral"; slot: number; amount: bigint }
  | { kind: "withdrawCollateral"; slot: number; amount: bigint }
  | { kind: "borrow"; amount: bigint }
  | { kind: "repay"; amount: bigint };

/** The books after the operation, and the position then:
 * - `report`: what the `position_health` view would return right after (debt and health at
 *   spot and conservative prices, interest accrued to `now`);
 * - `debt`, `collateral`: what it owes (at `now`) and holds per slot;
 * - `ltvWad`: debt value over collateral value at spot (WAD, up; 0 without debt,
 *   `U128_MAX` with debt and nothing of value);
 * - `moved`: base units the operation transfers (a repayment takes at most the debt). */
export type WhatIf = Books & {
  report: HealthReport;
  debt: bigint;
  collateral: bigint[];
  ltvWad: bigint;
  moved: bigint;
};

function operate(pool: Pool, position: Position, action: WhatIfAction, prices: Prices, now: bigint): Books & { moved: bigint } {
  switch (action.kind) {
    case "borrow": {
      const b = bookBorrow(poolAt(pool, now), position, action.amount);
      const read = requireWithinBorrowLimit(b.pool, b.position, prices);
      return { ...(read ? remarkIfMarked(b.pool, b.position, read, now) : b), moved: action.amount };
    }
    case "withdrawCollateral": {
      const b = bookWithdrawCollateral(poolAt(pool, now), position, action.slot, action.amount);
      const read = requireWithinBorrowLimit(b.pool, b.position, prices);
      return { ...(read ? remarkIfMarked(b.pool, b.position, read, now) : b), moved: action.amount };
    }
    case "depositCollateral": {
      const b = bookDepositCollateral(pool, position, action.slot, action.amount);
      if (b.position.markedShortfall === 0n) return { ...b, moved: action.amount };
      const p = poolAt(b.pool, now);
      return { ...remarkIfMarked(p, b.position, valuedPrices(p, b.position, prices), now), moved: action.amount };
    }
    case "repay": {
      const r = bookRepay(poolAt(pool, now), position, action.amount);
      return { ...reduceMark(r.pool, r.position, now), moved: r.repaid };
    }
  }
}

/** `n / d` as a WAD ratio, rounded up, saturating at `U128_MAX`. */
function ratioWadUp(n: bigint, d: bigint): bigint {
  const q = (n * WAD + d - 1n) / d;
  return q > U128_MAX ? U128_MAX : q;
}

/** `action` on `position` at unix time `now`, at `prices` (the base's and every slot's the
 * position holds before or after; `loadPositionPrices`' shape). */
export function whatIf(pool: Pool, position: Position, action: WhatIfAction, prices: Prices, now: bigint): WhatIf {
  const after = operate(pool, position, action, prices, now);
  const report = healthReport(after.pool, after.position, valuedPrices(after.pool, after.position, prices), now);
  const { debtValue, collateralValue } = report.spot;
  const ltvWad = debtValue === 0n ? 0n : collateralValue === 0n ? U128_MAX : ratioWadUp(debtValue, collateralValue);
  return { ...after, report, debt: report.debt, collateral: [...after.position.collateral], ltvWad };
}
