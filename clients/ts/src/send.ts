// Sending with a fitted budget: price the compute units from the fees recently paid for
// the same writable accounts (`priorityFeeFromRecent`), simulate the transaction with the
// largest compute-unit limit, fit the limit to what it consumed (`fitComputeUnitLimit`),
// sign once, send. The simulation runs the transaction as it will be sent (the same
// instructions, compute-budget ones included, price and blockhash) but for the limit, and
// unsigned (`sigVerify: false`), so a wallet is asked to sign only the one that goes out.
import {
  appendTransactionMessageInstructions,
  compileTransaction,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  isWritableRole,
  pipe,
  setTransactionMessageComputeUnitLimit,
  setTransactionMessageComputeUnitPrice,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Commitment,
  type GetLatestBlockhashApi,
  type GetRecentPrioritizationFeesApi,
  type Instruction,
  type Rpc,
  type SendTransactionApi,
  type Signature,
  type SimulateTransactionApi,
  type Transaction,
  type TransactionSigner,
} from "@solana/kit";
import { MAX_COMPUTE_UNIT_LIMIT, fitComputeUnitLimit, priorityFeeFromRecent } from "./budget.ts";

export type SendWithBudgetRpc = Rpc<GetLatestBlockhashApi & SimulateTransactionApi & GetRecentPrioritizationFeesApi & SendTransactionApi>;

export type SendWithBudgetInput = {
  feePayer: TransactionSigner;
  instructions: readonly Instruction[];
  /** The cap on the compute-unit price (micro-lamports per unit): never pay more. */
  maxMicroLamportsPerCu: bigint;
  /** The least price to pay (default 0). */
  minMicroLamportsPerCu?: bigint;
  /** Headroom over the simulated units (default 1,000 bps: 10%). */
  marginBps?: number;
  /** Which recent fee to match (default the 75th percentile). */
  feePercentile?: number;
  commitment?: Commitment;
};

export type SentWithBudget = {
  signature: Signature;
  transaction: Transaction;
  unitsConsumed: bigint;
  computeUnitLimit: number;
  microLamportsPerCu: bigint;
};

/** The simulation failed: the transaction would fail as sent. */
export class SimulationFailedError extends Error {
  constructor(
    readonly err: unknown,
    readonly logs: readonly string[],
  ) {
    super(`simulation failed: ${JSON.stringify(err, (_, v) => (typeof v === "bigint" ? v.toString() : v))}\n${logs.join("\n")}`);
    this.name = "SimulationFailedError";
  }
}

/** The accounts `instructions` write, each once (the fee payer aside): the local fee
 * markets a priority fee competes in. */
export function writableAccounts(instructions: readonly Instruction[]): Address[] {
  const seen = new Set<Address>();
  for (const ix of instructions) for (const a of ix.accounts ?? []) if (isWritableRole(a.role)) seen.add(a.address);
  return [...seen];
}

/** Prices the compute units, simulates, fits the limit, signs with the instructions'
 * signers and sends (preflight on). Throws `SimulationFailedError` (nothing sent) when the
 * simulation fails. Confirmation is the caller's (e.g. kit's `sendAndConfirmTransaction`
 * factories, or polling `getSignatureStatuses` for `signature`). */
export async function sendWithBudget(rpc: SendWithBudgetRpc, input: SendWithBudgetInput): Promise<SentWithBudget> {
  const commitment = input.commitment ?? "confirmed";
  const { value: blockhash } = await rpc.getLatestBlockhash({ commitment }).send();
  const message = (limit: number, price: bigint) =>
    pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(input.feePayer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
      (m) => appendTransactionMessageInstructions(input.instructions, m),
      (m) => setTransactionMessageComputeUnitLimit(limit, m),
      (m) => setTransactionMessageComputeUnitPrice(price, m),
    );
  const fees = await rpc.getRecentPrioritizationFees(writableAccounts(input.instructions)).send();
  const microLamportsPerCu = priorityFeeFromRecent(
    fees.map((f) => f.prioritizationFee),
    input.feePercentile ?? 75,
    input.minMicroLamportsPerCu ?? 0n,
    input.maxMicroLamportsPerCu,
  );
  // the transaction as it will go out, but with the largest limit: what it consumes
  const trial = getBase64EncodedWireTransaction(compileTransaction(message(MAX_COMPUTE_UNIT_LIMIT, microLamportsPerCu)));
  const { value: sim } = await rpc
    .simulateTransaction(trial, { encoding: "base64", sigVerify: false, replaceRecentBlockhash: false, commitment })
    .send();
  if (sim.err !== null) throw new SimulationFailedError(sim.err, sim.logs ?? []);
  if (sim.unitsConsumed === undefined) throw new Error("the RPC reported no units consumed");
  const computeUnitLimit = fitComputeUnitLimit(sim.unitsConsumed, input.marginBps ?? 1_000);
  const transaction = await signTransactionMessageWithSigners(message(computeUnitLimit, microLamportsPerCu));
  const signature = await rpc
    .sendTransaction(getBase64EncodedWireTransaction(transaction), { encoding: "base64", preflightCommitment: commitment })
    .send();
  if (signature !== getSignatureFromTransaction(transaction)) throw new Error(`the RPC returned signature ${signature}`);
  return { signature, transaction, unitsConsumed: sim.unitsConsumed, computeUnitLimit, microLamportsPerCu };
}
