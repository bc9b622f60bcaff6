// Borrow and supply rates as the program charges and pays them (`math/interest.rs`,
// `state/pool/accrual.rs`, SPEC "Interest").
//
// The convention: the curve gives an annual rate `r` (WAD) at the utilization of the
// books at the last accrual. One accrual over `dt` seconds grows the borrow index by
// `growth = ⌈r × dt / year⌉` (`year` = 365 days), `index' = ⌈(WAD + growth) × index / WAD⌉`:
// simple interest within one accrual, compounding across accruals. Every instruction that
// touches debt or LP value accrues first, and timestamps are whole seconds, so the program
// compounds at each accrual and at most once a second. Hence:
// - the APR (`borrowAprWadUp`, `supplyAprWadDown`) is exact: what the next accrual charges
//   per second, the number to check against the program;
// - the APY compounds the APR over `year / periodSecs` accruals of `periodSecs` each,
//   each growing by the program's `growth` for that period. The default, one second, is
//   the most the program can compound: a borrower pays at most `borrowApyWadUp`, and a
//   pool touched less often compounds less (one accrual a year pays the APR).
// Borrow figures round up and supply figures down, so neither overstates in the user's
// favour. All values are WAD fractions (`WAD` = 100%).
import type { Pool } from "./generated/index.ts";
import { lpAssets, totalDebt } from "./books.ts";
import { SECONDS_PER_YEAR, accrueIndexUp, borrowRateWadUp, utilizationWadDown } from "./interest.ts";
import { BPS, WAD, mulDivDown, mulDivUp } from "./math.ts";

/** Utilization of the books now (WAD, down): debt / (cash + debt), cash including the
 * insurance fund's pending share, as the accrual computes it. */
export const utilizationWad = (pool: Pool): bigint => utilizationWadDown(pool.cash, totalDebt(pool));

/** The annual borrow rate the pool's next accrual charges (WAD, up). Pass the pool brought
 * up to now (`poolAt`) for the rate from now on. */
export const borrowAprWadUp = (pool: Pool): bigint => borrowRateWadUp(pool.config, utilizationWad(pool));

/** What LP shares earn a year at that rate (WAD, down): the interest on the total debt less
 * the reserve factor's share (the insurance fund's), over the LP assets it accrues to. */
export function supplyAprWadDown(pool: Pool): bigint {
  const assets = lpAssets(pool);
  if (assets === 0n) return 0n;
  const lpShareBps = BPS - BigInt(pool.config.reserveFactorBps);
  return (borrowAprWadUp(pool) * totalDebt(pool) * lpShareBps) / (BPS * assets);
}

/** The borrow index after `periods` accruals of `periodSecs` each at `rateWad`, rounded as
 * the program rounds each one (`accrue_index_up`): exact while the rate holds. */
export function projectBorrowIndexUp(index: bigint, rateWad: bigint, periodSecs: bigint, periods: number): bigint {
  let i = index;
  for (let k = 0; k < periods; k++) i = accrueIndexUp(i, rateWad, periodSecs);
  return i;
}

const SCALE = WAD * WAD; // the APY is compounded at 36 decimals and rounded to WAD once

function mulScaled(a: bigint, b: bigint, up: boolean): bigint {
  const p = a * b;
  return up && p % SCALE !== 0n ? p / SCALE + 1n : p / SCALE;
}

/** `(1 + growth)^periods − 1` (WAD in and out), by squaring at 36 decimals: every step
 * rounds the same way, so the result brackets the exact value from the side asked. */
export function compoundWad(growthWad: bigint, periods: bigint, up: boolean): bigint {
  let base = SCALE + growthWad * WAD;
  let acc = SCALE;
  for (let n = periods; n > 0n; n >>= 1n) {
    if (n & 1n) acc = mulScaled(acc, base, up);
    base = mulScaled(base, base, up);
  }
  const gained = acc - SCALE;
  return up && gained % WAD !== 0n ? gained / WAD + 1n : gained / WAD;
}

/** How often the APY assumes the pool accrues (seconds; default 1, the program's most). */
export type CompoundingOptions = { periodSecs?: bigint };

function periodsOf(options: CompoundingOptions): [bigint, bigint] {
  const period = options.periodSecs ?? 1n;
  if (period <= 0n || period > SECONDS_PER_YEAR) throw new RangeError(`period of ${period} s: must be 1 s to a year`);
  return [period, SECONDS_PER_YEAR / period];
}

/** The borrow APY (WAD, up): `borrowAprWadUp` compounded at each accrual, every
 * `periodSecs`, with the program's per-accrual growth `⌈r × period / year⌉`. */
export function borrowApyWadUp(pool: Pool, options: CompoundingOptions = {}): bigint {
  const [period, periods] = periodsOf(options);
  return compoundWad(mulDivUp(borrowAprWadUp(pool), period, SECONDS_PER_YEAR), periods, true);
}

/** The supply APY (WAD, down): `supplyAprWadDown` compounded the same way, its per-period
 * growth rounded down (utilization held where it is). */
export function supplyApyWadDown(pool: Pool, options: CompoundingOptions = {}): bigint {
  const [period, periods] = periodsOf(options);
  return compoundWad(mulDivDown(supplyAprWadDown(pool), period, SECONDS_PER_YEAR), periods, false);
}
