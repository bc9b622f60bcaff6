// Position health and the oracle remaining accounts, in LiteSVM against the SBF program,
// on a pool whose assets differ in decimals (6, 9, 8) and price exponents (−8, −8, −5):
// the TS `healthReport`, computed from the decoded accounts and oracles, equals the
// `position_health` view's return data to the unit (spot and conservative, interest accrued
// to the clock); the accounts `oracleAccounts` builds are accepted, and a missing, misordered
// or wrong-slot oracle is refused by the program with its own error; a retired slot is
// valued at zero without a price.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Address } from "@solana/kit";
import * as lp from "../src/index.ts";
import { BTC, SOL, USDC, btcAt, solAt, twoCollateralPool } from "./two-collateral-world.ts";

type World = Awaited<ReturnType<typeof twoCollateralPool>>;

/** The view's report (simulated) and the TS one from the same accounts at the same clock. */
async function bothReports(w: World, position: Address) {
  const pool = w.read.pool();
  const pos = w.read.position(position);
  const ix = lp.getPositionHealthInstruction({ pool: w.pool, position, baseOracle: w.oracles.base });
  const meta = await w.simulate(w.admin, [lp.withPositionOracles(ix, pool, pos, w.oracleOf)]);
  const raw = meta.returnData().data();
  const fromBytes = lp.decodeHealthReport(raw);
  assert.deepEqual(lp.decodeHealthReport({ logs: meta.logs() }), fromBytes, "logs and return data agree");
  const oracles = lp.oracleAccounts(pool, pos, w.oracleOf).map(w.read.oracle);
  const prices = lp.loadPositionPrices(pool, pos, w.read.oracle(w.oracles.base), oracles, w.now(), "spot");
  return { program: fromBytes, ts: lp.healthReport(pool, pos, prices, w.now()), pool, pos, raw };
}

test("the TS health report equals position_health's return data to the unit", async () => {
  const w = await twoCollateralPool();
  // a day of interest nobody accrued on-chain, and prices that moved (EMAs lag, bands widen)
  w.warp(86_400n);
  w.setPrices({ sol: solAt(123n), btc: { ...btcAt(57_777n), conf: 1_000_000n } });
  for (const who of [w.a, w.b]) {
    const { program, ts, pool, pos, raw } = await bothReports(w, who.position);
    assert.deepEqual(ts, program);
    // the view accrued interest on a copy: the debt now is above the debt at the last accrual
    assert.ok(program.debt > lp.positionDebt(pos, lp.u128(pool.borrowIndex)));
    // conservative prices value collateral lower and debt higher than spot
    assert.ok(program.conservative.collateralValue < program.spot.collateralValue);
    assert.ok(program.conservative.debtValue > program.spot.debtValue);
    // an older validator's RPC strips trailing zero bytes: the decoder pads them back
    assert.equal(raw.length, lp.getHealthReportDecoder().fixedSize);
    const stripped = raw.slice(0, raw.findLastIndex((b) => b !== 0) + 1);
    assert.ok(stripped.length < raw.length);
    assert.deepEqual(lp.decodeHealthReport(stripped), program);
  }

  // a band wider than the pool accepts (2%) or a bad EMA: the view still returns its spot
  // half, with the error a borrow would fail with, and the TS report says the same
  for (const btc of [{ ...btcAt(57_777n), conf: 5_000n * 10n ** 5n }, { ...btcAt(57_777n), ema: 0n }]) {
    w.setPrices({ sol: solAt(123n), btc });
    const { program, ts } = await bothReports(w, w.a.position);
    assert.deepEqual(ts, program);
    assert.ok(program.conservativeError > 0 && program.spot.collateralValue > 0n);
    assert.equal(program.conservative.collateralValue, 0n);
  }

  // BTC halves: both are now liquidatable at spot, and the two sides still agree
  w.setPrices({ sol: solAt(101n), btc: btcAt(29_000n) });
  for (const who of [w.a, w.b]) {
    const { program, ts } = await bothReports(w, who.position);
    assert.deepEqual(ts, program);
    assert.ok(program.spot.healthWad < lp.WAD && lp.isLiquidatable(program.spot));
  }
});

