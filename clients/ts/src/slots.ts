// Which collateral slots a position holds (`Pool::held_slots`): every priced instruction
// takes one oracle per held slot, in slot order, and values exactly those.
import type { Pool, Position } from "./generated/index.ts";

/** The slots in use (`num_collaterals`) with a non-zero holding, in slot order. */
export function heldSlots(pool: Pool, position: Position): number[] {
  const held: number[] = [];
  for (let slot = 0; slot < pool.numCollaterals; slot++) if (position.collateral[slot] > 0n) held.push(slot);
  return held;
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
