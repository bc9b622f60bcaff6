// `liquidationPrice` against the program in LiteSVM: with the other prices where they
// are, publishing the slot's price it gives lets a liquidation through, and one unit above
// it is refused (`PositionHealthy`), for SOL (9 decimals, expo −8) and BTC (8 decimals,
// expo −5), on a position holding both and one holding BTC alone, after interest the chain
// has not accrued; the `position_health` view agrees either side of it. Where the rest of
// the collateral covers the debt on its own, no price of the slot makes it liquidatable.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Address } from "@solana/kit";
import * as lp from "../src/index.ts";
import type { PriceSpec } from "./fixtures.ts";
import { allPrices } from "./world-prices.ts";
import { USDC, btcAt, solAt, twoCollateralPool } from "./two-collateral-world.ts";

type World = Awaited<ReturnType<typeof twoCollateralPool>>;
const asSpec = (price: bigint, expo: number): PriceSpec => ({ price, expo, ema: price, conf: 0n });

async function liquidate(w: World, position: Address, slot: number) {
  const ix = lp.getLiquidateInstruction({
    liquidator: w.liquidator, ...w.books, lpMint: w.lpMint, position, collateralVault: w.vaults[slot],
    liquidatorBase: await w.token(w.usdc, w.liquidator.address, 1_000n * USDC),
    liquidatorCollateral: await w.token(slot === 0 ? w.sol : w.btc, w.liquidator.address, 0n),
    baseOracle: w.oracles.base, ...lp.EVENT_CPI_ACCOUNTS, repayAmount: 10n * USDC, slot, minCollateralOut: 0n,
  });
  return lp.withPositionOracles(ix, w.read.pool(), w.read.position(position), w.oracleOf);
}

async function spotHealth(w: World, position: Address) {
  const ix = lp.getPositionHealthInstruction({ pool: w.pool, position, baseOracle: w.oracles.base });
  const meta = await w.simulate(w.admin, [lp.withPositionOracles(ix, w.read.pool(), w.read.position(position), w.oracleOf)]);
  return lp.decodeHealthReport(meta.returnData().data()).spot.healthWad;
}

test("a liquidation goes through at liquidationPrice and is refused one unit above it", async () => {
  const w = await twoCollateralPool();
  w.warp(86_400n * 3n); // three days of interest the chain has not accrued
  let prices = { sol: solAt(150n), btc: btcAt(30_000n) };
  w.setPrices(prices);
  const cases = [
    { who: w.a, slot: 0, key: "sol" as const }, // BTC at $30,000 leaves SOL to carry part of the debt
    { who: w.a, slot: 1, key: "btc" as const }, // SOL at $150 leaves BTC to carry the rest
    { who: w.b, slot: 1, key: "btc" as const }, // BTC alone
  ];
  for (const { who, slot, key } of cases) {
    const q = lp.liquidationPrice(w.read.pool(), w.read.position(who.position), slot, allPrices(w), w.now());
    assert.ok(q, `slot ${slot}`);
    assert.equal(q.expo, prices[key].expo);
    const at = (price: bigint) => w.setPrices({ ...prices, [key]: asSpec(price, q.expo) });
    at(q.price + 1n);
    assert.equal(await w.failsWith(w.liquidator, [await liquidate(w, who.position, slot)]), lp.LENDING_POOL_ERROR__POSITION_HEALTHY);
    assert.ok((await spotHealth(w, who.position)) >= lp.WAD);
    at(q.price);
    assert.ok((await spotHealth(w, who.position)) < lp.WAD);
    await w.simulate(w.liquidator, [await liquidate(w, who.position, slot)]);
    w.setPrices(prices);
  }
  // Alice's SOL: (debt − BTC's 0.05 × $30,000 × 75%) / (10 SOL × 80%), about $109.4
  const sol = lp.liquidationPrice(w.read.pool(), w.read.position(w.a.position), 0, allPrices(w), w.now())!;
  assert.ok(sol.price > 109n * 10n ** 8n && sol.price < 110n * 10n ** 8n, `${sol.price}`);
  // Bob's BTC: his debt over 0.1 BTC × 75%, about $40,000 (three days of interest on top)
  const btc = lp.liquidationPrice(w.read.pool(), w.read.position(w.b.position), 1, allPrices(w), w.now())!;
  assert.ok(btc.price > 40_000n * 10n ** 5n && btc.price < 40_010n * 10n ** 5n, `${btc.price}`);

  // at $60,000 Alice's BTC covers her debt on its own: no SOL price liquidates her
  prices = { sol: solAt(150n), btc: btcAt(60_000n) };
  w.setPrices(prices);
  assert.equal(lp.liquidationPrice(w.read.pool(), w.read.position(w.a.position), 0, allPrices(w), w.now()), null);
  w.setPrices({ ...prices, sol: asSpec(1n, -8) }); // SOL at $0.00000001
  assert.equal(await w.failsWith(w.liquidator, [await liquidate(w, w.a.position, 1)]), lp.LENDING_POOL_ERROR__POSITION_HEALTHY);
  // and a slot not held has no liquidation price
  assert.equal(lp.liquidationPrice(w.read.pool(), w.read.position(w.b.position), 0, allPrices(w), w.now()), null);
});
