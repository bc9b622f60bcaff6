// LP exits as the pool allows them (SPEC, "LP exits cannot outrun a loss in progress"): in
// a calm pool `redeem` pays at once; while the pool is stressed (marked losses the
// insurance fund would not cover, or the breaker tripped) an exit is `request_exit`, paid
// by `complete_exit` `exit_delay_secs` later at the lesser of the shares' value at the
// request and their value then. `exitWithMarks` places the marks first and picks the exit
// from the pool as they leave it, so a frontend never sends a redemption the program
// refuses (`PoolStressed`).
import { type Instruction, type TransactionSigner } from "@solana/kit";
import {
  getRedeemInstruction,
  getRequestExitInstructionAsync,
  type Pool,
  type RedeemInput,
  type RequestExitAsyncInput,
} from "./generated/index.ts";
import { uncoveredShortfall } from "./books.ts";
import { eventCpiOrDefault, markShortfallInstructions, type MarkTarget, type WithOptionalEventCpiAccounts } from "./marks.ts";

/** `constants::pause::BREAKER`. */
export const BREAKER_FLAG = 1 << 9;

/** `Pool::is_stressed`: the breaker is tripped, or the marks exceed what the fund covers. */
export function isStressed(pool: Pool, fundLedger: bigint): boolean {
  return (pool.pauseFlags & BREAKER_FLAG) !== 0 || uncoveredShortfall(pool, fundLedger) > 0n;
}

/** The exit chosen, and its instructions (the marks first). A `request` is completed by
 * `getCompleteExitInstructionAsync` once `exitDelaySecs` have passed (`maturesTs` in the
 * `ExitRequested` event). */
export type ExitPlan = { kind: "redeem" | "request"; instructions: Instruction[] };

/** The marks, then `redeem` of `shares` (at least `minAssetsOut`) if the pool is calm as the
 * marks leave it (`poolAfterMarks`, e.g. `withMark` of each), else `request_exit` of them. */
export async function exitWithMarks(
  input: WithOptionalEventCpiAccounts<RedeemInput> & {
    marks: MarkTarget[];
    marker?: TransactionSigner;
    poolAfterMarks: Pool;
    fundLedger: bigint;
  },
): Promise<ExitPlan> {
  const { marks, marker, eventAuthority, program, poolAfterMarks, fundLedger, ...redeem } = input;
  const events = eventCpiOrDefault({ eventAuthority, program });
  const marking = markShortfallInstructions(redeem.pool, marker ?? redeem.owner, marks, events);
  if (!isStressed(poolAfterMarks, fundLedger)) {
    return { kind: "redeem", instructions: [...marking, getRedeemInstruction({ ...redeem, ...events })] };
  }
  const request: RequestExitAsyncInput = {
    owner: redeem.owner,
    pool: redeem.pool,
    lpMint: redeem.lpMint,
    insuranceFund: redeem.insuranceFund,
    lpSource: redeem.lpSource,
    shares: redeem.shares,
    minAssets: redeem.minAssetsOut,
    ...events,
  };
  return { kind: "request", instructions: [...marking, await getRequestExitInstructionAsync(request)] };
}
