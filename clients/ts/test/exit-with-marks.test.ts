// An LP's exit priced with fresh marks, in LiteSVM against the SBF program: SOL crashes,
// nobody has marked the underwater position yet; the LP's redemption (and then a
// withdrawal) goes out in one transaction behind `mark_shortfall` (`redeemWithMarks`,
// `withdrawWithMarks`), and pays exactly what the exit price computed from the accounts
// says, to the unit: the shortfall from the position, its collateral's price and bonus
// (the program's rounding), the uncovered part beyond the insurance fund, the LP supply.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lp from "../src/generated/index.ts";
import {
  exitLpAssets,
  insuranceBalance,
  lpAssets,
  redeemWithMarks,
  toAssetsDown,
  toSharesUp,
  u128,
  WAD,
  withdrawWithMarks,
} from "../src/marks.ts";
import { amountForValueDown, valueWadDown } from "../src/math.ts";
import { EVENT_CPI_ACCOUNTS } from "../src/events.ts";
import { USDC, mintSupply, send, tokenAmount } from "./fixtures.ts";
import { BASE_PRICE, BONUS_BPS, borrowedPool, decode } from "./world.ts";

const BPS = 10_000n;

/** `value_wad_down` / `amount_for_value_down` for 8-decimal prices (expo −8). */
const valueWad = (amount: bigint, decimals: number, price: bigint) => valueWadDown(amount, decimals, price, -8);
const amountFor = (value: bigint, decimals: number, price: bigint) => amountForValueDown(value, decimals, price, -8);

test("an LP exit behind fresh marks pays the exit price to the unit", async () => {
  const w = await borrowedPool();
  const { svm, admin, lpUser, lpAccounts, lpShares, position, marks } = w;
  const { pool, insuranceFund, lpMint } = lpAccounts;
  // a donor puts 100 USDC into the insurance fund
  await send(svm, admin, [
    lp.getFundInsuranceInstruction({
      donor: admin,
      pool,
      baseVault: lpAccounts.baseVault,
      insuranceFund,
      insuranceVault: lpAccounts.insuranceVault,
      source: await w.usdcAccount(admin.address, 100n * USDC),
      ...EVENT_CPI_ACCOUNTS,
      amount: 100n * USDC,
    }),
  ]);

  // SOL crashes to $50; nobody has marked the position: the exit price does not know yet
  const CRASH = 5_000_000_000n;
  w.setPrices(CRASH);
  const before = decode(svm, pool, lp.getPoolDecoder());
  const fund = decode(svm, insuranceFund, lp.getInsuranceFundDecoder());
  const pos = decode(svm, position, lp.getPositionDecoder());
  assert.equal(before.markedShortfall, 0n);

  // what LPs and insurance would lose to a full liquidation, from the accounts: debt
  // (rounded up) less what the collateral repays at its bonus plus the 1% fee that
  // repayment pays the fund (rounded down)
  const debt = (u128(pos.scaledDebt) * u128(before.borrowIndex) + WAD - 1n) / WAD;
  const value = valueWad(pos.collateral[0], 9, CRASH);
  const FEE_BPS = BigInt(before.config.liquidationFeeBps);
  const repayable = amountFor((((value * BPS) / (BPS + BONUS_BPS)) * (BPS + FEE_BPS)) / BPS, 6, BASE_PRICE);
  const shortfall = debt - (repayable < debt ? repayable : debt);
  assert.equal(shortfall, 1_000n * USDC - 480_952_380n); // $500 / 1.05 × 1.01 = 480.952380
  const ledger = insuranceBalance(fund);
  assert.equal(ledger, 100n * USDC);
  const exit = exitLpAssets({ ...before, markedShortfall: shortfall }, ledger);
  assert.equal(exit, lpAssets(before) - (shortfall - ledger)); // the fund covers 100 of it
  const supply = mintSupply(svm, lpMint);

  // redeem 1,000 LP units behind the mark, in one transaction
  const lpUsdc = await w.usdcAccount(lpUser.address, 0n);
  const shares = 1_000n * USDC;
  const redeem = redeemWithMarks({
    owner: lpUser,
    ...lpAccounts,
    lpSource: lpShares,
    destination: lpUsdc,
    shares,
    minAssetsOut: 0n,
    marks,
  });
  assert.equal(redeem.length, 2);
  await send(svm, lpUser, redeem);
  const paid = tokenAmount(svm, lpUsdc);
  assert.equal(paid, toAssetsDown(shares, exit, supply));
  assert.ok(paid < toAssetsDown(shares, lpAssets(before), supply), "the mark lowered the payout");
  const after = decode(svm, pool, lp.getPoolDecoder());
  assert.equal(after.markedShortfall, shortfall);
  assert.equal(decode(svm, position, lp.getPositionDecoder()).markedShortfall, shortfall);

  // a withdrawal of exactly 500 USDC behind a re-mark (unchanged) burns the shares the
  // exit price asks, rounded up
  const supply2 = mintSupply(svm, lpMint);
  const exit2 = exitLpAssets(after, insuranceBalance(decode(svm, insuranceFund, lp.getInsuranceFundDecoder())));
  const held = tokenAmount(svm, lpShares);
  const assets = 500n * USDC;
  await send(
    svm,
    lpUser,
    withdrawWithMarks({
      owner: lpUser,
      ...lpAccounts,
      lpSource: lpShares,
      destination: lpUsdc,
      assets,
      maxSharesIn: held,
      marks,
    }),
  );
  assert.equal(tokenAmount(svm, lpUsdc), paid + assets);
  assert.equal(held - tokenAmount(svm, lpShares), toSharesUp(assets, exit2, supply2));
  assert.equal(decode(svm, pool, lp.getPoolDecoder()).markedShortfall, shortfall);
});
