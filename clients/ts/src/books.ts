// The pool's books from decoded accounts, in bigint, as the program computes them
// (`state/pool/mod.rs`, `mark.rs`, `state/position.rs`, `InsuranceFund::balance`,
// `math/shares.rs`, `events::LpBooks::of`). Values are at the pool's last accrual; accrue
// a copy first (`accrueInterest` in `interest.ts`) for the books the program sees now.
import type { InsuranceFund, LpBooks, Pool, Position, WrappedU128 } from "./generated/index.ts";
import { WAD, mulDivDown, mulDivUp, mulWadUp, toU64 } from "./math.ts";

// the LP shares' virtual offset (`constants::VIRTUAL_ASSETS`, `VIRTUAL_SHARES`)
const VIRTUAL_ASSETS = 1n;
const VIRTUAL_SHARES = 1n;

/** A zero-copy u128 (16 little-endian bytes) as a bigint. */
export function u128(w: WrappedU128): bigint {
  let v = 0n;
  for (let i = w.leBytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(w.leBytes[i]);
  return v;
}

/** A bigint as a zero-copy u128 (for accounts updated off-chain, e.g. an accrued copy). */
export function wrapU128(v: bigint): WrappedU128 {
  const leBytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) leBytes[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return { leBytes };
}

const addU64 = (a: bigint, b: bigint, what: string) => toU64(a + b, what);
const subU64 = (a: bigint, b: bigint, what: string) => toU64(a - b, what);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** `Position::debt`: scaled debt × borrow index, rounded up (what the borrower owes). */
export const positionDebt = (position: Position, borrowIndex: bigint) =>
  toU64(mulWadUp(u128(position.scaledDebt), borrowIndex), "position debt");

/** `Pool::total_debt`: total scaled debt × borrow index, rounded up. */
export const totalDebt = (pool: Pool) =>
  toU64(mulWadUp(u128(pool.totalScaledDebt), u128(pool.borrowIndex)), "total debt");

/** `Pool::lp_assets_at`: cash + `debt` − pending insurance. */
export const lpAssetsAt = (pool: Pool, debt: bigint) =>
  subU64(addU64(pool.cash, debt, "lp assets"), pool.insurancePending, "lp assets");

/** `Pool::marked_total`: the pool's marks at its borrow index (what `markedShortfall` holds
 * after every accrual): `⌈markedScaledDebt × index⌉ − markedRepayable`. */
export function markedTotal(pool: Pool): bigint {
  const debt = toU64(mulWadUp(u128(pool.markedScaledDebt), u128(pool.borrowIndex)), "marked debt");
  return debt > pool.markedRepayable ? debt - pool.markedRepayable : 0n;
}

/** `Pool::position_mark`: a position's mark at the pool's borrow index (0 unmarked). */
export function positionMark(pool: Pool, position: Position): bigint {
  if (position.markedShortfall === 0n) return 0n;
  const debt = toU64(mulWadUp(u128(position.markScaledDebt), u128(pool.borrowIndex)), "marked debt");
  return debt > position.markRepayable ? debt - position.markRepayable : 0n;
}

/** `Pool::put_mark` on copies: the pool with `position` (its debt at the pool's index)
 * re-marked at `shortfall`, what `mark_shortfall` with fresh prices leaves (0 releases). */
export function withMark(pool: Pool, position: Position, shortfall: bigint): Pool {
  let scaled = u128(pool.markedScaledDebt);
  let repayable = pool.markedRepayable;
  if (position.markedShortfall > 0n) {
    scaled -= u128(position.markScaledDebt);
    repayable -= position.markRepayable;
  }
  if (shortfall > 0n) {
    scaled += u128(position.scaledDebt);
    repayable += positionDebt(position, u128(pool.borrowIndex)) - shortfall;
  }
  const next = { ...pool, markedScaledDebt: wrapU128(scaled), markedRepayable: repayable };
  return { ...next, markedShortfall: markedTotal(next) };
}

/** `Pool::lp_assets`: what all LP shares are worth (deposits are priced at it). */
export const lpAssets = (pool: Pool) => lpAssetsAt(pool, totalDebt(pool));

/** `Pool::available_cash`: what LPs and borrowers may take (not the fund's pending claim). */
export const availableCash = (pool: Pool) => (pool.cash > pool.insurancePending ? pool.cash - pool.insurancePending : 0n);

/** `InsuranceFund::balance`: the fund's ledger (what its vault owes). */
export function insuranceBalance(fund: InsuranceFund): bigint {
  const inflow = fund.totalInterestIn + fund.totalFeesIn + fund.totalDonationsIn + fund.totalStakedIn;
  return toU64(inflow - fund.totalCoveredOut - fund.totalUnstakedOut, "insurance balance");
}

/** `Pool::insurance_value`: the fund's ledger plus the pool's pending insurance interest
 * (`gross`), the part of the marked shortfall it would pay (`covered`), and what insurance
 * shares trade at (`net = gross − covered`). */
export function insuranceValue(pool: Pool, fundLedger: bigint): { gross: bigint; covered: bigint; net: bigint } {
  const gross = addU64(fundLedger, pool.insurancePending, "insurance value");
  const covered = min(pool.markedShortfall, gross);
  return { gross, covered, net: gross - covered };
}

/** `Pool::uncovered_shortfall`: the marked shortfall beyond the fund's ledger + pending. */
export const uncoveredShortfall = (pool: Pool, fundLedger: bigint) =>
  pool.markedShortfall - insuranceValue(pool, fundLedger).covered;

/** `Pool::exit_lp_assets`: what LP withdrawals and redemptions are priced at (never below 0). */
export function exitLpAssets(pool: Pool, fundLedger: bigint): bigint {
  const left = lpAssets(pool) - uncoveredShortfall(pool, fundLedger);
  return left > 0n ? left : 0n;
}

/** LP units `deposit` mints for `assets` (rounded down, `to_shares_down`). */
export const toSharesDown = (assets: bigint, lpAssetsNow: bigint, supply: bigint) =>
  toU64(mulDivDown(assets, supply + VIRTUAL_SHARES, lpAssetsNow + VIRTUAL_ASSETS), "shares");

/** LP units `withdraw` burns for exactly `assets` (rounded up, `to_shares_up`). */
export const toSharesUp = (assets: bigint, lpAssetsNow: bigint, supply: bigint) =>
  toU64(mulDivUp(assets, supply + VIRTUAL_SHARES, lpAssetsNow + VIRTUAL_ASSETS), "shares");

/** Base units `redeem` pays for `shares` (rounded down, `to_assets_down`); insurance shares
 * are valued the same way against the fund's `net` value and `total_shares`. */
export const toAssetsDown = (shares: bigint, assets: bigint, supply: bigint) =>
  toU64(mulDivDown(shares, assets + VIRTUAL_ASSETS, supply + VIRTUAL_SHARES), "assets");

/** Base units per share, WAD, rounded down (`share_price_wad_down`). */
export const sharePriceWad = (assets: bigint, supply: bigint) =>
  mulDivDown(assets + VIRTUAL_ASSETS, WAD, supply + VIRTUAL_SHARES);

/** `LpBooks::of`: the LP side of the books as the program's LP events carry it, with the
 * share price deposits pay (`sharePriceWad`) and the exit price exits pay
 * (`exitSharePriceWad`, net of the marks insurance would not cover). */
export function lpBooks(pool: Pool, lpSupply: bigint, fundLedger: bigint): LpBooks {
  const debt = totalDebt(pool);
  const assets = lpAssetsAt(pool, debt);
  const uncovered = uncoveredShortfall(pool, fundLedger);
  return {
    cash: pool.cash,
    totalDebt: debt,
    insurancePending: pool.insurancePending,
    lpAssets: assets,
    lpSupply,
    sharePriceWad: sharePriceWad(assets, lpSupply),
    markedShortfall: pool.markedShortfall,
    uncoveredShortfall: uncovered,
    exitSharePriceWad: sharePriceWad(assets > uncovered ? assets - uncovered : 0n, lpSupply),
  };
}
