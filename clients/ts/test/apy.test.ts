// Rates against the program's accruals in LiteSVM: the APR the helpers give is the rate the
// program's next accrual charges (its `InterestAccrued` event's, and the borrow index it
// reaches, to the unit, for spells from a second to a month); LPs earn the supply APR on
// their assets, short only by the accrual's roundings; and on a flat curve (the rate held
// fixed) a year of daily accruals reaches exactly the projected index, within a unit per
// accrual of the daily-compounded APY, which per-second compounding brings to e^r − 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lp from "../src/index.ts";
import { eventsOf, one } from "./event-checks.ts";
import { twoCollateralPool } from "./two-collateral-world.ts";

type World = Awaited<ReturnType<typeof twoCollateralPool>>;
const { WAD, SECONDS_PER_YEAR } = lp;

const accrue = (w: World) => w.exec(w.admin, [lp.getAccrueInterestInstruction({ pool: w.pool, ...lp.EVENT_CPI_ACCOUNTS })]);

test("the APR is what the next accrual charges, to the unit; LPs earn the supply APR", async () => {
  const w = await twoCollateralPool();
  for (const dt of [1n, 3_600n, 86_400n, 30n * 86_400n]) {
    const before = w.read.pool();
    const apr = lp.borrowAprWadUp(before);
    const supplyApr = lp.supplyAprWadDown(before);
    w.warp(dt);
    const ev = one(eventsOf(await accrue(w)), "interestAccrued");
    const after = w.read.pool();
    assert.equal(ev.rateWad, apr);
    assert.equal(ev.utilizationWad, lp.utilizationWad(before));
    assert.equal(lp.u128(after.borrowIndex), lp.accrueIndexUp(lp.u128(before.borrowIndex), apr, dt));
    // what LPs gained against the supply APR over the spell: the accrual rounds the index
    // and each debt up (a unit or two more) and the fund's share down
    const gained = lp.lpAssets(after) - lp.lpAssets(before);
    const predicted = (supplyApr * dt * lp.lpAssets(before)) / (SECONDS_PER_YEAR * WAD);
    assert.ok(gained >= predicted && gained - predicted <= 2n, `dt ${dt}: gained ${gained}, APR says ${predicted}`);
  }
  // 2,000 + 3,000 owed on 1,000,000: 0.5% utilization on the example curve (1% + 4% × u / 80%)
  const pool = w.read.pool();
  assert.ok(lp.utilizationWad(pool) > WAD / 201n && lp.utilizationWad(pool) < WAD / 199n);
  assert.equal(lp.borrowAprWadUp(pool), WAD / 100n + lp.mulDivUp(4n * WAD / 100n, lp.utilizationWad(pool), 8n * WAD / 10n));
  assert.ok(lp.supplyAprWadDown(pool) < lp.borrowAprWadUp(pool) / 100n, "LPs earn the rate on 0.5% of their assets");
});

test("on a flat curve a year of accruals reaches the projected index, and the APY compounds it", async () => {
  const w = await twoCollateralPool();
  const config = { ...w.read.pool().config, baseRateBps: 500, slope1Bps: 0, slope2Bps: 0 };
  await w.exec(w.admin, [lp.getUpdateConfigInstruction({ admin: w.admin, pool: w.pool, ...lp.EVENT_CPI_ACCOUNTS, config })]);
  const start = w.read.pool();
  const apr = lp.borrowAprWadUp(start);
  assert.equal(apr, WAD / 20n); // 5%, whatever the utilization

  // every second for two minutes: the program compounds at each accrual
  for (let s = 0; s < 120; s++) {
    w.warp(1n);
    await accrue(w);
  }
  const perSecond = lp.u128(w.read.pool().borrowIndex);
  assert.equal(perSecond, lp.projectBorrowIndexUp(lp.u128(start.borrowIndex), apr, 1n, 120));
  assert.ok(perSecond > lp.accrueIndexUp(lp.u128(start.borrowIndex), apr, 120n), "more than one accrual of 120 s");

  // then daily for a year
  for (let d = 0; d < 365; d++) {
    w.warp(86_400n);
    await accrue(w);
  }
  const yearly = lp.u128(w.read.pool().borrowIndex);
  assert.equal(yearly, lp.projectBorrowIndexUp(perSecond, apr, 86_400n, 365));
  const grown = ((yearly - perSecond) * WAD) / perSecond;
  const daily = lp.borrowApyWadUp(start, { periodSecs: 86_400n });
  assert.ok(grown >= daily - 1n && grown - daily <= 366n, `the year grew ${grown}, the APY says ${daily}`);
  // per-second compounding is the most: e^0.05 − 1 at 36 decimals, rounded up
  const perSecondApy = lp.borrowApyWadUp(start);
  assert.ok(perSecondApy > daily && perSecondApy > apr);
  assert.ok(Math.abs(Number(perSecondApy) / 1e18 - Math.expm1(0.05)) < 1e-9);
  // a year in one accrual pays the APR; LPs' per-second APY is e^r − 1 of theirs (to the
  // per-second growth's rounding: a unit in 7 × 10^6 of a 0.02% rate)
  assert.equal(lp.borrowApyWadUp(start, { periodSecs: SECONDS_PER_YEAR }), apr);
  const supplyApr = lp.supplyAprWadDown(start);
  assert.equal(lp.supplyApyWadDown(start, { periodSecs: SECONDS_PER_YEAR }), supplyApr);
  const r = Number(supplyApr) / 1e18;
  const supplyApy = Number(lp.supplyApyWadDown(start)) / 1e18;
  assert.ok(supplyApy > r && Math.abs(supplyApy / Math.expm1(r) - 1) < 1e-6, `${supplyApy} against ${Math.expm1(r)}`);
});