test("the remaining-accounts helper gives what the program accepts, and the program refuses the rest", async () => {
  const w = await twoCollateralPool();
  const pool = w.read.pool();
  const alice = w.read.position(w.a.position);
  const bob = w.read.position(w.b.position);
  // one oracle per held slot, in slot order: Alice holds slots 0 and 1, Bob only slot 1
  assert.deepEqual(lp.oracleAccounts(pool, alice, w.oracleOf), [w.oracles.sol, w.oracles.btc]);
  assert.deepEqual(lp.oracleAccounts(pool, bob, w.oracleOf), [w.oracles.btc]);
  // a record or an array indexed by slot works the same
  assert.deepEqual(lp.oracleAccounts(pool, bob, [undefined, w.oracles.btc]), [w.oracles.btc]);
  assert.deepEqual(lp.oracleAccounts(pool, bob, { 1: w.oracles.btc }), [w.oracles.btc]);
  // a held slot without an oracle is an error naming the slot, before anything is sent
  assert.throws(
    () => lp.oracleAccounts(pool, alice, new Map([[0, w.oracles.sol]])),
    (e: unknown) => e instanceof lp.MissingOracleError && e.slot === 1 && e.mint === w.btc,
  );
  // a retired slot is worth zero and takes no oracle (`Pool::priced_slots`)
  const retired = { ...pool, collaterals: pool.collaterals.map((c, slot) => (slot === 1 ? { ...c, retired: 1 } : c)) };
  assert.deepEqual(lp.oracleAccounts(retired, alice, w.oracleOf), [w.oracles.sol]);
  assert.deepEqual(lp.oracleAccounts(retired, bob, w.oracleOf), []);

  const borrow = (who: typeof w.a, amount: bigint) =>
    lp.getBorrowInstruction({
      owner: who.owner, ...w.books, position: who.position, destination: who.destination, baseOracle: w.oracles.base, ...lp.EVENT_CPI_ACCOUNTS, amount,
    });
  const health = (position: Address) => lp.getPositionHealthInstruction({ pool: w.pool, position, baseOracle: w.oracles.base });
  const misordered = [w.oracles.btc, w.oracles.sol];
  for (const [ix, owner] of [
    [borrow(w.a, 10n * USDC), w.a.owner],
    [health(w.a.position), w.admin],
  ] as const) {
    assert.equal(await w.failsWith(owner, [lp.withRemainingAccounts(ix, misordered)]), lp.LENDING_POOL_ERROR__ORACLE_WRONG_FEED);
    assert.equal(await w.failsWith(owner, [lp.withRemainingAccounts(ix, [w.oracles.sol])]), lp.LENDING_POOL_ERROR__ORACLE_ACCOUNTS_MISMATCH);
    assert.equal(await w.failsWith(owner, [ix]), lp.LENDING_POOL_ERROR__ORACLE_ACCOUNTS_MISMATCH);
  }
  // Bob's one oracle is slot 1's: slot 0's is the wrong feed, both are one too many
  const bobHealth = health(w.b.position);
  assert.equal(await w.failsWith(w.admin, [lp.withRemainingAccounts(bobHealth, [w.oracles.sol])]), lp.LENDING_POOL_ERROR__ORACLE_WRONG_FEED);
  assert.equal(
    await w.failsWith(w.admin, [lp.withRemainingAccounts(bobHealth, [w.oracles.sol, w.oracles.btc])]),
    lp.LENDING_POOL_ERROR__ORACLE_ACCOUNTS_MISMATCH,
  );
  // and what the helper builds goes through
  await w.exec(w.a.owner, [lp.withPositionOracles(borrow(w.a, 10n * USDC), pool, alice, w.oracleOf)]);
  assert.equal(lp.positionDebt(w.read.position(w.a.position), lp.u128(w.read.pool().borrowIndex)), 2_010n * USDC);

  // collateral changes: Bob adds SOL with the oracles of what he holds after it (read only
  // were he marked), then takes it all out again; the withdrawal is priced on what he
  // holds after it (slot 1 only), not before
  const bobSol = await w.token(w.sol, w.b.owner.address, 2n * SOL);
  const depositSol = { pool: w.pool, position: w.b.position, collateralVault: w.vaults[0], baseOracle: w.oracles.base, ...lp.EVENT_CPI_ACCOUNTS, slot: 0, amount: 2n * SOL };
  const toAdd = lp.depositCollateralOracles(w.read.pool(), w.read.position(w.b.position), 0, 2n * SOL, w.oracleOf);
  assert.deepEqual(toAdd, [w.oracles.sol, w.oracles.btc]);
  const dep = lp.getDepositCollateralInstruction({ depositor: w.b.owner, source: bobSol, ...depositSol });
  await w.exec(w.b.owner, [lp.withRemainingAccounts(dep, toAdd)]);
  const bobNow = w.read.position(w.b.position);
  assert.deepEqual(lp.oracleAccounts(w.read.pool(), bobNow, w.oracleOf), [w.oracles.sol, w.oracles.btc]);
  const out = lp.withdrawCollateralOracles(w.read.pool(), bobNow, 0, 2n * SOL, w.oracleOf);
  assert.deepEqual(out, [w.oracles.btc]);
  const withdraw = lp.getWithdrawCollateralInstruction({ owner: w.b.owner, destination: bobSol, ...depositSol });
  assert.equal(
    await w.failsWith(w.b.owner, [lp.withRemainingAccounts(withdraw, [w.oracles.sol, w.oracles.btc])]),
    lp.LENDING_POOL_ERROR__ORACLE_ACCOUNTS_MISMATCH,
  );
  await w.exec(w.b.owner, [lp.withRemainingAccounts(withdraw, out)]);
  assert.equal(w.read.position(w.b.position).collateral[0], 0n);
  assert.equal(w.read.position(w.b.position).collateral[1], BTC / 10n);
});

test("a retired slot is worth zero and needs no price, as Pool::valued_slots", async () => {
  const w = await twoCollateralPool();
  const pool = w.read.pool();
  const alice = w.read.position(w.a.position);
  const oracles = lp.oracleAccounts(pool, alice, w.oracleOf).map(w.read.oracle);
  const prices = lp.loadPositionPrices(pool, alice, w.read.oracle(w.oracles.base), oracles, w.now(), "spot");
  const debt = lp.positionDebt(alice, lp.u128(pool.borrowIndex));
  // BTC (slot 1) retired: valued without its price, as if Alice held SOL alone
  const retired = { ...pool, collaterals: pool.collaterals.map((c, slot) => (slot === 1 ? { ...c, retired: 1 } : c)) };
  const withoutBtc = { ...prices, collateral: [prices.collateral[0], null] };
  const solOnly = { ...alice, collateral: [alice.collateral[0], 0n, 0n, 0n] };
  assert.deepEqual(lp.positionValues(retired, alice, debt, withoutBtc, "spot"), lp.positionValues(pool, solOnly, debt, prices, "spot"));
  assert.ok(lp.positionValues(pool, alice, debt, prices, "spot").collateralValue > lp.positionValues(retired, alice, debt, withoutBtc, "spot").collateralValue);
});
