// Which collateral slots of a position need a price (`Pool::priced_slots`): every priced
// instruction takes one oracle per such slot, in slot order, and values exactly those. A
// retired slot is worth zero and takes no oracle.
import type { Pool, Position } from "./generated/index.ts";

/** The slots in use (`num_collaterals`) with a non-zero holding and not retired, in slot
 * order. */
export function pricedSlots(pool: Pool, position: Position): number[] {
  const priced: number[] = [];
  for (let slot = 0; slot < pool.numCollaterals; slot++) {
    if (position.collateral[slot] > 0n && pool.collaterals[slot].retired === 0) priced.push(slot);
  }
  return priced;
}

/** `position` with `delta` added to `slot`'s holding (what a collateral deposit or a
 * withdrawal leaves: the program prices the position after the change). */
export function withCollateralChange(position: Position, slot: number, delta: bigint): Position {
  const collateral = [...position.collateral];
  const after = collateral[slot] + delta;
  if (after < 0n) throw new RangeError(`slot ${slot} holds ${collateral[slot]}, not ${-delta}`);
  collateral[slot] = after;
  return { ...position, collateral };
}
