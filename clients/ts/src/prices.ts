// The prices one valuation needs, in the program's shape (`math::Prices`: the base asset's
// and one per collateral slot), loaded from fetched `PriceUpdateV2` accounts exactly as
// the program loads them (`oracle::load_position_prices`).
import type { Address, ReadonlyUint8Array } from "@solana/kit";
import type { Pool, Position } from "./generated/index.ts";
import { type OraclePrice, type PriceMode, loadPrice } from "./oracle.ts";
import { pricedSlots } from "./slots.ts";

export type Prices = { base: OraclePrice | null; collateral: (OraclePrice | null)[] };

/** A fetched account: the owner program and the data (what `loadPrice` checks). */
export type PriceAccount = { programAddress: Address; data: ReadonlyUint8Array };

/** The program fails with `OracleAccountsMismatch` when a priced slot has no oracle. */
export class OracleAccountsMismatchError extends Error {
  constructor(what: string) {
    super(`OracleAccountsMismatch: ${what}`);
    this.name = "OracleAccountsMismatchError";
  }
}

/** `load_position_prices`: one account per priced slot (held, not retired), in slot order (the remaining
 * accounts), then the base oracle, validated at `now` in `mode`. */
export function loadPositionPrices(
  pool: Pool,
  position: Position,
  baseOracle: PriceAccount,
  oracles: PriceAccount[],
  now: bigint,
  mode: PriceMode,
): Prices {
  const held = pricedSlots(pool, position);
  if (oracles.length !== held.length)
    throw new OracleAccountsMismatchError(`${oracles.length} oracle accounts for ${held.length} priced slots`);
  const collateral: (OraclePrice | null)[] = Array(pool.collaterals.length).fill(null);
  held.forEach((slot, i) => {
    collateral[slot] = loadPrice(oracles[i], pool.collaterals[slot].feedId, now, pool.config, mode);
  });
  return { base: loadPrice(baseOracle, pool.baseFeedId, now, pool.config, mode), collateral };
}

/** `Prices::base`. */
export function basePrice(prices: Prices): OraclePrice {
  if (!prices.base) throw new OracleAccountsMismatchError("no base price");
  return prices.base;
}

/** `Prices::collateral`. */
export function slotPrice(prices: Prices, slot: number): OraclePrice {
  const p = prices.collateral[slot];
  if (!p) throw new OracleAccountsMismatchError(`no price for collateral slot ${slot}`);
  return p;
}

/** `prices` narrowed to what `load_position_prices` loads for `position`: the base and the
 * slots it holds that are not retired (a caller may hold prices for every slot; the
 * program validates and values only these). */
export function valuedPrices(pool: Pool, position: Position, prices: Prices): Prices {
  const collateral: (OraclePrice | null)[] = Array(pool.collaterals.length).fill(null);
  for (const slot of pricedSlots(pool, position)) collateral[slot] = slotPrice(prices, slot);
  return { base: basePrice(prices), collateral };
}
