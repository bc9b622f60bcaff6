// The two numbers a sender chooses besides the instructions (`send.ts` uses them):
// - the compute-unit limit: the units a simulation consumed plus a margin, rounded up. A
//   limit fitted to the transaction costs less priority fee than the 200,000-per-instruction
//   default (the fee is price × limit) and packs into blocks more easily; the margin covers
//   what may differ between the simulation and the landing (e.g. interest accrued in a later
//   second, another code path in a re-mark);
// - the compute-unit price: a percentile of the fees recently paid to write the same
//   accounts (`getRecentPrioritizationFees`, one figure per recent slot), capped so a fee
//   spike never spends more than the caller allows.

/** The runtime's most compute units per transaction. */
export const MAX_COMPUTE_UNIT_LIMIT = 1_400_000;

/** `consumed × (1 + marginBps / 10,000)`, rounded up, at most `MAX_COMPUTE_UNIT_LIMIT`
 * (a transaction that needs more cannot be sent at all: that throws). */
export function fitComputeUnitLimit(consumed: bigint, marginBps: number): number {
  if (consumed > BigInt(MAX_COMPUTE_UNIT_LIMIT)) throw new RangeError(`${consumed} compute units: more than a transaction may use`);
  if (!Number.isInteger(marginBps) || marginBps < 0) throw new RangeError(`margin of ${marginBps} bps`);
  const fitted = (consumed * BigInt(10_000 + marginBps) + 9_999n) / 10_000n;
  return Number(fitted < BigInt(MAX_COMPUTE_UNIT_LIMIT) ? fitted : BigInt(MAX_COMPUTE_UNIT_LIMIT));
}

/** The `percentile` (0–100, nearest rank) of recent per-slot fees (micro-lamports per
 * compute unit), within `[min, max]`; `min` without samples. */
export function priorityFeeFromRecent(fees: readonly bigint[], percentile: number, min: bigint, max: bigint): bigint {
  if (!(percentile >= 0 && percentile <= 100)) throw new RangeError(`percentile ${percentile}`);
  if (max < min) throw new RangeError(`fee cap ${max} below its floor ${min}`);
  if (fees.length === 0) return min;
  const sorted = [...fees].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length)); // 1-based nearest rank
  const fee = sorted[rank - 1];
  return fee < min ? min : fee > max ? max : fee;
}
