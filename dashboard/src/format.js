// Display formatting for the indexer's integers. Amounts, shares and WAD values arrive as
// decimal strings (u64/u128 overflow a JS number), so every conversion here is BigInt;
// only the chart helpers at the bottom produce (approximate) Numbers, for plotting.

export const WAD_DECIMALS = 18;
export const U128_MAX = (1n << 128n) - 1n;

/** Strict parse: a decimal string, a bigint or a safe-integer number; anything else throws. */
export function toBigInt(value) {
  if (typeof value === "bigint") return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  // A number past 2^53 has already lost units: refuse it rather than show a wrong value.
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  throw new TypeError(`not an exact integer: ${JSON.stringify(value)}`);
}

function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * `raw / 10^scale` as a decimal string, rounded toward zero to `maxFraction` digits,
 * trailing zeros trimmed down to `minFraction`. A non-zero value that would print as
 * zero shows as "<0.0…1" so dust never reads as nothing.
 */
export function formatFixed(raw, scale, { maxFraction = scale, minFraction = 0, grouping = true } = {}) {
  let v = toBigInt(raw);
  const negative = v < 0n;
  if (negative) v = -v;
  const base = 10n ** BigInt(scale);
  const whole = v / base;
  let frac = scale > 0 ? (v % base).toString().padStart(scale, "0").slice(0, maxFraction) : "";
  frac = frac.replace(/0+$/, "");
  if (frac.length < minFraction) frac = frac.padEnd(minFraction, "0");
  const sign = negative ? "-" : "";
  if (v !== 0n && whole === 0n && /^0*$/.test(frac) && maxFraction > 0) {
    return `${sign}<0.${"0".repeat(maxFraction - 1)}1`;
  }
  const int = grouping ? groupThousands(whole.toString()) : whole.toString();
  return frac ? `${sign}${int}.${frac}` : `${sign}${int}`;
}

/** A base-unit amount in whole tokens, exact (all `decimals` digits kept, zeros trimmed). */
export function formatAmount(raw, decimals, opts = {}) {
  return formatFixed(raw, decimals, { maxFraction: decimals, ...opts });
}

/** A WAD fixed-point value (share price, health) with a fixed number of digits. */
export function formatWad(raw, digits = 6) {
  return formatFixed(raw, WAD_DECIMALS, { maxFraction: digits, minFraction: digits });
}

/** Health factor: u128::MAX means "no debt". */
export function formatHealth(raw, digits = 4) {
  return toBigInt(raw) === U128_MAX ? "∞" : formatWad(raw, digits);
}

/** Basis points as a percentage, integer arithmetic ("12.34%"); null → "—". */
export function formatBps(bps, digits = 2) {
  if (bps === null || bps === undefined) return "—";
  // 1 bps = 0.01%: the value is bps / 100 percent, i.e. a 2-digit fixed point.
  return `${formatFixed(toBigInt(bps), 2, { maxFraction: digits, minFraction: digits })}%`;
}

/** num / den in basis points, rounded down; null when den is 0. */
export function ratioBps(num, den) {
  const d = toBigInt(den);
  if (d === 0n) return null;
  return Number((toBigInt(num) * 10_000n) / d);
}

/** Signed difference `after - before` as a BigInt. */
export function delta(before, after) {
  return toBigInt(after) - toBigInt(before);
}

/** Price change from before to after, in basis points (negative for a write-down). */
export function changeBps(before, after) {
  const b = toBigInt(before);
  if (b === 0n) return null;
  return Number(((toBigInt(after) - b) * 10_000n) / b);
}

export function shortAddress(addr, keep = 4) {
  if (typeof addr !== "string" || addr.length <= keep * 2 + 1) return addr ?? "";
  return `${addr.slice(0, keep)}…${addr.slice(-keep)}`;
}

export function formatSlot(slot) {
  return slot === null || slot === undefined ? "—" : groupThousands(String(slot));
}

/** Unix seconds as UTC "YYYY-MM-DD HH:MM:SS" (UTC so every viewer sees the same time). */
export function formatTime(unixSeconds) {
  if (unixSeconds === null || unixSeconds === undefined) return "—";
  return new Date(unixSeconds * 1000).toISOString().replace("T", " ").slice(0, 19);
}

// --- chart helpers: Numbers are fine for pixels, never for the numbers shown as text ---

/** A base-unit amount as an approximate Number of whole tokens. */
export function amountToNumber(raw, decimals) {
  return Number(formatFixed(raw, decimals, { grouping: false }));
}

export function wadToNumber(raw) {
  return Number(formatFixed(raw, WAD_DECIMALS, { grouping: false }));
}

export function bpsToPercent(bps) {
  return bps === null || bps === undefined ? null : bps / 100;
}
