// An LP's exit priced with fresh marks, in LiteSVM against the SBF program: SOL crashes,
// nobody has marked the underwater position yet; the LP's exit goes out in one transaction
// behind `mark_shortfall` (`exitWithMarks`): the mark stresses the pool, so the exit is a
// request, valued at exactly what the exit price computed from the accounts says, to the
// unit (the shortfall from the position, its collateral's price and bonus with the
// program's rounding, the uncovered part beyond the insurance fund, the LP supply), and
// `complete_exit` pays that after the delay.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lp from "../src/generated/index.ts";
import {
  exitLpAssets,
  insuranceBalance,
  lpAssets,
  redeemWithMarks,
  toAssetsDown,
  u128,
  WAD,
} from "../src/marks.ts";
import { exitWithMarks, isStressed } from "../src/exit.ts";
import { amountForValueDown, valueWadDown } from "../src/math.ts";
import { EVENT_CPI_ACCOUNTS } from "../src/events.ts";
import { eventsOf, one } from "./event-checks.ts";
import { USDC, mintSupply, send, tokenAmount } from "./fixtures.ts";
import { BASE_PRICE, BONUS_BPS, borrowedPool, decode, sendFails } from "./world.ts";

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

  // 1,000 LP units leave behind the mark, in one transaction: the mark stresses the pool (the
  // fund covers 100 of the loss), so a redemption is refused and the helper sends a request
  const lpUsdc = await w.usdcAccount(lpUser.address, 0n);
  const shares = 1_000n * USDC;
  const redeemInput = { owner: lpUser, ...lpAccounts, lpSource: lpShares, destination: lpUsdc, shares, minAssetsOut: 0n, marks };
  const refused = await sendFails(svm, lpUser, redeemWithMarks(redeemInput));
  assert.match(refused, /PoolStressed/);
  const poolAfterMarks = { ...before, markedShortfall: shortfall };
  assert.ok(isStressed(poolAfterMarks, ledger));
  const plan = await exitWithMarks({ ...redeemInput, poolAfterMarks, fundLedger: ledger });
  assert.equal(plan.kind, "request");
  assert.equal(plan.instructions.length, 2);
  const requested = await send(svm, lpUser, plan.instructions);
  const ev = one(eventsOf(requested), "exitRequested");
  // its value is the exit price's, to the unit; the shares wait in the escrow
  assert.equal(ev.valueAtRequest, toAssetsDown(shares, exit, supply));
  assert.ok(ev.valueAtRequest < toAssetsDown(shares, lpAssets(before), supply), "the mark lowered it");
  const after = decode(svm, pool, lp.getPoolDecoder());
  assert.equal(after.markedShortfall, shortfall);
  assert.equal(decode(svm, position, lp.getPositionDecoder()).markedShortfall, shortfall);

  // after the delay (nothing else happened) the request pays its value
  w.warp(Number(after.config.exitDelaySecs));
  w.setPrices(CRASH);
  await send(svm, lpUser, [
    await lp.getCompleteExitInstructionAsync({
      owner: lpUser, ...lpAccounts, destination: lpUsdc, ...EVENT_CPI_ACCOUNTS,
      exitRequest: (await lp.findExitRequestPda({ pool, owner: lpUser.address }))[0],
    }),
  ]);
  assert.equal(tokenAmount(svm, lpUsdc), ev.valueAtRequest);
  assert.equal(mintSupply(svm, lpMint), supply - shares);
});
