// Exits priced with fresh marks. LP withdrawals and redemptions are priced at
// `exit_lp_assets = lp_assets − uncovered` (deposits at `lp_assets`), where `uncovered` is the part of the pool's
// marked shortfall the insurance fund would not cover. A mark is only as fresh as the last
// `mark_shortfall`: an LP who wants its exit priced at the losses visible now (or a keeper
// pricing them in before anyone leaves) prepends `mark_shortfall` for the positions that
// matter, in the same transaction. What an exit pays is computed from the decoded accounts
// by `books.ts` (the program's book-keeping in bigint), re-exported here.
import { type Address, type Instruction, type TransactionSigner } from "@solana/kit";
import {
  getMarkShortfallInstruction,
  getRedeemInstruction,
  getWithdrawInstruction,
  type RedeemInput,
  type WithdrawInput,
} from "./generated/index.ts";
import { withRemainingAccounts } from "./remaining-accounts.ts";

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
    return withRemainingAccounts(ix, m.oracles);
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

export {
  exitLpAssets,
  insuranceBalance,
  insuranceValue,
  lpAssets,
  sharePriceWad,
  toAssetsDown,
  toSharesUp,
  totalDebt,
  u128,
  uncoveredShortfall,
} from "./books.ts";
export { WAD } from "./math.ts";
