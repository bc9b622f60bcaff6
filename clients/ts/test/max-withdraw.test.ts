// `maxWithdrawCollateral` and `maxWithdrawLp` against the program in LiteSVM: taking the
// amount they give succeeds and one unit more is refused with the rule's error.
// Collateral: each of Alice's slots (9 and 8 decimals, EMAs and bands that make
// conservative prices differ from spot), Bob's one, and a position without debt (all of
// it, no oracle). LP: a small LP redeems everything (one unit more needs shares it does not
// have), the big one is held to the cash (the fund's pending interest stays), and in a
// stressed pool the exit is a request valued at the exit price, to the unit.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Address, KeyPairSigner } from "@solana/kit";
import * as lp from "../src/index.ts";
import { eventsOf, one } from "./event-checks.ts";
import { tokenAmount } from "./fixtures.ts";
import { actions } from "./position-actions.ts";
import { allPrices } from "./world-prices.ts";
import { BTC, SOL, USDC, btcAt, solAt, twoCollateralPool } from "./two-collateral-world.ts";

type World = Awaited<ReturnType<typeof twoCollateralPool>>;

test("withdrawing maxWithdrawCollateral succeeds and one unit more exceeds the borrow limit", async () => {
  const w = await twoCollateralPool();
  const act = actions(w);
  w.warp(3_600n);
  w.setPrices({ sol: solAt(97n), btc: btcAt(58_321n) });
  const cases = [
    { who: w.a, slot: 1 }, // BTC (8 decimals, expo −5), SOL held beside it
    { who: w.b, slot: 1 },
    { who: w.a, slot: 0 }, // SOL (9 decimals, expo −8), after BTC left
  ];
  for (const { who, slot } of cases) {
    const held = w.read.position(who.position).collateral[slot];
    const max = lp.maxWithdrawCollateral(w.read.pool(), w.read.position(who.position), slot, allPrices(w), w.now());
    assert.equal(max.limitedBy, "borrowLimit");
    assert.ok(max.amount > 0n && max.amount < held, `slot ${slot}: ${max.amount} of ${held}`);
    assert.equal(await w.failsWith(who.owner, [await act.withdrawCollateral(who, slot, max.amount + 1n)]), lp.LENDING_POOL_ERROR__BORROW_LIMIT_EXCEEDED);
    await w.exec(who.owner, [await act.withdrawCollateral(who, slot, max.amount)]);
    assert.equal(w.read.position(who.position).collateral[slot], held - max.amount);
  }
  // nothing more leaves Alice now, from either slot
  for (const slot of [0, 1]) {
    assert.deepEqual(lp.maxWithdrawCollateral(w.read.pool(), w.read.position(w.a.position), slot, allPrices(w), w.now()), { amount: 0n, limitedBy: "borrowLimit" });
  }
});

test("without debt all of a slot may leave, and one unit more is more than is held", async () => {
  const w = await twoCollateralPool();
  const act = actions(w);
  const carol = await act.newBorrower([3n * SOL, BTC / 3n]);
  for (const slot of [1, 0]) {
    const held = w.read.position(carol.position).collateral[slot];
    const max = lp.maxWithdrawCollateral(w.read.pool(), w.read.position(carol.position), slot, allPrices(w), w.now());
    assert.deepEqual(max, { amount: held, limitedBy: "holding" });
    assert.equal(await w.failsWith(carol.owner, [await act.withdrawCollateral(carol, slot, held + 1n)]), lp.LENDING_POOL_ERROR__INSUFFICIENT_COLLATERAL);
    await w.exec(carol.owner, [await act.withdrawCollateral(carol, slot, held)]);
  }
  assert.deepEqual(w.read.position(carol.position).collateral, [0n, 0n, 0n, 0n]);
});

/** A second LP depositing `amount`, with its share account. */
async function smallLp(w: World, signer: KeyPairSigner, amount: bigint) {
  const shares = await w.token(w.lpMint, signer.address, 0n);
  await w.exec(signer, [
    lp.getDepositInstruction({
      depositor: signer, ...w.books, lpMint: w.lpMint, source: await w.token(w.usdc, signer.address, amount), lpDestination: shares,
      ...lp.EVENT_CPI_ACCOUNTS, amount, minSharesOut: 0n,
    }),
  ]);
  return shares;
}

const holding = (w: World, shares: Address) => ({
  lpSupply: w.read.lpSupply(),
  fundLedger: lp.insuranceBalance(w.read.fund()),
  sharesHeld: tokenAmount(w.svm, shares),
});

