// How an owner operation moves a marked position's mark (`state/pool/mark.rs`):
// `borrow`, `withdraw_collateral` (with debt) and `deposit_collateral` re-mark a marked
// position at the prices they read (`remark_if_marked`, with `mark_at`'s freshness rule:
// older prices may raise a mark, never lower or release it), and record those prices'
// times on the pool (`note_prices`); `repay` keeps what the collateral repays, so the mark
// falls by exactly what was repaid (`reduce_mark`). On copies, to the field, so a what-if
// of an operation on a distressed position leaves the pool's marks (and so the exit price)
// where the program will.
import type { Pool, Position } from "./generated/index.ts";
import { markedTotal, positionDebt, positionMark, u128, wrapU128 } from "./books.ts";
import { liquidationRepays, positionValues } from "./health.ts";
import { toU64 } from "./math.ts";
import { basePrice, slotPrice, type Prices } from "./prices.ts";
import { pricedSlots } from "./slots.ts";
import type { Books } from "./position-ops.ts";

/** `Pool::note_prices`: each priced slot's `newestPriceTs` raised to its price's time. */
export function notePrices(pool: Pool, prices: Prices): Pool {
  const collaterals = pool.collaterals.map((asset, slot) => {
    const p = slot < pool.numCollaterals ? prices.collateral[slot] : null;
    return p && p.publishTime > asset.newestPriceTs ? { ...asset, newestPriceTs: p.publishTime } : asset;
  });
  return { ...pool, collaterals };
}

/** `Pool::prices_age`: the oldest publish time among the base price and the valued slots'. */
export function pricesAge(pool: Pool, position: Position, prices: Prices): bigint {
  let oldest = basePrice(prices).publishTime;
  for (const slot of pricedSlots(pool, position)) {
    const t = slotPrice(prices, slot).publishTime;
    if (t < oldest) oldest = t;
  }
  return oldest;
}

/** `Pool::put_mark`: `position` (owing `debt`) leaves the pool's marked sums, is marked at
 * `debt − repayable` for its scaled debt now (unmarked at 0) and rejoins them. */
function putMark(pool: Pool, position: Position, debt: bigint, repayable: bigint, now: bigint): Books {
  let scaled = u128(pool.markedScaledDebt);
  let sum = pool.markedRepayable;
  if (position.markedShortfall > 0n) {
    scaled -= u128(position.markScaledDebt);
    sum = toU64(sum - position.markRepayable, "marked repayable");
  }
  const mark = debt > repayable ? debt - repayable : 0n;
  let pos: Position;
  if (mark > 0n) {
    pos = { ...position, markScaledDebt: position.scaledDebt, markRepayable: repayable, markTs: now };
    scaled += u128(position.scaledDebt);
    sum = toU64(sum + repayable, "marked repayable");
  } else {
    pos = { ...position, markScaledDebt: wrapU128(0n), markRepayable: 0n, markTs: 0n, markPriceTs: 0n };
  }
  pos.markedShortfall = mark;
  const next = { ...pool, markedScaledDebt: wrapU128(scaled), markedRepayable: sum };
  return { pool: { ...next, markedShortfall: markedTotal(next) }, position: pos };
}

/** `Pool::mark_with`: re-marked at what a full liquidation repays (`repayable`) at prices
 * no older than `pricesTs`, unless that would lower the mark with older prices than the
 * mark's (then the loss stands as marked, at most the debt). Unchanged books when nothing
 * moves. */
function markWith(pool: Pool, position: Position, debt: bigint, repayable: bigint, pricesTs: bigint, now: bigint): Books {
  const current = positionMark(pool, position);
  const shortfall = debt > repayable ? debt - repayable : 0n;
  const maySet = shortfall >= current || pricesTs >= position.markPriceTs;
  const kept = debt - (current < debt ? current : debt);
  const [newRepayable, ts] = maySet
    ? [repayable, pricesTs > position.markPriceTs ? pricesTs : position.markPriceTs]
    : [kept, position.markPriceTs];
  const unchanged =
    position.markRepayable === newRepayable &&
    u128(position.markScaledDebt) === u128(position.scaledDebt) &&
    (current === 0n || ts === position.markPriceTs);
  const after = debt > newRepayable ? debt - newRepayable : 0n;
  if (after === current && unchanged) return { pool, position };
  const put = putMark(pool, position, debt, newRepayable, now);
  return put.position.markedShortfall > 0n ? { ...put, position: { ...put.position, markPriceTs: ts } } : put;
}

/** `Pool::remark_if_marked`: the prices' times noted, and a marked position re-marked at
 * them (spot values; `prices` must price every valued slot and the base). */
export function remarkIfMarked(pool: Pool, position: Position, prices: Prices, now: bigint): Books {
  const noted = notePrices(pool, prices);
  if (position.markedShortfall === 0n) return { pool: noted, position };
  const debt = positionDebt(position, u128(noted.borrowIndex));
  const repayable = liquidationRepays(noted, debt, positionValues(noted, position, debt, prices, "spot"), prices);
  return markWith(noted, position, debt, repayable, pricesAge(noted, position, prices), now);
}

/** `Pool::reduce_mark`: after a repayment, the mark at the same repayable (down to 0,
 * released), its time kept. */
export function reduceMark(pool: Pool, position: Position, now: bigint): Books {
  if (position.markedShortfall === 0n) return { pool, position };
  const ts = position.markTs;
  const put = putMark(pool, position, positionDebt(position, u128(pool.borrowIndex)), position.markRepayable, now);
  return put.position.markedShortfall > 0n ? { ...put, position: { ...put.position, markTs: ts } } : put;
}
