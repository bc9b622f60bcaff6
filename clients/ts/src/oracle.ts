// Pyth `PriceUpdateV2` prices as the program reads and validates them
// (`programs/lending-pool/src/oracle.rs`, `math/price.rs`): the same hand-decoded layout, the
// same checks in the same order, each failure named after the program's error.
import type { Address, ReadonlyUint8Array } from "@solana/kit";
import type { Pool } from "./generated/index.ts";
import { BPS } from "./math.ts";

export const PYTH_RECEIVER_PROGRAM_ADDRESS = "rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ" as Address;
export const PRICE_UPDATE_V2_DISCRIMINATOR = new Uint8Array([34, 241, 35, 99, 157, 126, 244, 205]);

/** The fields of a `PriceUpdateV2` the pool uses. */
export type PriceUpdate = {
  fullyVerified: boolean;
  feedId: Uint8Array;
  price: bigint;
  conf: bigint;
  exponent: number;
  publishTime: bigint;
  emaPrice: bigint;
};

/** A validated reading: `price × 10^expo` quote units per whole token (`OraclePrice`). */
export type OraclePrice = { price: bigint; conf: bigint; emaPrice: bigint; expo: number; publishTime: bigint };

/** `Conservative` (borrow, collateral withdrawal: collateral low, debt high, confidence
 * bounded) or `Spot` (liquidation, marks: spot prices, any confidence). */
export type PriceMode = "conservative" | "spot";

/** A price the program would refuse; `code` is the `LendingError` it fails with. */
export class OracleError extends Error {
  constructor(
    readonly code:
      | "OracleInvalidAccount"
      | "OracleWrongOwner"
      | "OracleWrongFeed"
      | "OracleNotFullyVerified"
      | "OracleStale"
      | "OracleNonPositivePrice"
      | "OracleConfidenceTooWide",
  ) {
    super(code);
    this.name = "OracleError";
  }
}

/** `decode_price_update`: the account data of a `PriceUpdateV2` (verification level is a
 * Borsh enum: `Partial { num_signatures }` takes 2 bytes, `Full` 1). */
export function decodePriceUpdate(data: ReadonlyUint8Array): PriceUpdate {
  let at = 0;
  const take = (n: number) => {
    if (data.length < at + n) throw new OracleError("OracleInvalidAccount");
    const v = new DataView(data.buffer, data.byteOffset + at, n);
    at += n;
    return v;
  };
  const disc = take(8);
  if (PRICE_UPDATE_V2_DISCRIMINATOR.some((b, i) => disc.getUint8(i) !== b)) throw new OracleError("OracleInvalidAccount");
  take(32); // write authority
  const level = take(1).getUint8(0);
  if (level > 1) throw new OracleError("OracleInvalidAccount");
  if (level === 0) take(1); // num_signatures
  const feed = take(32);
  const feedId = new Uint8Array(feed.buffer.slice(feed.byteOffset, feed.byteOffset + 32));
  const price = take(8).getBigInt64(0, true);
  const conf = take(8).getBigUint64(0, true);
  const exponent = take(4).getInt32(0, true);
  const publishTime = take(8).getBigInt64(0, true);
  take(8); // prev_publish_time
  const emaPrice = take(8).getBigInt64(0, true);
  return { fullyVerified: level === 1, feedId, price, conf, exponent, publishTime, emaPrice };
}

const sameFeed = (a: ReadonlyUint8Array, b: ReadonlyUint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** `validate_price`: the checks in the program's order (feed, verification, age, sign, and
 * for conservative prices `requireConservative`). */
export function validatePrice(
  u: PriceUpdate,
  feedId: ReadonlyUint8Array,
  now: bigint,
  config: Pool["config"],
  mode: PriceMode,
): OraclePrice {
  if (!sameFeed(u.feedId, feedId)) throw new OracleError("OracleWrongFeed");
  if (!u.fullyVerified) throw new OracleError("OracleNotFullyVerified");
  if (now - u.publishTime > BigInt(config.oracleMaxAgeSecs)) throw new OracleError("OracleStale");
  if (u.price <= 0n) throw new OracleError("OracleNonPositivePrice");
  const p = { price: u.price, conf: u.conf, emaPrice: u.emaPrice, expo: u.exponent, publishTime: u.publishTime };
  if (mode === "conservative") requireConservative(p, config);
  return p;
}

/** `require_conservative`: what prices that open risk need beyond a spot price, a positive
 * EMA and the confidence band `conf × BPS ≤ price × max_conf_bps`. Spot pricing checks
 * neither (a wide band or a bad EMA never blocks a liquidation or a mark). */
export function requireConservative(p: OraclePrice, config: Pool["config"]): void {
  if (p.emaPrice <= 0n) throw new OracleError("OracleNonPositivePrice");
  if (p.conf * BPS > p.price * BigInt(config.oracleMaxConfBps)) throw new OracleError("OracleConfidenceTooWide");
}

/** `load_price`'s checks on a fetched account: owner, layout, then `validatePrice`. */
export function loadPrice(
  account: { programAddress: Address; data: ReadonlyUint8Array },
  feedId: ReadonlyUint8Array,
  now: bigint,
  config: Pool["config"],
  mode: PriceMode,
): OraclePrice {
  if (account.programAddress !== PYTH_RECEIVER_PROGRAM_ADDRESS) throw new OracleError("OracleWrongOwner");
  return validatePrice(decodePriceUpdate(account.data), feedId, now, config, mode);
}

const U64_MAX = (1n << 64n) - 1n;
const nonNegative = (v: bigint) => (v > 0n ? v : 0n);
const lower = (a: bigint, b: bigint) => (a < b ? a : b);
const higher = (a: bigint, b: bigint) => (a > b ? a : b);

/** Collateral when opening risk: `min(price, ema) − conf`, never below zero. */
export function collateralPrice(p: OraclePrice): bigint {
  const low = nonNegative(lower(p.price, p.emaPrice));
  return low > p.conf ? low - p.conf : 0n;
}

/** Debt when opening risk: `max(price, ema) + conf` (saturating at u64, as the program). */
export const debtPrice = (p: OraclePrice) => lower(nonNegative(higher(p.price, p.emaPrice)) + p.conf, U64_MAX);

/** The spot price (liquidation eligibility, marks). */
export const spotPrice = (p: OraclePrice) => nonNegative(p.price);

/** `PriceMode::collateral` / `PriceMode::debt`. */
export const collateralPriceIn = (mode: PriceMode, p: OraclePrice) => (mode === "spot" ? spotPrice(p) : collateralPrice(p));
export const debtPriceIn = (mode: PriceMode, p: OraclePrice) => (mode === "spot" ? spotPrice(p) : debtPrice(p));