const withdraw = async (w: World, owner: KeyPairSigner, lpSource: Address, assets: bigint) =>
  lp.getWithdrawInstruction({
    owner, ...w.books, lpMint: w.lpMint, lpSource, destination: await w.token(w.usdc, owner.address, 0n), ...lp.EVENT_CPI_ACCOUNTS, assets, maxSharesIn: lp.U64_MAX,
  });

test("an LP's maxWithdrawLp: all of a small holding, the cash for a big one", async () => {
  const w = await twoCollateralPool();
  const small = w.liquidator; // any funded signer
  const shares = await smallLp(w, small, 1_234n * USDC);
  w.warp(7n * 86_400n); // interest: shares are worth more than they cost, and the fund has a pending share

  const max = lp.maxWithdrawLp(w.read.pool(), holding(w, shares), w.now());
  assert.equal(max.kind, "redeem");
  assert.ok(max.assets > 1_234n * USDC);
  assert.equal(await w.failsWith(small, [await withdraw(w, small, shares, max.assets + 1n)]), lp.LENDING_POOL_ERROR__INSUFFICIENT_SHARES);
  const out = await w.token(w.usdc, small.address, 0n);
  await w.exec(small, [
    lp.getRedeemInstruction({ owner: small, ...w.books, lpMint: w.lpMint, lpSource: shares, destination: out, ...lp.EVENT_CPI_ACCOUNTS, shares: max.shares, minAssetsOut: 0n }),
  ]);
  assert.equal(tokenAmount(w.svm, out), max.assets);
  assert.equal(tokenAmount(w.svm, shares), 0n);

  // the first LP owns nearly all the books, but 5,000 is lent out
  const big = lp.maxWithdrawLp(w.read.pool(), holding(w, w.lpShares), w.now());
  const now = lp.poolAt(w.read.pool(), w.now());
  assert.deepEqual(big, { kind: "withdraw", assets: now.cash - now.insurancePending, shares: big.shares });
  assert.equal(await w.failsWith(w.lpUser, [await withdraw(w, w.lpUser, w.lpShares, big.assets + 1n)]), lp.LENDING_POOL_ERROR__INSUFFICIENT_CASH);
  const sharesBefore = tokenAmount(w.svm, w.lpShares);
  await w.exec(w.lpUser, [await withdraw(w, w.lpUser, w.lpShares, big.assets)]);
  assert.equal(sharesBefore - tokenAmount(w.svm, w.lpShares), big.shares, "it burnt the shares the helper said");
});

test("in a stressed pool the LP's maximum is an exit request, valued to the unit", async () => {
  const w = await twoCollateralPool();
  const small = w.liquidator;
  const shares = await smallLp(w, small, 2_000n * USDC);
  // BTC crashes: Bob's 0.1 BTC ($2,000) no longer covers his 3,000; a mark the empty
  // insurance fund cannot cover stresses the pool
  w.setPrices({ sol: solAt(150n), btc: btcAt(20_000n) });
  await w.exec(small, lp.markShortfallInstructions(w.pool, small, [{ position: w.b.position, baseOracle: w.oracles.base, oracles: [w.oracles.btc] }]));
  w.warp(60n);
  const h = holding(w, shares);
  assert.ok(lp.isStressed(w.read.pool(), h.fundLedger));
  const max = lp.maxWithdrawLp(w.read.pool(), h, w.now());
  assert.ok(max.kind === "request");
  assert.equal(max.shares, h.sharesHeld);
  assert.ok(max.assets < 2_000n * USDC, "the exit price is net of the mark");
  // an instant exit is refused; a request asking one unit more than its value is too
  assert.equal(await w.failsWith(small, [await withdraw(w, small, shares, USDC)]), lp.LENDING_POOL_ERROR__POOL_STRESSED);
  const request = (minAssets: bigint) =>
    lp.getRequestExitInstructionAsync({ owner: small, pool: w.pool, lpMint: w.lpMint, insuranceFund: w.books.insuranceFund, lpSource: shares, ...lp.EVENT_CPI_ACCOUNTS, shares: max.shares, minAssets });
  assert.equal(await w.failsWith(small, [await request(max.assets + 1n)]), lp.LENDING_POOL_ERROR__ASSETS_BELOW_MINIMUM);
  const ev = one(eventsOf(await w.exec(small, [await request(max.assets)])), "exitRequested");
  assert.equal(ev.valueAtRequest, max.assets);
  assert.equal(ev.maturesTs, max.maturesTs);
});
