// The pool's gate (`state/pool/gate.rs`, `pause.rs`) and "bringing the pool up to date"
// (`accrue_and_emit`: lapsed guardian pauses cleared, then interest accrued). A helper that
// answers "what would the program do now" starts from `poolAt(pool, now)`, since every
// priced instruction does, and asks `requireAllowed` where the instruction does.
import {
  LENDING_POOL_ERROR__CIRCUIT_BREAKER_TRIPPED,
  LENDING_POOL_ERROR__FLASH_LOAN_OUTSTANDING,
  LENDING_POOL_ERROR__OPERATION_PAUSED,
  LENDING_POOL_ERROR__POOL_FROZEN,
  type Pool,
} from "./generated/index.ts";
import { accrueInterest } from "./interest.ts";
import { requireRule } from "./rule-error.ts";

/** `constants::pause`: the bits of `Pool.pauseFlags`. */
export const PAUSE = {
  DEPOSIT: 1 << 0,
  WITHDRAW: 1 << 1,
  FUND_INSURANCE: 1 << 2,
  BORROW: 1 << 3,
  REPAY: 1 << 4,
  DEPOSIT_COLLATERAL: 1 << 5,
  WITHDRAW_COLLATERAL: 1 << 6,
  LIQUIDATE: 1 << 7,
  SETTLE: 1 << 8,
  BREAKER: 1 << 9,
  STAKE: 1 << 10,
  UNSTAKE: 1 << 11,
} as const;

/** `state::pool::STATUS_ACTIVE` (`Pool.status`; 1 is frozen). */
export const STATUS_ACTIVE = 0;

/** `Operation`: what a pause flag or a freeze can stop. */
export type Operation =
  | "deposit"
  | "withdraw"
  | "fundInsurance"
  | "borrow"
  | "repay"
  | "depositCollateral"
  | "withdrawCollateral"
  | "withdrawCollateralWithDebt"
  | "liquidate"
  | "settle"
  | "stake"
  | "unstake";

const FLAG: Record<Operation, number> = {
  deposit: PAUSE.DEPOSIT,
  withdraw: PAUSE.WITHDRAW,
  fundInsurance: PAUSE.FUND_INSURANCE,
  borrow: PAUSE.BORROW,
  repay: PAUSE.REPAY,
  depositCollateral: PAUSE.DEPOSIT_COLLATERAL,
  withdrawCollateral: PAUSE.WITHDRAW_COLLATERAL,
  withdrawCollateralWithDebt: PAUSE.WITHDRAW_COLLATERAL,
  liquidate: PAUSE.LIQUIDATE,
  settle: PAUSE.SETTLE,
  stake: PAUSE.STAKE,
  unstake: PAUSE.UNSTAKE,
};
const NEEDS_ACTIVE_POOL: ReadonlySet<Operation> = new Set(["deposit", "borrow", "depositCollateral"]);
const STOPPED_BY_BREAKER: ReadonlySet<Operation> = new Set(["borrow", "withdrawCollateralWithDebt"]);
const REFUSED_DURING_FLASH_LOAN: ReadonlySet<Operation> = new Set(["deposit", "withdraw", "borrow", "stake", "unstake"]);

/** `Pool::require_allowed`: the checks in the program's order, each failing with its error
 * (`PoolFrozen`, `OperationPaused`, `CircuitBreakerTripped`, `FlashLoanOutstanding`). */
export function requireAllowed(pool: Pool, op: Operation): void {
  requireRule(!NEEDS_ACTIVE_POOL.has(op) || pool.status === STATUS_ACTIVE, LENDING_POOL_ERROR__POOL_FROZEN);
  requireRule((pool.pauseFlags & FLAG[op]) === 0, LENDING_POOL_ERROR__OPERATION_PAUSED);
  requireRule(!STOPPED_BY_BREAKER.has(op) || (pool.pauseFlags & PAUSE.BREAKER) === 0, LENDING_POOL_ERROR__CIRCUIT_BREAKER_TRIPPED);
  requireRule(!REFUSED_DURING_FLASH_LOAN.has(op) || pool.flashOutstanding === 0n, LENDING_POOL_ERROR__FLASH_LOAN_OUTSTANDING);
}

/** `Pool::is_allowed`. */
export function isAllowed(pool: Pool, op: Operation): boolean {
  try {
    requireAllowed(pool, op);
    return true;
  } catch {
    return false;
  }
}

const DEFENCES = PAUSE.REPAY | PAUSE.DEPOSIT_COLLATERAL;

/** `Pool::lapse_guardian_pauses` on a copy: the guardian's flags cleared once `now`
 * reaches their expiry (with any defence pause that would be left without `LIQUIDATE`). */
export function lapseGuardianPauses(pool: Pool, now: bigint): Pool {
  if (pool.guardianPauseFlags === 0 || now < pool.guardianPauseExpiresTs) return pool;
  let flags = pool.pauseFlags & ~pool.guardianPauseFlags;
  if ((flags & DEFENCES) !== 0 && (flags & PAUSE.LIQUIDATE) === 0) flags &= ~DEFENCES;
  return { ...pool, pauseFlags: flags, guardianPauseFlags: 0, guardianPauseExpiresTs: 0n };
}

/** `accrue_and_emit` on a copy: the pool as an instruction at unix time `now` sees it
 * before its own checks (pauses lapsed, interest accrued). */
export const poolAt = (pool: Pool, now: bigint): Pool => accrueInterest(lapseGuardianPauses(pool, now), now).pool;
