// Where a helper asks "the largest amount the program accepts", the program's rule is a
// chain of rounded integer steps (scaled debt up, then debt up, then value up; a value
// down, then a limit down), and inverting each step in closed form invites an off-by-one.
// Every such rule is monotone in the amount, so the helpers search it instead: at most
// ~64 evaluations of the program's own arithmetic, and the answer is exact by construction.

/** The largest `x` in `[lo, hi]` with `ok(x)`, for `ok` true up to some point and false
 * after it; `null` when `ok(lo)` is false. */
export function largestWhere(lo: bigint, hi: bigint, ok: (x: bigint) => boolean): bigint | null {
  if (hi < lo || !ok(lo)) return null;
  while (lo < hi) {
    const mid = lo + (hi - lo + 1n) / 2n; // rounds up, so the loop always moves
    if (ok(mid)) lo = mid;
    else hi = mid - 1n;
  }
  return lo;
}
