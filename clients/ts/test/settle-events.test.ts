// Events and `preview_settle`, in LiteSVM against the SBF program. Setup (pool, two
// collateral assets, an LP, two borrowers), then BTC crashes, the guardian pauses
// settlement, Bob's underwater position is liquidated slot by slot to nothing (its debt
// stays: settlement is paused), `preview_settle` is refused while paused and then returns
// the split that `settle_bad_debt` then does. Every event of every transaction (an
// `emit_cpi!` inner instruction) decodes and none is logged; each event's numbers equal the
// decoded accounts after it (or the TS valuation before it), and `BadDebtSettled` equals
// the preview field by field.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lp from "../src/index.ts";
import { BTC, USDC, btcAt, solAt, twoCollateralPool } from "./two-collateral-world.ts";
import { checkAccrual, eventsOf, one } from "./event-checks.ts";
import { tokenAmount } from "./fixtures.ts";

const SETTLE = 1 << 8; // constants::pause::SETTLE

test("every event decodes and matches the accounts; preview_settle is what settle_bad_debt does", async () => {
  const w = await twoCollateralPool();
  const setup = w.sent.flatMap(eventsOf);
  const pool0 = w.read.pool();
  const [alice, bob] = [w.read.position(w.a.position), w.read.position(w.b.position)];

  // the setup's events against the accounts as they are now (nothing changed them since)
  const init = one(setup, "poolInitialized");
  assert.deepEqual(init.config, pool0.config);
  assert.deepEqual([init.lpMint, init.baseVault, init.insuranceFund], [w.lpMint, w.books.baseVault, w.books.insuranceFund]);
  const added = lp.eventsNamed(setup, "collateralAdded").map((e) => e.data);
  assert.deepEqual(
    added.map((e) => [e.collateralSlot, e.mint, e.vault, e.params.ltvBps, e.params.liquidationBonusBps]),
    pool0.collaterals.slice(0, 2).map((c, slot) => [slot, c.mint, c.vault, c.ltvBps, c.liquidationBonusBps]),
  );
  assert.deepEqual(lp.eventsNamed(setup, "positionOpened").map((e) => e.data.position), [w.a.position, w.b.position]);
  const changes = lp.eventsNamed(setup, "collateralChanged").map((e) => e.data);
  for (const c of changes) {
    const pos = c.position === w.a.position ? alice : bob;
    assert.ok(c.isDeposit && c.positionAmountAfter === pos.collateral[c.collateralSlot]);
  }
  assert.equal(changes.at(-1)!.totalDepositedAfter, pool0.collaterals[1].totalDeposited);
  const debts = lp.eventsNamed(setup, "debtChanged").map((e) => e.data);
  const index0 = lp.u128(pool0.borrowIndex);
  assert.deepEqual(
    debts.map((d) => [d.position, d.isBorrow, d.positionDebtAfter, d.borrowIndex]),
    [
      [w.a.position, true, lp.positionDebt(alice, index0), index0],
      [w.b.position, true, lp.positionDebt(bob, index0), index0],
    ],
  );
  assert.deepEqual([debts[1].cashAfter, debts[1].totalDebtAfter], [pool0.cash, lp.totalDebt(pool0)]);
  const dep = one(setup, "lpDeposited");
  assert.equal(dep.after.lpSupply, w.read.lpSupply());

  // insurance, a crash, and the guardian pauses settlement
  await w.exec(w.admin, [
    lp.getFundInsuranceInstruction({
      donor: w.admin, ...w.books, source: await w.token(w.usdc, w.admin.address, 100n * USDC), ...lp.EVENT_CPI_ACCOUNTS, amount: 100n * USDC,
    }),
  ]);
  w.warp(600n);
  w.setPrices({ sol: solAt(140n), btc: btcAt(25_000n) });
  // a keeper marks Bob's loss (a liquidation re-marks only marked positions)
  const bobMark = { position: w.b.position, baseOracle: w.oracles.base, oracles: lp.oracleAccounts(w.read.pool(), bob, w.oracleOf) };
  await w.exec(w.admin, lp.markShortfallInstructions(w.pool, w.admin, [bobMark]));
  assert.ok(w.read.position(w.b.position).markedShortfall > 0n);
  const paused = eventsOf(await w.exec(w.admin, [lp.getSetPauseInstruction({ authority: w.admin, pool: w.pool, ...lp.EVENT_CPI_ACCOUNTS, flags: SETTLE })]));
  assert.deepEqual([one(paused, "pauseFlagsSet").before, one(paused, "pauseFlagsSet").after], [0, w.read.pool().pauseFlags]);

  // a liquidator takes all of Bob's BTC (underwater: the close factor is lifted)
  const before = w.read.pool();
  const bobBefore = w.read.position(w.b.position);
  const liqBase = await w.token(w.usdc, w.liquidator.address, 5_000n * USDC);
  const liqBtc = await w.token(w.btc, w.liquidator.address, 0n);
  const oracles = lp.oracleAccounts(before, bobBefore, w.oracleOf);
  const prices = lp.loadPositionPrices(before, bobBefore, w.read.oracle(w.oracles.base), oracles.map(w.read.oracle), w.now(), "spot");
  const liquidate = lp.getLiquidateInstruction({
    liquidator: w.liquidator, ...w.books, lpMint: w.lpMint, position: w.b.position, collateralVault: w.vaults[1],
    liquidatorBase: liqBase, liquidatorCollateral: liqBtc, baseOracle: w.oracles.base, ...lp.EVENT_CPI_ACCOUNTS,
    repayAmount: 3_100n * USDC, slot: 1, minCollateralOut: 0n,
  });
  const liquidated = eventsOf(await w.exec(w.liquidator, [lp.withRemainingAccounts(liquidate, oracles)]));
  const after = w.read.pool();
  const bobAfter = w.read.position(w.b.position);
  const accrued = checkAccrual(before, w.now(), liquidated, after);
  const liq = one(liquidated, "liquidated");
  const healthBefore = lp.positionHealth(accrued, bobBefore, prices, "spot");
  assert.ok(lp.isUnderwater(healthBefore) && liq.fullCloseAllowed);
  assert.deepEqual(
    [liq.positionDebtBefore, liq.positionDebtAfter, liq.positionCollateralBefore, liq.positionCollateralAfter],
    [lp.positionDebt(bobBefore, lp.u128(accrued.borrowIndex)), lp.positionDebt(bobAfter, lp.u128(after.borrowIndex)), BTC / 10n, 0n],
  );
  assert.deepEqual([liq.cashAfter, liq.totalDebtAfter], [after.cash, lp.totalDebt(after)]);
  assert.deepEqual([liq.healthBeforeWad, liq.healthAfterWad], [healthBefore.healthWad, lp.positionHealth(after, bobAfter, prices, "spot").healthWad]);
  assert.equal(tokenAmount(w.svm, liqBtc), liq.collateralOut);
  assert.equal(5_000n * USDC - tokenAmount(w.svm, liqBase), liq.repaid + liq.fee);
  assert.equal(lp.eventsNamed(liquidated, "badDebtSettled").length, 0, "settlement is paused");
  // the mark becomes the debt left with no collateral (reason 1: liquidation)
  const remark = one(liquidated, "shortfallMarked");
  assert.deepEqual([remark.reason, remark.shortfallAfter, remark.markedShortfallAfter], [1, bobAfter.markedShortfall, after.markedShortfall]);
  assert.equal(bobAfter.markedShortfall, liq.positionDebtAfter);
  // the mark at the crash priced what LPs and insurance lose, the debt left less the fee
  // the fund took in, within two units (it never understates: the repayment and the fee
  // round up, the mark down)
  const lost = remark.shortfallAfter - liq.fee;
  assert.ok(remark.shortfallBefore >= lost && remark.shortfallBefore - lost <= 2n, `${remark.shortfallBefore} vs ${lost}`);

  // the preview honours the pause, then shows what the settlement does
  const previewIx = lp.getPreviewSettleInstruction({ pool: w.pool, position: w.b.position, lpMint: w.lpMint, insuranceFund: w.books.insuranceFund });
  assert.equal(await w.failsWith(w.admin, [previewIx]), lp.LENDING_POOL_ERROR__OPERATION_PAUSED);
  await w.exec(w.admin, [lp.getSetPauseInstruction({ authority: w.admin, pool: w.pool, ...lp.EVENT_CPI_ACCOUNTS, flags: 0 })]);
  const s = lp.decodeSettlement((await w.simulate(w.admin, [previewIx])).returnData().data());
  const unsettled = w.read.pool();
  assert.equal(s.lpAssetsBefore, lp.lpAssets(unsettled));
  assert.equal(s.positionDebt, lp.positionDebt(bobAfter, lp.u128(unsettled.borrowIndex)));
  assert.ok(s.fromPending + s.fromInsuranceVault > 0n && s.socialized > 0n, "insurance and the LPs both pay");
  assert.equal(s.markReleased, bobAfter.markedShortfall);

  const settled = eventsOf(
    await w.exec(w.admin, [lp.getSettleBadDebtInstruction({ ...w.books, position: w.b.position, lpMint: w.lpMint, ...lp.EVENT_CPI_ACCOUNTS })]),
  );
  const ev = one(settled, "badDebtSettled");
  // the fields both carry, and those the event derives from the preview's
  const same = ["seq", "positionDebt", "debt", "fromPending", "fromInsuranceVault", "socialized", "insurancePendingBefore",
    "insurancePendingAfter", "lpAssetsBefore", "lpAssetsAfter", "sharePriceBeforeWad", "sharePriceAfterWad", "frozen",
    "breakerTripped", "markReleased", "markedShortfallAfter", "insuranceTotalShares", "insuranceShareEpoch"] as const;
  const pick = (o: Record<string, unknown>) => Object.fromEntries(same.map((k) => [k, o[k]]));
  assert.deepEqual(pick(ev), pick(s));
  assert.deepEqual(
    [ev.covered, ev.insuranceBalanceBefore, ev.insuranceBalanceAfter, ev.lpSupplyBefore, ev.lpSupplyAfter],
    [s.fromPending + s.fromInsuranceVault, s.insurancePendingBefore + s.insuranceVaultBalanceBefore,
      s.insurancePendingAfter + s.insuranceVaultBalanceAfter, s.lpSupply, s.lpSupply],
  );
  // and the accounts after it say the same
  const end = w.read.pool();
  const supply = w.read.lpSupply();
  assert.deepEqual(
    [end.settlementSeq, end.totalSocialized, end.totalInsurancePaid, end.markedShortfall, end.insurancePending],
    [ev.seq, ev.totalSocialized, ev.totalInsurancePaid, ev.markedShortfallAfter, ev.insurancePendingAfter],
  );
  assert.deepEqual([lp.lpAssets(end), lp.sharePriceWad(lp.lpAssets(end), supply)], [ev.lpAssetsAfter, ev.sharePriceAfterWad]);
  assert.equal(lp.insuranceBalance(w.read.fund()), s.insuranceVaultBalanceAfter);
  assert.equal(lp.u128(w.read.position(w.b.position).scaledDebt), 0n);
  assert.equal(lp.totalDebt(unsettled) - lp.totalDebt(end), ev.debt);

  // the scenario emitted these kinds, all decoded (eventsOf checked every tagged inner instruction)
  const names = new Set(w.sent.flatMap(eventsOf).map((e) => e.name));
  for (const name of ["poolInitialized", "collateralAdded", "lpDeposited", "positionOpened", "collateralChanged", "debtChanged",
    "insuranceFunded", "pauseFlagsSet", "interestAccrued", "liquidated", "shortfallMarked", "badDebtSettled"] as const) {
    assert.ok(names.has(name), name);
  }
});
