// A position's four owner operations on the books, as the program's `Pool` methods book
// them (`state/pool/debt.rs`, `collateral.rs`), on copies: the gate first, then each check
// in the program's order with its error (`LendingRuleError`), then the new pool and
// position. No prices here: the borrow limit after a borrow or a withdrawal, and the
// marks, are the instruction's steps around these (`what-if.ts` runs them in order).
import {
  LENDING_POOL_ERROR__BORROW_CAP_EXCEEDED,
  LENDING_POOL_ERROR__COLLATERAL_CAP_EXCEEDED,
  LENDING_POOL_ERROR__COLLATERAL_DELISTED,
  LENDING_POOL_ERROR__DEBT_BELOW_MINIMUM,
  LENDING_POOL_ERROR__INSUFFICIENT_CASH,
  LENDING_POOL_ERROR__INSUFFICIENT_COLLATERAL,
  LENDING_POOL_ERROR__MATH_OVERFLOW,
  LENDING_POOL_ERROR__NO_DEBT,
  LENDING_POOL_ERROR__UNKNOWN_COLLATERAL,
  LENDING_POOL_ERROR__ZERO_AMOUNT,
  type CollateralAsset,
  type Pool,
  type Position,
} from "./generated/index.ts";
import { availableCash, positionDebt, totalDebt, u128, wrapU128 } from "./books.ts";
import { requireAllowed } from "./gate.ts";
import { U128_MAX, U64_MAX, WAD, mulDivDown, mulDivUp, mulWadUp, toU64 } from "./math.ts";
import { requireRule } from "./rule-error.ts";

/** A pool and a position after an operation (copies; the inputs are untouched). */
export type Books = { pool: Pool; position: Position };

/** `Pool::collateral`: slot `slot` of the pool, if in use (`UnknownCollateral`). */
export function collateralSlot(pool: Pool, slot: number): CollateralAsset {
  requireRule(Number.isInteger(slot) && slot >= 0 && slot < pool.numCollaterals, LENDING_POOL_ERROR__UNKNOWN_COLLATERAL);
  return pool.collaterals[slot];
}

const addU128 = (a: bigint, b: bigint) => {
  requireRule(a + b <= U128_MAX, LENDING_POOL_ERROR__MATH_OVERFLOW);
  return a + b;
};

/** `Pool::borrow(pos, amount)` without the borrow limit (the handler checks it after). */
export function bookBorrow(pool: Pool, position: Position, amount: bigint): Books {
  requireAllowed(pool, "borrow");
  requireRule(amount > 0n, LENDING_POOL_ERROR__ZERO_AMOUNT);
  requireRule(amount <= availableCash(pool), LENDING_POOL_ERROR__INSUFFICIENT_CASH);
  const debtAfter = totalDebt(pool) + amount;
  requireRule(debtAfter <= U64_MAX, LENDING_POOL_ERROR__MATH_OVERFLOW);
  requireRule(debtAfter <= pool.config.borrowCap, LENDING_POOL_ERROR__BORROW_CAP_EXCEEDED);
  const index = u128(pool.borrowIndex);
  const scaled = mulDivUp(amount, WAD, index); // the new debt's scaled units, up
  const positionScaled = addU128(u128(position.scaledDebt), scaled);
  const after = toU64(mulWadUp(positionScaled, index), "position debt");
  requireRule(after >= pool.config.minDebt, LENDING_POOL_ERROR__DEBT_BELOW_MINIMUM);
  return {
    pool: {
      ...pool,
      totalScaledDebt: wrapU128(addU128(u128(pool.totalScaledDebt), scaled)),
      cash: toU64(pool.cash - amount, "cash"),
    },
    position: { ...position, scaledDebt: wrapU128(positionScaled) },
  };
}

/** `Pool::book_repayment`: up to `amount` repaid; all of the debt removes all its scaled
 * units, a part removes `repaid × WAD / index` (down) and must leave `minLeft`. Returns the
 * books and what was repaid (what the transfer takes). */
export function bookRepayment(pool: Pool, position: Position, amount: bigint, minLeft: bigint): Books & { repaid: bigint } {
  const index = u128(pool.borrowIndex);
  const before = positionDebt(position, index);
  requireRule(before > 0n, LENDING_POOL_ERROR__NO_DEBT);
  const repaid = amount < before ? amount : before;
  let scaled = u128(position.scaledDebt);
  if (repaid !== before) {
    scaled = mulDivDown(repaid, WAD, index);
    const left = u128(position.scaledDebt) - scaled;
    requireRule(toU64(mulWadUp(left > 0n ? left : 0n, index)) >= minLeft, LENDING_POOL_ERROR__DEBT_BELOW_MINIMUM);
  }
  const positionLeft = u128(position.scaledDebt) - scaled;
  const poolLeft = u128(pool.totalScaledDebt) - scaled;
  requireRule(positionLeft >= 0n && poolLeft >= 0n, LENDING_POOL_ERROR__MATH_OVERFLOW);
  return {
    pool: { ...pool, totalScaledDebt: wrapU128(poolLeft), cash: toU64(pool.cash + repaid, "cash") },
    position: { ...position, scaledDebt: wrapU128(positionLeft) },
    repaid,
  };
}

/** `Pool::repay(pos, amount)`: the gate, then `bookRepayment` down to `min_debt`. */
export function bookRepay(pool: Pool, position: Position, amount: bigint): Books & { repaid: bigint } {
  requireAllowed(pool, "repay");
  requireRule(amount > 0n, LENDING_POOL_ERROR__ZERO_AMOUNT);
  return bookRepayment(pool, position, amount, pool.config.minDebt);
}

function withHolding(pool: Pool, position: Position, slot: number, held: bigint, total: bigint): Books {
  const collateral = [...position.collateral];
  collateral[slot] = held;
  const collaterals = pool.collaterals.map((c, i) => (i === slot ? { ...c, totalDeposited: total } : c));
  return { pool: { ...pool, collaterals }, position: { ...position, collateral } };
}

/** `Pool::deposit_collateral(pos, slot, amount)`: listed (LTV > 0) and within the slot's cap. */
export function bookDepositCollateral(pool: Pool, position: Position, slot: number, amount: bigint): Books {
  requireAllowed(pool, "depositCollateral");
  requireRule(amount > 0n, LENDING_POOL_ERROR__ZERO_AMOUNT);
  const asset = collateralSlot(pool, slot);
  requireRule(asset.ltvBps > 0, LENDING_POOL_ERROR__COLLATERAL_DELISTED);
  const total = toU64(asset.totalDeposited + amount, "total deposited");
  requireRule(total <= asset.depositCap, LENDING_POOL_ERROR__COLLATERAL_CAP_EXCEEDED);
  return withHolding(pool, position, slot, toU64(position.collateral[slot] + amount, "holding"), total);
}

/** `Pool::withdraw_collateral(pos, slot, amount)` without the borrow limit (the handler
 * checks it after, when the position has debt). */
export function bookWithdrawCollateral(pool: Pool, position: Position, slot: number, amount: bigint): Books {
  requireAllowed(pool, u128(position.scaledDebt) > 0n ? "withdrawCollateralWithDebt" : "withdrawCollateral");
  requireRule(amount > 0n, LENDING_POOL_ERROR__ZERO_AMOUNT);
  const asset = collateralSlot(pool, slot);
  requireRule(position.collateral[slot] >= amount, LENDING_POOL_ERROR__INSUFFICIENT_COLLATERAL);
  return withHolding(pool, position, slot, position.collateral[slot] - amount, toU64(asset.totalDeposited - amount, "total deposited"));
}
