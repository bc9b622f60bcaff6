// The remaining accounts of priced instructions, by the program's rule
// (`oracle::load_position_prices`, the SDK's `prices::oracle_accounts`): one `PriceUpdateV2`
// per collateral slot the position holds, in slot order; the count must match exactly
// (else `OracleAccountsMismatch`) and each must carry its slot's feed (else
// `OracleWrongFeed`). Which holdings count differs per instruction:
// - `borrow`, `liquidate`, `mark_shortfall`, `position_health`, `preview_mark`: the holdings now;
// - `withdraw_collateral`: the holdings after the withdrawal, and none while the position has
//   no debt (nothing is priced then);
// - `deposit_collateral`: one per slot held after the deposit (the base oracle is named);
//   read only for a marked position, which is re-marked at them, so pass them always.
// (`repay`, `settle_bad_debt`, `preview_settle` price nothing and take no oracles.)
// Remaining accounts follow every named account, the event authority and the program (the
// last two of every instruction that emits events) included: `withRemainingAccounts` appends
// them to a built instruction, so build it with `EVENT_CPI_ACCOUNTS` first.
import { AccountRole, type AccountMeta, type Address, type Instruction } from "@solana/kit";
import type { Pool, Position } from "./generated/index.ts";
import { u128 } from "./books.ts";
import { pricedSlots, withCollateralChange } from "./slots.ts";

/** The oracle (`PriceUpdateV2` address) of each collateral slot: a Map, a record or an
 * array indexed by slot. Slots the position does not hold may be absent. */
export type OracleMap = ReadonlyMap<number, Address> | Readonly<Record<number, Address>> | readonly (Address | undefined)[];

/** A priced slot has no oracle in the map (the program would fail with `OracleAccountsMismatch`). */
export class MissingOracleError extends Error {
  constructor(
    readonly slot: number,
    readonly mint: Address,
  ) {
    super(`no PriceUpdateV2 oracle given for collateral slot ${slot} (mint ${mint}), which the position holds`);
    this.name = "MissingOracleError";
  }
}

function oracleOf(oracles: OracleMap, slot: number): Address | undefined {
  if (oracles instanceof Map) return oracles.get(slot);
  return (oracles as Readonly<Record<number, Address>>)[slot];
}

/** The oracles of every slot `position` holds, in slot order (`prices::oracle_accounts`,
 * but failing on a missing one instead of leaving it out). */
export function oracleAccounts(pool: Pool, position: Position, oracles: OracleMap): Address[] {
  return pricedSlots(pool, position).map((slot) => {
    const oracle = oracleOf(oracles, slot);
    if (!oracle) throw new MissingOracleError(slot, pool.collaterals[slot].mint);
    return oracle;
  });
}

/** Remaining accounts for `withdraw_collateral(slot, amount)`: the holdings after it, and
 * none while the position has no debt. */
export function withdrawCollateralOracles(
  pool: Pool,
  position: Position,
  slot: number,
  amount: bigint,
  oracles: OracleMap,
): Address[] {
  if (u128(position.scaledDebt) === 0n) return [];
  return oracleAccounts(pool, withCollateralChange(position, slot, -amount), oracles);
}

/** Remaining accounts for `deposit_collateral(slot, amount)` (the base oracle is a named
 * account): one per slot held after the deposit, in slot order. The program reads them only
 * when the position is marked, to re-mark it; passing them always means a top-up of a
 * distressed position never fails on a mark the client did not see. */
export function depositCollateralOracles(
  pool: Pool,
  position: Position,
  slot: number,
  amount: bigint,
  oracles: OracleMap,
): Address[] {
  return oracleAccounts(pool, withCollateralChange(position, slot, amount), oracles);
}

/** `ix` with `addresses` appended as read-only remaining accounts. */
export function withRemainingAccounts<T extends Instruction>(ix: T, addresses: readonly Address[]): T {
  const extra: AccountMeta[] = addresses.map((address) => ({ address, role: AccountRole.READONLY }));
  return { ...ix, accounts: [...(ix.accounts ?? []), ...extra] };
}

/** `ix` (borrow, liquidate, mark_shortfall, position_health, preview_mark) with the oracles
 * of the position's priced slots appended. */
export const withPositionOracles = <T extends Instruction>(ix: T, pool: Pool, position: Position, oracles: OracleMap): T =>
  withRemainingAccounts(ix, oracleAccounts(pool, position, oracles));
