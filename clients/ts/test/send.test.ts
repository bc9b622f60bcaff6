// `sendWithBudget` through a kit RPC client whose node is LiteSVM: a borrow that needs
// exactly the units it consumes (one less runs out of budget) goes out with the limit
// fitted to the helper's simulation (those units × 1.1, rounded up) and the recent fees'
// 75th percentile under the cap, and lands consuming what was simulated; a borrow the
// program refuses is never sent. The two choices on their own: the fit's rounding and
// bounds, the percentile's ranks, floor and cap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FailedTransactionMetadata } from "litesvm";
import {
  appendTransactionMessageInstructions,
  createTransactionMessage,
  decompileTransactionMessage,
  getCompiledTransactionMessageDecoder,
  getTransactionMessageComputeUnitLimit,
  getTransactionMessageComputeUnitPrice,
  pipe,
  setTransactionMessageComputeUnitLimit,
  setTransactionMessageComputeUnitPrice,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from "@solana/kit";
import * as lp from "../src/index.ts";
import { liteSvmRpc } from "./litesvm-rpc.ts";
import { USDC, twoCollateralPool } from "./two-collateral-world.ts";

test("the compute-unit limit is the simulation's units plus the margin, rounded up, within the runtime's bound", () => {
  assert.equal(lp.fitComputeUnitLimit(100_000n, 1_000), 110_000);
  assert.equal(lp.fitComputeUnitLimit(12_345n, 1_000), 13_580); // 13,579.5 up
  assert.equal(lp.fitComputeUnitLimit(12_345n, 0), 12_345);
  assert.equal(lp.fitComputeUnitLimit(1_300_000n, 1_000), lp.MAX_COMPUTE_UNIT_LIMIT);
  assert.throws(() => lp.fitComputeUnitLimit(1_400_001n, 0), RangeError);
  assert.throws(() => lp.fitComputeUnitLimit(1n, -1), RangeError);
});

test("the priority fee is a nearest-rank percentile of recent fees, floored and capped", () => {
  const fees = [0n, 50n, 10n, 40n, 20n, 30n, 0n, 0n]; // per slot, unsorted as the RPC gives them
  assert.equal(lp.priorityFeeFromRecent(fees, 75, 0n, 1_000n), 30n); // rank 6 of 8
  assert.equal(lp.priorityFeeFromRecent(fees, 50, 0n, 1_000n), 10n);
  assert.equal(lp.priorityFeeFromRecent(fees, 100, 0n, 1_000n), 50n);
  assert.equal(lp.priorityFeeFromRecent(fees, 0, 0n, 1_000n), 0n);
  assert.equal(lp.priorityFeeFromRecent(fees, 100, 0n, 45n), 45n, "capped");
  assert.equal(lp.priorityFeeFromRecent(fees, 0, 5n, 45n), 5n, "floored");
  assert.equal(lp.priorityFeeFromRecent([], 75, 7n, 45n), 7n, "no samples: the floor");
  assert.throws(() => lp.priorityFeeFromRecent(fees, 101, 0n, 1n), RangeError);
});

test("sendWithBudget sends a borrow with a fitted limit and a capped fee, and the limit is what it needs", async () => {
  const w = await twoCollateralPool();
  const fees = Array.from({ length: 150 }, (_, i) => BigInt(i * 100)); // 0 … 14,900
  const { rpc, requests, sent } = liteSvmRpc(w.svm, { prioritizationFees: () => fees });
  const owner = w.a.owner;
  const borrow = lp.withPositionOracles(
    lp.getBorrowInstruction({
      owner, ...w.books, position: w.a.position, destination: w.a.destination, baseOracle: w.oracles.base, ...lp.EVENT_CPI_ACCOUNTS, amount: 100n * USDC,
    }),
    w.read.pool(),
    w.read.position(w.a.position),
    w.oracleOf,
  );
  const debtBefore = lp.positionDebt(w.read.position(w.a.position), lp.u128(w.read.pool().borrowIndex));
  // the borrow as the helper will send it, under a given limit (simulated: nothing changes)
  const under = async (limit: number) =>
    w.svm.simulateTransaction(
      await pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayerSigner(owner, m),
        (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: w.svm.latestBlockhash(), lastValidBlockHeight: 0n }, m),
        (m) => appendTransactionMessageInstructions([borrow], m),
        (m) => setTransactionMessageComputeUnitLimit(limit, m),
        (m) => setTransactionMessageComputeUnitPrice(10_000n, m),
        (m) => signTransactionMessageWithSigners(m),
      ),
    );
  const trial = await under(lp.MAX_COMPUTE_UNIT_LIMIT);
  assert.ok(!(trial instanceof FailedTransactionMetadata));
  const needs = trial.meta().computeUnitsConsumed();
  // exactly what it consumes suffices; one unit less runs out of budget
  assert.ok(!((await under(Number(needs))) instanceof FailedTransactionMetadata));
  const short = await under(Number(needs) - 1);
  assert.ok(short instanceof FailedTransactionMetadata);
  assert.match(short.meta().logs().join("\n"), /Computational budget exceeded|exceeded CUs meter/);

  const out = await lp.sendWithBudget(rpc, { feePayer: owner, instructions: [borrow], maxMicroLamportsPerCu: 10_000n });
  assert.equal(out.unitsConsumed, needs);

  // the fees were asked for the accounts the borrow writes, and the 75th percentile (rank
  // 113 of 150: 11,200) was capped at 10,000
  const asked = requests.find((r) => r.method === "getRecentPrioritizationFees")!.params[0];
  assert.deepEqual(asked, lp.writableAccounts([borrow]));
  assert.ok((asked as string[]).includes(w.pool) && !(asked as string[]).includes(w.oracles.base));
  assert.equal(out.microLamportsPerCu, 10_000n);
  // the limit is the simulated units plus 10%, and the transaction carries both choices
  assert.equal(out.computeUnitLimit, lp.fitComputeUnitLimit(out.unitsConsumed, 1_000));
  assert.equal(sent.length, 1);
  const landed = sent[0].result;
  assert.ok(!(landed instanceof FailedTransactionMetadata), `${landed}`);
  const message = decompileTransactionMessage(getCompiledTransactionMessageDecoder().decode(sent[0].transaction.messageBytes));
  if (message.version !== 0) assert.fail(`a version ${message.version} message`);
  assert.equal(getTransactionMessageComputeUnitLimit(message), out.computeUnitLimit);
  assert.equal(getTransactionMessageComputeUnitPrice(message), 10_000n);
  assert.equal(landed.computeUnitsConsumed(), out.unitsConsumed, "it consumed what the simulation did");
  assert.equal(lp.positionDebt(w.read.position(w.a.position), lp.u128(w.read.pool().borrowIndex)), debtBefore + 100n * USDC);

  // a transaction the program refuses is not sent: the simulation's error comes back
  const tooMuch = lp.getBorrowInstruction({
    owner, ...w.books, position: w.a.position, destination: w.a.destination, baseOracle: w.oracles.base, ...lp.EVENT_CPI_ACCOUNTS, amount: 10n ** 12n,
  });
  await assert.rejects(
    lp.sendWithBudget(rpc, {
      feePayer: owner,
      instructions: [lp.withPositionOracles(tooMuch, w.read.pool(), w.read.position(w.a.position), w.oracleOf)],
      maxMicroLamportsPerCu: 1n,
    }),
    lp.SimulationFailedError,
  );
  assert.equal(sent.length, 1, "the refused borrow never reached sendTransaction");
});
