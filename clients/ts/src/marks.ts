// Exits priced with fresh marks. LP withdrawals and redemptions are priced at
// `exit_lp_assets = lp_assets − uncovered` (deposits at `lp_assets`), where `uncovered` is the part of the pool's
// marked shortfall the insurance fund would not cover. A mark is only as fresh as the last
// `mark_shortfall`: an LP who wants its exit priced at the losses visible now (or a keeper
// pricing them in before anyone leaves) prepends `mark_shortfall` for the positions that
// matter, in the same transaction. The book-keeping below mirrors the program's
// (`Pool::lp_assets`, `Pool::exit_lp_assets`, `InsuranceFund::balance`, `math/shares.rs`),
// in bigint, rounding as the program does.
import { AccountRole, type Address, type Instruction, type TransactionSigner } from "@solana/kit";
import {
  getMarkShortfallInstruction,
  getRedeemInstruction,
  getWithdrawInstruction,
  type InsuranceFund,
  type Pool,
  type RedeemInput,
  type WithdrawInput,
  type WrappedU128,
} from "./generated/index.ts";

export const WAD = 10n ** 18n;
const U64_MAX = (1n << 64n) - 1n;
// the LP shares' virtual offset (`constants::VIRTUAL_ASSETS`, `VIRTUAL_SHARES`)
const VIRTUAL_ASSETS = 1n;
const VIRTUAL_SHARES = 1n;

/** One position to (re-)mark: its base oracle, and the `PriceUpdateV2` of every collateral
 * slot it holds, in slot order (the remaining accounts, as for `liquidate`). */
export type MarkTarget = {
  position: Address;
  baseOracle: Address;
  oracles: Address[];
};

/** `mark_shortfall` for each target, signed by `marker` (anyone). */
export function markShortfallInstructions(
  pool: Address,
  marker: TransactionSigner,
  marks: MarkTarget[],
): Instruction[] {
  return marks.map((m) => {
    const ix = getMarkShortfallInstruction({
      marker,
      pool,
      position: m.position,
      baseOracle: m.baseOracle,
    });
    return {
      ...ix,
      accounts: [...ix.accounts, ...m.oracles.map((address) => ({ address, role: AccountRole.READONLY }))],
    };
  });
}

/** The marks, then `withdraw` (exactly `assets` out), in one instruction list. The owner
 * signs the marks unless `marker` is given. */
export function withdrawWithMarks(
  input: WithdrawInput & { marks: MarkTarget[]; marker?: TransactionSigner },
): Instruction[] {
  const { marks, marker, ...withdraw } = input;
  return [
    ...markShortfallInstructions(withdraw.pool, marker ?? withdraw.owner, marks),
    getWithdrawInstruction(withdraw),
  ];
}

/** The marks, then `redeem` (`shares` burnt), in one instruction list. */
export function redeemWithMarks(
  input: RedeemInput & { marks: MarkTarget[]; marker?: TransactionSigner },
): Instruction[] {
  const { marks, marker, ...redeem } = input;
  return [
    ...markShortfallInstructions(redeem.pool, marker ?? redeem.owner, marks),
    getRedeemInstruction(redeem),
  ];
}

/** A zero-copy u128 (16 little-endian bytes) as a bigint. */
export function u128(w: WrappedU128): bigint {
  let v = 0n;
  for (let i = w.leBytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(w.leBytes[i]);
  return v;
}

function checkedU64(v: bigint, what: string): bigint {
  if (v < 0n || v > U64_MAX) throw new RangeError(`${what} out of u64 range: ${v}`);
  return v;
}

const divUp = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** `Pool::total_debt`: scaled debt × borrow index, rounded up (what borrowers owe). */
export function totalDebt(pool: Pool): bigint {
  return checkedU64(divUp(u128(pool.totalScaledDebt) * u128(pool.borrowIndex), WAD), "total debt");
}

/** `Pool::lp_assets`: cash + debt − pending insurance (at the pool's last accrual). */
export function lpAssets(pool: Pool): bigint {
  return checkedU64(pool.cash + totalDebt(pool) - pool.insurancePending, "lp assets");
}

/** `InsuranceFund::balance`: the fund's ledger. */
export function insuranceBalance(fund: InsuranceFund): bigint {
  const inflow = fund.totalInterestIn + fund.totalFeesIn + fund.totalDonationsIn + fund.totalStakedIn;
  return checkedU64(inflow - fund.totalCoveredOut - fund.totalUnstakedOut, "insurance balance");
}

/** `Pool::insurance_value`: the fund's ledger plus the pool's pending insurance interest
 * (`gross`), the part of the marked shortfall it would pay (`covered`), and what insurance
 * shares trade at (`net = gross − covered`). */
export function insuranceValue(pool: Pool, fundLedger: bigint): { gross: bigint; covered: bigint; net: bigint } {
  const gross = fundLedger + pool.insurancePending;
  const covered = pool.markedShortfall < gross ? pool.markedShortfall : gross;
  return { gross, covered, net: gross - covered };
}

/** `Pool::uncovered_shortfall`: the marked shortfall beyond the fund's ledger + pending. */
export function uncoveredShortfall(pool: Pool, fundLedger: bigint): bigint {
  return pool.markedShortfall - insuranceValue(pool, fundLedger).covered;
}

/** `Pool::exit_lp_assets`: what LP flows are priced at (never below zero). */
export function exitLpAssets(pool: Pool, fundLedger: bigint): bigint {
  const left = lpAssets(pool) - uncoveredShortfall(pool, fundLedger);
  return left > 0n ? left : 0n;
}

/** Base units `redeem` pays for `shares` (rounded down); insurance shares are valued the
 * same way against the fund's `net` value and `total_shares`. */
export function toAssetsDown(shares: bigint, assets: bigint, supply: bigint): bigint {
  return checkedU64((shares * (assets + VIRTUAL_ASSETS)) / (supply + VIRTUAL_SHARES), "assets");
}

/** LP units `withdraw` burns for exactly `assets` (rounded up). */
export function toSharesUp(assets: bigint, lpAssetsNow: bigint, supply: bigint): bigint {
  return checkedU64(divUp(assets * (supply + VIRTUAL_SHARES), lpAssetsNow + VIRTUAL_ASSETS), "shares");
}

/** Base units per LP unit, WAD, rounded down (`share_price_wad_down`). */
export function sharePriceWad(assets: bigint, supply: bigint): bigint {
  return ((assets + VIRTUAL_ASSETS) * WAD) / (supply + VIRTUAL_SHARES);
}
