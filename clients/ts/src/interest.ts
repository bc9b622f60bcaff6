// Interest to the second, as the program accrues it (`math/interest.rs`,
// `state/pool/accrual.rs`). Every view and priced instruction accrues first, so a client
// computing "now" (health, debt, share prices) accrues a copy of the decoded pool to the
// cluster's clock with `accrueInterest` and values that.
import type { Pool } from "./generated/index.ts";
import { markedTotal, totalDebt, u128, wrapU128 } from "./books.ts";
import { BPS, MathOverflowError, U128_MAX, U64_MAX, WAD, mulDivDown, mulDivUp, mulWadUp, toU64 } from "./math.ts";

export const SECONDS_PER_YEAR = 365n * 24n * 60n * 60n;
/** `constants::MAX_BOOKS`: accrual never lets `cash + total_debt` pass half the u64 range. */
export const MAX_BOOKS = U64_MAX / 2n;
const BPS_WAD = WAD / BPS; // one basis point, WAD-scaled

/** `utilization_wad_down`: debt / (cash + debt), WAD, rounded down. */
export function utilizationWadDown(cash: bigint, debt: bigint): bigint {
  const supplied = cash + debt;
  return supplied === 0n ? 0n : mulDivDown(debt, WAD, supplied);
}

/** `borrow_rate_wad_up`: the annual rate on the kinked curve at utilization `u`, rounded up. */
export function borrowRateWadUp(config: Pool["config"], u: bigint): bigint {
  const bps = (v: number) => BigInt(v) * BPS_WAD;
  const opt = bps(config.optimalUtilizationBps);
  const uu = u < WAD ? u : WAD;
  let rate = bps(config.baseRateBps) + mulDivUp(bps(config.slope1Bps), uu < opt ? uu : opt, opt);
  if (uu > opt) rate += mulDivUp(bps(config.slope2Bps), uu - opt, WAD - opt);
  return rate;
}

/** `accrue_index_up`: the index after `dt` seconds at `rate` (simple within one accrual). */
export function accrueIndexUp(index: bigint, rateWad: bigint, dt: bigint): bigint {
  const growth = mulDivUp(rateWad, dt, SECONDS_PER_YEAR);
  return mulWadUp(WAD + growth, index);
}

/** One accrual, with the fields of the `InterestAccrued` event. */
export type Accrual = {
  dt: bigint;
  utilizationWad: bigint;
  rateWad: bigint;
  indexBefore: bigint;
  indexAfter: bigint;
  totalDebtBefore: bigint;
  totalDebtAfter: bigint;
  toInsurance: bigint;
  insuranceRemainderWad: bigint;
  markedShortfallBefore: bigint;
  markedShortfallAfter: bigint;
};

/** `Pool::accrue_interest` on a copy: the pool accrued to `now` (unix seconds) and the
 * accrual (`null` when no interest accrued, as when the program emits no event). */
export function accrueInterest(pool: Pool, now: bigint): { pool: Pool; accrual: Accrual | null } {
  const dt = now - pool.lastAccrualTs;
  if (dt <= 0n) return { pool, accrual: null };
  const scaled = u128(pool.totalScaledDebt);
  if (scaled === 0n) return { pool: { ...pool, lastAccrualTs: now }, accrual: null };
  const debtBefore = totalDebt(pool);
  const utilizationWad = utilizationWadDown(pool.cash, debtBefore);
  const rateWad = borrowRateWadUp(pool.config, utilizationWad);
  const indexBefore = u128(pool.borrowIndex);
  let index: bigint;
  try {
    index = accrueIndexUp(indexBefore, rateWad, dt);
  } catch (e) {
    if (!(e instanceof MathOverflowError)) throw e;
    index = U128_MAX; // the program's `unwrap_or(u128::MAX)`, then capped below
  }
  // the books stay representable: past `MAX_BOOKS − cash` the index stops at the cap
  const room = MAX_BOOKS > pool.cash ? MAX_BOOKS - pool.cash : 0n;
  const debtAt = (i: bigint) => {
    try {
      return mulWadUp(scaled, i);
    } catch {
      return U128_MAX;
    }
  };
  if (debtAt(index) > room) {
    const cap = mulDivDown(room, WAD, scaled);
    index = cap > indexBefore ? cap : indexBefore;
  }
  const accrued: Pool = { ...pool, lastAccrualTs: now, borrowIndex: wrapU128(index) };
  const debtAfter = totalDebt(accrued);
  const interest = toU64(debtAfter - debtBefore, "interest");
  // the reserve factor's share at WAD scale, plus the fraction carried from the last accrual
  const shareWad = interest * BigInt(pool.config.reserveFactorBps) * BPS_WAD + u128(pool.insuranceRemainderWad);
  const toInsurance = toU64(shareWad / WAD, "insurance share");
  const remainder = shareWad % WAD;
  accrued.insurancePending = toU64(pool.insurancePending + toInsurance, "insurance pending");
  accrued.insuranceRemainderWad = wrapU128(remainder);
  // marks follow the index: what the collateral repays is fixed, the marked debt grows
  accrued.markedShortfall = markedTotal(accrued);
  return {
    pool: accrued,
    accrual: {
      dt,
      utilizationWad,
      rateWad,
      indexBefore,
      indexAfter: index,
      totalDebtBefore: debtBefore,
      totalDebtAfter: debtAfter,
      toInsurance,
      insuranceRemainderWad: remainder,
      markedShortfallBefore: pool.markedShortfall,
      markedShortfallAfter: accrued.markedShortfall,
    },
  };
}
