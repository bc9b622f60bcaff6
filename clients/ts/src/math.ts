// The program's integer math (`programs/lending-pool/src/math/fixed.rs`, `price.rs`) in
// bigint, to the unit: every division names its rounding direction as the program's does,
// and every result the program narrows or bounds (u64 amounts, 128-bit quotients) fails
// here with a `MathOverflowError` where the program fails with `MathOverflow`. bigint
// products never overflow, so the 256-bit intermediates of `mul_div` are exact for free.

export const WAD = 10n ** 18n;
export const BPS = 10_000n;
export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;

/** Where the program would fail with `LendingError::MathOverflow` (or `OracleNonPositivePrice`). */
export class MathOverflowError extends RangeError {
  constructor(what: string) {
    super(`math overflow: ${what}`);
    this.name = "MathOverflowError";
  }
}

function u128Result(v: bigint, what: string): bigint {
  if (v > U128_MAX) throw new MathOverflowError(`${what} does not fit 128 bits`);
  return v;
}

function divisor(d: bigint, what: string): bigint {
  if (d === 0n) throw new MathOverflowError(`${what}: division by zero`);
  return d;
}

/** `to_u64`: narrows to a token amount. */
export function toU64(v: bigint, what = "amount"): bigint {
  if (v < 0n || v > U64_MAX) throw new MathOverflowError(`${what} out of u64 range: ${v}`);
  return v;
}

/** `a * b / d`, rounded down (`mul_div_down`). */
export function mulDivDown(a: bigint, b: bigint, d: bigint): bigint {
  return u128Result((a * b) / divisor(d, "mul_div_down"), "mul_div_down");
}

/** `a * b / d`, rounded up (`mul_div_up`). */
export function mulDivUp(a: bigint, b: bigint, d: bigint): bigint {
  const p = a * b;
  const q = p / divisor(d, "mul_div_up");
  return u128Result(p % d === 0n ? q : q + 1n, "mul_div_up");
}

/** `a * b / WAD`, rounded down (`mul_wad_down`). */
export const mulWadDown = (a: bigint, b: bigint) => mulDivDown(a, b, WAD);

/** `a * b / WAD`, rounded up (`mul_wad_up`): e.g. debt from scaled debt and the index. */
export const mulWadUp = (a: bigint, b: bigint) => mulDivUp(a, b, WAD);

/** `n / d` as a WAD ratio, rounded down, saturating at `u128::MAX` (`ratio_wad_down`; the
 * program's "div_wad_down": it has no rounding-up counterpart). */
export function ratioWadDown(n: bigint, d: bigint): bigint {
  const q = (n * WAD) / divisor(d, "ratio_wad_down");
  return q > U128_MAX ? U128_MAX : q;
}

/** `a × b`, exact, failing past 128 bits (`mul_exact`). */
export const mulExact = (a: bigint, b: bigint) => u128Result(a * b, "mul_exact");

const pow10 = (e: bigint) => {
  if (e > 38n) throw new MathOverflowError(`10^${e}`);
  return 10n ** e;
};

/** `value_wad`: `amount` base units of a `decimals` token at `price × 10^expo` per whole
 * token, in WAD quote units; one division, rounded as asked. */
function valueWad(amount: bigint, decimals: number, price: bigint, expo: number, up: boolean): bigint {
  const raw = toU64(amount) * toU64(price, "price"); // u64 × u64 always fits
  const e = 18n + BigInt(expo) - BigInt(decimals);
  if (e >= 0n) return mulExact(raw, pow10(e));
  if (-e > 38n) return up && raw !== 0n ? 1n : 0n;
  const d = pow10(-e);
  const q = raw / d;
  return up && raw % d !== 0n ? q + 1n : q;
}

/** Collateral value, rounded down (`value_wad_down`). */
export const valueWadDown = (amount: bigint, decimals: number, price: bigint, expo: number) =>
  valueWad(amount, decimals, price, expo, false);

/** Debt value, rounded up (`value_wad_up`). */
export const valueWadUp = (amount: bigint, decimals: number, price: bigint, expo: number) =>
  valueWad(amount, decimals, price, expo, true);

/** `amount_for_value`: token units worth `value` WAD quote units, unbounded (u128). */
function amountForValue(value: bigint, decimals: number, price: bigint, expo: number, up: boolean): bigint {
  if (price <= 0n) throw new MathOverflowError("non-positive price (OracleNonPositivePrice)");
  const e = 18n + BigInt(expo) - BigInt(decimals);
  const [n, d] = e >= 0n ? [value, mulExact(price, pow10(e))] : [mulExact(value, pow10(-e)), price];
  const q = n / d;
  return up && n % d !== 0n ? q + 1n : q;
}

/** Base units worth `value`, rounded down (`amount_for_value_down`). */
export const amountForValueDown = (value: bigint, decimals: number, price: bigint, expo: number) =>
  toU64(amountForValue(value, decimals, price, expo, false));

/** Base units worth at least `value`, rounded up (`amount_for_value_up`). */
export const amountForValueUp = (value: bigint, decimals: number, price: bigint, expo: number) =>
  toU64(amountForValue(value, decimals, price, expo, true));

/** `min(amount_for_value_down(value), cap)` (`amount_for_value_down_capped`). */
export function amountForValueDownCapped(value: bigint, decimals: number, price: bigint, expo: number, cap: bigint) {
  const a = amountForValue(value, decimals, price, expo, false);
  return a < cap ? a : cap;
}

/** `min(amount_for_value_up(value), cap)` (`amount_for_value_up_capped`). */
export function amountForValueUpCapped(value: bigint, decimals: number, price: bigint, expo: number, cap: bigint) {
  const a = amountForValue(value, decimals, price, expo, true);
  return a < cap ? a : cap;
}
