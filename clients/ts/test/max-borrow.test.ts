// `maxBorrow` against the program in LiteSVM: borrowing the amount it gives succeeds and one
// unit more is refused with the error of the rule it names: the borrow limit (Alice's two
// assets, Bob's one, 8 and 9 decimals, after a day of interest and moved prices), the pool's
// cash (a whale; the insurance fund's pending interest is not lendable), the minimum debt
// (nothing can be borrowed against dust), and a pause.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lp from "../src/index.ts";
import { actions } from "./position-actions.ts";
import { allPrices } from "./world-prices.ts";
import { BTC, SOL, USDC, btcAt, solAt, twoCollateralPool } from "./two-collateral-world.ts";

test("borrowing maxBorrow succeeds and one unit more exceeds the borrow limit", async () => {
  const w = await twoCollateralPool();
  const act = actions(w);
  w.warp(86_400n); // a day of interest nobody accrued
  w.setPrices({ sol: solAt(131n), btc: btcAt(61_234n) });
  for (const who of [w.a, w.b]) {
    const max = lp.maxBorrow(w.read.pool(), w.read.position(who.position), allPrices(w), w.now());
    assert.equal(max.limitedBy, "borrowLimit");
    assert.ok(max.amount > 1_000n * USDC);
    assert.equal(await w.failsWith(who.owner, [act.borrow(who, max.amount + 1n)]), lp.LENDING_POOL_ERROR__BORROW_LIMIT_EXCEEDED);
    await w.exec(who.owner, [act.borrow(who, max.amount)]);
    const after = lp.maxBorrow(w.read.pool(), w.read.position(who.position), allPrices(w), w.now());
    assert.deepEqual(after, { amount: 0n, limitedBy: "borrowLimit" });
    assert.equal(await w.failsWith(who.owner, [act.borrow(who, 1n)]), lp.LENDING_POOL_ERROR__BORROW_LIMIT_EXCEEDED);
  }
});

test("a whale's maxBorrow is the cash LPs can lend, short of the fund's pending interest", async () => {
  const w = await twoCollateralPool();
  const act = actions(w);
  const whale = await act.newBorrower([0n, 50n * BTC]); // $3M of BTC against $1M of deposits
  w.warp(86_400n);
  const pool = w.read.pool();
  const max = lp.maxBorrow(pool, w.read.position(whale.position), allPrices(w), w.now());
  const now = lp.poolAt(pool, w.now());
  assert.ok(now.insurancePending > 0n, "a day of interest left the fund a pending share");
  assert.deepEqual(max, { amount: lp.availableCash(now), limitedBy: "cash" });
  assert.equal(await w.failsWith(whale.owner, [act.borrow(whale, max.amount + 1n)]), lp.LENDING_POOL_ERROR__INSUFFICIENT_CASH);
  await w.exec(whale.owner, [act.borrow(whale, max.amount)]);
  assert.equal(lp.availableCash(w.read.pool()), 0n);
});

test("against dust nothing can be borrowed (the minimum debt), and a pause stops it all", async () => {
  const w = await twoCollateralPool();
  const act = actions(w);
  const minDebt = w.read.pool().config.minDebt; // one USDC
  const dust = await act.newBorrower([SOL / 200n, 0n]); // $0.75 of SOL
  const max = lp.maxBorrow(w.read.pool(), w.read.position(dust.position), allPrices(w), w.now());
  assert.deepEqual(max, { amount: 0n, limitedBy: "minDebt" });
  // below the minimum the pool refuses, at it the collateral does
  assert.equal(await w.failsWith(dust.owner, [act.borrow(dust, minDebt - 1n)]), lp.LENDING_POOL_ERROR__DEBT_BELOW_MINIMUM);
  assert.equal(await w.failsWith(dust.owner, [act.borrow(dust, minDebt)]), lp.LENDING_POOL_ERROR__BORROW_LIMIT_EXCEEDED);

  await w.exec(w.admin, [lp.getSetPauseInstruction({ authority: w.admin, pool: w.pool, ...lp.EVENT_CPI_ACCOUNTS, flags: lp.PAUSE.BORROW })]);
  assert.deepEqual(lp.maxBorrow(w.read.pool(), w.read.position(w.a.position), allPrices(w), w.now()), { amount: 0n, limitedBy: "paused" });
  assert.equal(await w.failsWith(w.a.owner, [act.borrow(w.a, USDC)]), lp.LENDING_POOL_ERROR__OPERATION_PAUSED);
});
