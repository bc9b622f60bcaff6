// The LP books in TS against the program's own, in LiteSVM: after an hour of interest
// nobody accrued, a deposit's `InterestAccrued` and `LpDeposited` (books before and after,
// shares minted) equal what `accrueInterest`/`lpBooks`/`toSharesDown` compute from the
// accounts; after BTC crashes and Bob's loss is marked, `preview_mark`'s share price, exit
// price, marks and insurance value equal the TS ones; a withdrawal then burns exactly
// `toSharesUp` at the exit price and its `LpWithdrawn` books match the accounts.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Address } from "@solana/kit";
import * as lp from "../src/index.ts";
import { USDC, btcAt, solAt, twoCollateralPool } from "./two-collateral-world.ts";
import { checkAccrual, eventsOf, one } from "./event-checks.ts";
import { tokenAmount } from "./fixtures.ts";

test("share price and exit price in TS equal the program's books", async () => {
  const w = await twoCollateralPool();
  const snapshot = () => ({ pool: w.read.pool(), ledger: lp.insuranceBalance(w.read.fund()), supply: w.read.lpSupply() });

  // an hour later an LP deposits 50,000: the program accrues first, then prices the shares
  w.warp(3_600n);
  const s0 = snapshot();
  const deposited = eventsOf(await w.deposit(50_000n * USDC));
  const s1 = snapshot();
  const accrued = checkAccrual(s0.pool, w.now(), deposited, s1.pool);
  const dep = one(deposited, "lpDeposited");
  assert.deepEqual(dep.before, lp.lpBooks(accrued, s0.supply, s0.ledger));
  assert.deepEqual(dep.after, lp.lpBooks(s1.pool, s1.supply, s1.ledger));
  assert.equal(dep.shares, lp.toSharesDown(50_000n * USDC, lp.lpAssets(accrued), s0.supply));
  assert.equal(s1.supply - s0.supply, dep.shares);
  // interest raised the share price above 1.0 (one unit per share at the start)
  assert.ok(dep.after.sharePriceWad > lp.WAD);

  // 100 USDC into the insurance fund; then BTC crashes and Bob's position is underwater
  const funded = eventsOf(
    await w.exec(w.admin, [
      lp.getFundInsuranceInstruction({
        donor: w.admin, ...w.books, source: await w.token(w.usdc, w.admin.address, 100n * USDC), ...lp.EVENT_CPI_ACCOUNTS, amount: 100n * USDC,
      }),
    ]),
  );
  const fundEv = one(funded, "insuranceFunded");
  assert.equal(fundEv.balanceAfter, lp.insuranceBalance(w.read.fund()));
  assert.equal(fundEv.balanceAfter - fundEv.balanceBefore, 100n * USDC);
  w.warp(60n);
  w.setPrices({ sol: solAt(140n), btc: btcAt(25_000n) });

  // Bob's loss is marked at spot: the event's shortfall is the TS `shortfallAt`
  const spotPrices = (position: Address) => {
    const pool = w.read.pool();
    const pos = w.read.position(position);
    const oracles = lp.oracleAccounts(pool, pos, w.oracleOf).map(w.read.oracle);
    return lp.loadPositionPrices(pool, pos, w.read.oracle(w.oracles.base), oracles, w.now(), "spot");
  };
  const beforeMark = snapshot();
  const bob = w.read.position(w.b.position);
  const bobPrices = spotPrices(w.b.position);
  const mark = { position: w.b.position, baseOracle: w.oracles.base, oracles: lp.oracleAccounts(beforeMark.pool, bob, w.oracleOf) };
  const marked = eventsOf(await w.exec(w.admin, lp.markShortfallInstructions(w.pool, w.admin, [mark])));
  const afterMark = w.read.pool();
  const accruedAtMark = checkAccrual(beforeMark.pool, w.now(), marked, afterMark);
  const shortfall = lp.shortfallAt(accruedAtMark, bob, bobPrices);
  const markEv = one(marked, "shortfallMarked");
  assert.ok(shortfall > 0n);
  assert.equal(markEv.shortfallAfter, shortfall);
  assert.equal(w.read.position(w.b.position).markedShortfall, shortfall);
  assert.equal(markEv.markedShortfallAfter, afterMark.markedShortfall);
  assert.equal(markEv.positionDebt, lp.positionDebt(bob, lp.u128(afterMark.borrowIndex)));

  // preview_mark (a minute later, on copies accrued to then) equals the TS books, for the
  // marked position and for a healthy one
  w.warp(60n);
  for (const position of [w.b.position, w.a.position]) {
    const { pool, ledger, supply } = snapshot();
    const pos = w.read.position(position);
    const ix = lp.getPreviewMarkInstruction({ pool: w.pool, position, lpMint: w.lpMint, insuranceFund: w.books.insuranceFund, baseOracle: w.oracles.base });
    const preview = lp.decodeMarkPreview((await w.simulate(w.admin, [lp.withPositionOracles(ix, pool, pos, w.oracleOf)])).returnData().data());
    const now = lp.accrueInterest(pool, w.now()).pool;
    const short = lp.shortfallAt(now, pos, spotPrices(position));
    const remarked = lp.withMark(now, pos, short);
    const books = lp.lpBooks(remarked, supply, ledger);
    const insurance = lp.insuranceValue(remarked, ledger);
    const fund = w.read.fund();
    assert.deepEqual(preview, {
      positionDebt: lp.positionDebt(pos, lp.u128(now.borrowIndex)),
      shortfall: short,
      mark: lp.positionMark(now, pos),
      markedShortfall: remarked.markedShortfall,
      insurance: { gross: insurance.gross, covered: insurance.covered },
      uncoveredShortfall: books.uncoveredShortfall,
      lpAssets: books.lpAssets,
      exitLpAssets: lp.exitLpAssets(remarked, ledger),
      lpSupply: supply,
      sharePriceWad: books.sharePriceWad,
      exitSharePriceWad: books.exitSharePriceWad,
      insuranceTotalShares: fund.totalShares,
      insuranceSharePriceWad: lp.sharePriceWad(insurance.net, fund.totalShares),
    });
    // the fund covers only part of Bob's loss: exits are priced below deposits
    assert.ok(preview.uncoveredShortfall > 0n && preview.exitSharePriceWad < preview.sharePriceWad);
  }

  // the uncovered loss stresses the pool: the LP's exit is a request for the shares 10,000
  // USDC costs at the exit price, valued there (rounded down); the books do not move
  const s2 = snapshot();
  const accruedNow = lp.accrueInterest(s2.pool, w.now()).pool;
  assert.ok(lp.isStressed(accruedNow, s2.ledger));
  const shares = lp.toSharesUp(10_000n * USDC, lp.exitLpAssets(accruedNow, s2.ledger), s2.supply);
  const requested = eventsOf(
    await w.exec(w.lpUser, [
      await lp.getRequestExitInstructionAsync({
        owner: w.lpUser, pool: w.pool, lpMint: w.lpMint, insuranceFund: w.books.insuranceFund, lpSource: w.lpShares, ...lp.EVENT_CPI_ACCOUNTS,
        shares, minAssets: 10_000n * USDC,
      }),
    ]),
  );
  const s3 = snapshot();
  const accruedAtExit = checkAccrual(s2.pool, w.now(), requested, s3.pool);
  const req = one(requested, "exitRequested");
  assert.equal(req.shares, shares);
  assert.equal(req.valueAtRequest, lp.toAssetsDown(shares, lp.exitLpAssets(accruedAtExit, s2.ledger), s2.supply));
  assert.ok(req.valueAtRequest >= 10_000n * USDC);
  assert.equal(s3.supply, s2.supply);
  assert.deepEqual(req.books, lp.lpBooks(accruedAtExit, s2.supply, s2.ledger));
  assert.equal(req.maturesTs, w.now() + accruedAtExit.config.exitDelaySecs);
});
