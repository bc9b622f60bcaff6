// Exits priced with fresh marks. LP withdrawals and redemptions are priced at
// `exit_lp_assets = lp_assets − uncovered` (deposits at `lp_assets`), where `uncovered` is the part of the pool's
// marked shortfall the insurance fund would not cover. A mark is only as fresh as the last
// `mark_shortfall`: an LP who wants its exit priced at the losses visible now (or a keeper
// pricing them in before anyone leaves) prepends `mark_shortfall` for the positions that
// matter, in the same transaction. What an exit pays is computed from the decoded accounts
// by `books.ts` (the program's book-keeping in bigint), re-exported here.
//
// All three instructions emit events (`emit_cpi!`) and take the event authority and the
// program as their last two accounts: the helpers fill them in with `EVENT_CPI_ACCOUNTS`
// (the IDL's program id) unless the input gives them.
import { type Address, type Instruction, type TransactionSigner } from "@solana/kit";
import {
  getMarkShortfallInstruction,
  getRedeemInstruction,
  getRequestUnstakeInstruction,
  getWithdrawInstruction,
  type RedeemInput,
  type RequestUnstakeInput,
  type WithdrawInput,
} from "./generated/index.ts";
import { withRemainingAccounts } from "./remaining-accounts.ts";
import { EVENT_CPI_ACCOUNTS, type EventCpiAccounts } from "./events.ts";

/** A generated input with the two event-CPI accounts optional (default `EVENT_CPI_ACCOUNTS`). */
export type WithOptionalEventCpiAccounts<T> = Omit<T, "eventAuthority" | "program"> & Partial<EventCpiAccounts>;

/** One position to (re-)mark: its base oracle, and the `PriceUpdateV2` of every collateral
 * slot it holds, in slot order (the remaining accounts, as for `liquidate`). */
export type MarkTarget = {
  position: Address;
  baseOracle: Address;
  oracles: Address[];
};

/** The event-CPI accounts given, each defaulting to `EVENT_CPI_ACCOUNTS`'s. */
export function eventCpiOrDefault(e: Partial<EventCpiAccounts>): EventCpiAccounts {
  return {
    eventAuthority: e.eventAuthority ?? EVENT_CPI_ACCOUNTS.eventAuthority,
    program: e.program ?? EVENT_CPI_ACCOUNTS.program,
  };
}

/** `mark_shortfall` for each target, signed by `marker` (anyone). */
export function markShortfallInstructions(
  pool: Address,
  marker: TransactionSigner,
  marks: MarkTarget[],
  eventAccounts: EventCpiAccounts = EVENT_CPI_ACCOUNTS,
): Instruction[] {
  return marks.map((m) => {
    const ix = getMarkShortfallInstruction({
      marker,
      pool,
      position: m.position,
      baseOracle: m.baseOracle,
      eventAuthority: eventAccounts.eventAuthority,
      program: eventAccounts.program,
    });
    return withRemainingAccounts(ix, m.oracles);
  });
}

/** The marks, then `withdraw` (exactly `assets` out), in one instruction list. The owner
 * signs the marks unless `marker` is given. */
export function withdrawWithMarks(
  input: WithOptionalEventCpiAccounts<WithdrawInput> & { marks: MarkTarget[]; marker?: TransactionSigner },
): Instruction[] {
  const { marks, marker, eventAuthority, program, ...withdraw } = input;
  const events = eventCpiOrDefault({ eventAuthority, program });
  return [
    ...markShortfallInstructions(withdraw.pool, marker ?? withdraw.owner, marks, events),
    getWithdrawInstruction({ ...withdraw, ...events }),
  ];
}

/** The marks, then `redeem` (`shares` burnt), in one instruction list. */
export function redeemWithMarks(
  input: WithOptionalEventCpiAccounts<RedeemInput> & { marks: MarkTarget[]; marker?: TransactionSigner },
): Instruction[] {
  const { marks, marker, eventAuthority, program, ...redeem } = input;
  const events = eventCpiOrDefault({ eventAuthority, program });
  return [
    ...markShortfallInstructions(redeem.pool, marker ?? redeem.owner, marks, events),
    getRedeemInstruction({ ...redeem, ...events }),
  ];
}

/** The marks, then `request_unstake` (`shares` at their value now, at least `minValue`):
 * a request is valued net of the marks the fund would cover, and that value holds for good,
 * so it goes behind fresh marks of every marked position of the pool. The staker signs the
 * marks unless `marker` is given. */
export function requestUnstakeWithMarks(
  input: WithOptionalEventCpiAccounts<RequestUnstakeInput> & { marks: MarkTarget[]; marker?: TransactionSigner },
): Instruction[] {
  const { marks, marker, eventAuthority, program, ...request } = input;
  const events = eventCpiOrDefault({ eventAuthority, program });
  return [
    ...markShortfallInstructions(request.pool, marker ?? request.owner, marks, events),
    getRequestUnstakeInstruction({ ...request, ...events }),
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
