// `whatIf` against the program in LiteSVM: for each owner operation (borrow, repay, part and
// all of the debt, collateral in and out, with and without debt) the pool and the position
// it predicts are, field for field, the accounts the program leaves, and its health report
// is the `position_health` view's right after. A deposit into an unmarked position leaves
// the pool unaccrued, as the instruction does; on a marked position a top-up re-marks it at
// spot prices and a repayment lowers the mark by what was repaid, and the pool's marks
// follow. An operation the program refuses throws the program's error code.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Address, Instruction, KeyPairSigner } from "@solana/kit";
import * as lp from "../src/index.ts";
import { actions, type Borrower } from "./position-actions.ts";
import { allPrices } from "./world-prices.ts";
import { BTC, SOL, USDC, btcAt, solAt, twoCollateralPool } from "./two-collateral-world.ts";

type World = Awaited<ReturnType<typeof twoCollateralPool>>;

async function healthView(w: World, position: Address) {
  const ix = lp.getPositionHealthInstruction({ pool: w.pool, position, baseOracle: w.oracles.base });
  const meta = await w.simulate(w.admin, [lp.withPositionOracles(ix, w.read.pool(), w.read.position(position), w.oracleOf)]);
  return lp.decodeHealthReport(meta.returnData().data());
}

/** Predicts `action`, sends `ix`, and checks the prediction against the accounts and the view. */
async function check(w: World, who: Borrower, action: lp.WhatIfAction, ix: Instruction, signer: KeyPairSigner = who.owner) {
  const predicted = lp.whatIf(w.read.pool(), w.read.position(who.position), action, allPrices(w), w.now());
  await w.exec(signer, [ix]);
  assert.deepEqual(predicted.position, w.read.position(who.position), `${action.kind}: position`);
  assert.deepEqual(predicted.pool, w.read.pool(), `${action.kind}: pool`);
  assert.deepEqual(predicted.report, await healthView(w, who.position), `${action.kind}: health`);
  assert.equal(predicted.debt, predicted.report.debt);
  assert.deepEqual(predicted.collateral, w.read.position(who.position).collateral);
  return predicted;
}

test("whatIf predicts the accounts and the health the program leaves after each operation", async () => {
  const w = await twoCollateralPool();
  const act = actions(w);
  w.warp(86_400n);
  const borrowed = await check(w, w.a, { kind: "borrow", amount: 300n * USDC }, act.borrow(w.a, 300n * USDC));
  assert.ok(borrowed.ltvWad > 0n && borrowed.ltvWad < lp.WAD);
  assert.equal(borrowed.moved, 300n * USDC);

  // Bob adds SOL, a slot he did not hold: the unmarked deposit accrues nothing
  w.warp(3_600n);
  const accrualBefore = w.read.pool().lastAccrualTs;
  const added = await check(w, w.b, { kind: "depositCollateral", slot: 0, amount: 2n * SOL }, await act.depositCollateral(w.b, 0, 2n * SOL));
  assert.equal(added.pool.lastAccrualTs, accrualBefore);
  assert.ok(added.report.spot.healthWad > borrowed.report.spot.healthWad || added.ltvWad < lp.WAD);

  w.warp(600n);
  w.setPrices({ sol: solAt(141n), btc: btcAt(59_100n) });
  await check(w, w.a, { kind: "withdrawCollateral", slot: 1, amount: BTC / 100n }, await act.withdrawCollateral(w.a, 1, BTC / 100n));
  w.warp(600n);
  await check(w, w.b, { kind: "repay", amount: 1_000n * USDC }, await act.repay(w.b, 1_000n * USDC));

  // Alice repays more than she owes: the whole debt, no more
  w.warp(86_400n);
  const owed = lp.whatIf(w.read.pool(), w.read.position(w.a.position), { kind: "repay", amount: 5_000n * USDC }, allPrices(w), w.now());
  const paid = await check(w, w.a, { kind: "repay", amount: 5_000n * USDC }, await act.repay(w.a, 5_000n * USDC));
  assert.equal(paid.debt, 0n);
  assert.equal(paid.ltvWad, 0n);
  assert.equal(paid.moved, owed.moved);
  assert.ok(paid.moved > 2_300n * USDC && paid.moved < 2_400n * USDC);
  // without debt, collateral leaves with no price read
  await check(w, w.a, { kind: "withdrawCollateral", slot: 0, amount: 10n * SOL }, await act.withdrawCollateral(w.a, 0, 10n * SOL));

  // what the program refuses, the what-if refuses with the same error: borrowing past the
  // limit, taking the collateral the debt needs, leaving a unit of debt (below the minimum),
  // repaying nothing owed
  const bobOwes = lp.positionDebt(w.read.position(w.b.position), lp.u128(lp.poolAt(w.read.pool(), w.now()).borrowIndex));
  const refusals: [Borrower, lp.WhatIfAction, Instruction, number][] = [
    [w.b, { kind: "borrow", amount: 100_000n * USDC }, act.borrow(w.b, 100_000n * USDC), lp.LENDING_POOL_ERROR__BORROW_LIMIT_EXCEEDED],
    [w.b, { kind: "withdrawCollateral", slot: 1, amount: BTC / 10n }, await act.withdrawCollateral(w.b, 1, BTC / 10n), lp.LENDING_POOL_ERROR__BORROW_LIMIT_EXCEEDED],
    [w.b, { kind: "repay", amount: bobOwes - 1n }, await act.repay(w.b, bobOwes - 1n), lp.LENDING_POOL_ERROR__DEBT_BELOW_MINIMUM],
    [w.a, { kind: "repay", amount: USDC }, await act.repay(w.a, USDC), lp.LENDING_POOL_ERROR__NO_DEBT],
  ];
  for (const [who, action, ix, expected] of refusals) {
    assert.equal(await w.failsWith(who.owner, [ix]), expected, action.kind);
    assert.throws(
      () => lp.whatIf(w.read.pool(), w.read.position(who.position), action, allPrices(w), w.now()),
      (e: unknown) => e instanceof lp.LendingRuleError && e.code === expected,
      action.kind,
    );
  }
});

test("on a marked position a top-up re-marks it and a repayment lowers the mark, as predicted", async () => {
  const w = await twoCollateralPool();
  const act = actions(w);
  // BTC crashes: Bob's 0.1 BTC no longer covers his 3,000; he is marked
  w.setPrices({ sol: solAt(150n), btc: btcAt(20_000n) });
  const marker = w.liquidator;
  await w.exec(marker, lp.markShortfallInstructions(w.pool, marker, [{ position: w.b.position, baseOracle: w.oracles.base, oracles: [w.oracles.btc] }]));
  const marked = w.read.position(w.b.position).markedShortfall;
  assert.ok(marked > 0n);

  w.warp(3_600n); // an hour of interest: the mark follows the index
  const topUp = await check(w, w.b, { kind: "depositCollateral", slot: 0, amount: 3n * SOL }, await act.depositCollateral(w.b, 0, 3n * SOL));
  assert.ok(topUp.position.markedShortfall < marked, "the SOL repays part of the loss");
  assert.equal(topUp.pool.lastAccrualTs, w.now(), "a marked deposit accrues first");

  w.warp(600n);
  const repaid = await check(w, w.b, { kind: "repay", amount: 500n * USDC }, await act.repay(w.b, 500n * USDC));
  const pool = w.read.pool();
  assert.equal(repaid.position.markedShortfall, lp.positionMark(pool, w.read.position(w.b.position)));
  assert.equal(pool.markedShortfall, lp.markedTotal(pool));
  assert.ok(repaid.position.markedShortfall < topUp.position.markedShortfall);
});
