// An LP's exit priced with fresh marks, in LiteSVM against the SBF program: SOL crashes,
// nobody has marked the underwater position yet; the LP's redemption (and then a
// withdrawal) goes out in one transaction behind `mark_shortfall` (`redeemWithMarks`,
// `withdrawWithMarks`), and pays exactly what the exit price computed from the accounts
// says, to the unit: the shortfall from the position, its collateral's price and bonus
// (the program's rounding), the uncovered part beyond the insurance fund, the LP supply.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LiteSVM } from "litesvm";
import { AccountRole, generateKeyPairSigner, lamports, type Address } from "@solana/kit";
import * as lp from "../src/generated/index.ts";
import { initPoolInstruction, type DeployConfig } from "../src/deploy.ts";
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
import { readFileSync } from "node:fs";
import {
  PROGRAM_SO,
  PYTH_RECEIVER,
  SOL,
  TOKEN_PROGRAM,
  USDC,
  mintData,
  mintSupply,
  newAddress,
  priceUpdateData,
  send,
  setAccount,
  tokenAccountData,
  tokenAmount,
} from "./fixtures.ts";

const BPS = 10_000n;

function decode<T>(svm: LiteSVM, at: Address, decoder: { decode(d: Uint8Array): T }): T {
  const a = svm.getAccount(at);
  assert.ok(a.exists, `${at}`);
  return decoder.decode(a.data);
}

/** `value_wad_down` / `amount_for_value_down` for 8-decimal prices (expo −8). */
const valueWad = (amount: bigint, decimals: number, price: bigint) =>
  (amount * price * 10n ** 10n) / 10n ** BigInt(decimals);
const amountFor = (value: bigint, decimals: number, price: bigint) =>
  (value * 10n ** BigInt(decimals)) / (price * 10n ** 10n);

test("an LP exit behind fresh marks pays the exit price to the unit", async () => {
  const svm = new LiteSVM();
  svm.addProgramFromFile(lp.LENDING_POOL_PROGRAM_ADDRESS, PROGRAM_SO);
  const [admin, lpUser, borrower] = await Promise.all([
    generateKeyPairSigner(),
    generateKeyPairSigner(),
    generateKeyPairSigner(),
  ]);
  for (const k of [admin, lpUser, borrower]) svm.airdrop(k.address, lamports(10_000_000_000n));
  const now = svm.getClock().unixTimestamp;
  const usdc = await newAddress();
  const sol = await newAddress();
  setAccount(svm, usdc, TOKEN_PROGRAM, mintData(admin.address, 6, 1_000_000n * USDC));
  setAccount(svm, sol, TOKEN_PROGRAM, mintData(admin.address, 9, 1_000n * SOL));
  const baseOracle = await newAddress();
  const solOracle = await newAddress();
  const BASE_PRICE = 100_000_000n;
  setAccount(svm, baseOracle, PYTH_RECEIVER, priceUpdateData(0xba, BASE_PRICE, now));
  setAccount(svm, solOracle, PYTH_RECEIVER, priceUpdateData(0x01, 15_000_000_000n, now));

  const example: DeployConfig = JSON.parse(
    readFileSync(new URL("../../../migrations/pool.example.json", import.meta.url), "utf8"),
  );
  const deployed = await initPoolInstruction(admin, { ...example, baseMint: usdc, baseFeedId: "ba".repeat(32) });
  await send(svm, admin, [deployed.instruction]);
  const pool = deployed.pool;
  const [baseVault] = await lp.findBaseVaultPda({ pool });
  const [lpMint] = await lp.findLpMintPda({ pool });
  const [insuranceFund] = await lp.findInsuranceFundPda({ pool });
  const [insuranceVault] = await lp.findInsuranceVaultPda({ pool });
  const BONUS = 500n;
  await send(svm, admin, [
    await lp.getAddCollateralInstructionAsync({
      admin,
      pool,
      collateralMint: sol,
      params: {
        feedId: new Uint8Array(32).fill(0x01),
        ltvBps: 7_500,
        liquidationThresholdBps: 8_000,
        liquidationBonusBps: Number(BONUS),
        depositCap: 1_000_000n * SOL,
      },
    }),
  ]);

  // the LP deposits 100,000 USDC; a donor puts 100 USDC into the insurance fund
  const lpBase = await newAddress();
  const lpShares = await newAddress();
  const adminBase = await newAddress();
  setAccount(svm, lpBase, TOKEN_PROGRAM, tokenAccountData(usdc, lpUser.address, 100_000n * USDC));
  setAccount(svm, lpShares, TOKEN_PROGRAM, tokenAccountData(lpMint, lpUser.address, 0n));
  setAccount(svm, adminBase, TOKEN_PROGRAM, tokenAccountData(usdc, admin.address, 100n * USDC));
  const lpAccounts = { pool, baseVault, lpMint, insuranceFund, insuranceVault };
  await send(svm, lpUser, [
    lp.getDepositInstruction({
      depositor: lpUser,
      ...lpAccounts,
      source: lpBase,
      lpDestination: lpShares,
      amount: 100_000n * USDC,
      minSharesOut: 0n,
    }),
  ]);
  await send(svm, admin, [
    lp.getFundInsuranceInstruction({
      donor: admin,
      pool,
      baseVault,
      insuranceFund,
      insuranceVault,
      source: adminBase,
      amount: 100n * USDC,
    }),
  ]);

  // the borrower posts 10 SOL at $150 and borrows 1,000 USDC
  const bSol = await newAddress();
  const bUsdc = await newAddress();
  setAccount(svm, bSol, TOKEN_PROGRAM, tokenAccountData(sol, borrower.address, 10n * SOL));
  setAccount(svm, bUsdc, TOKEN_PROGRAM, tokenAccountData(usdc, borrower.address, 0n));
  const [position] = await lp.findPositionPda({ pool, owner: borrower.address, index: 0 });
  const [solVault] = await lp.findCollateralVaultPda({ pool, collateralMint: sol });
  const borrow = lp.getBorrowInstruction({
    owner: borrower,
    pool,
    position,
    baseVault,
    insuranceFund,
    insuranceVault,
    destination: bUsdc,
    baseOracle,
    amount: 1_000n * USDC,
  });
  await send(svm, borrower, [
    await lp.getOpenPositionInstructionAsync({ owner: borrower, pool, index: 0 }),
    lp.getDepositCollateralInstruction({
      depositor: borrower,
      pool,
      position,
      collateralVault: solVault,
      source: bSol,
      slot: 0,
      amount: 10n * SOL,
    }),
    { ...borrow, accounts: [...borrow.accounts, { address: solOracle, role: AccountRole.READONLY }] },
  ]);

  // SOL crashes to $50; nobody has marked the position: the exit price does not know yet
  const CRASH = 5_000_000_000n;
  setAccount(svm, solOracle, PYTH_RECEIVER, priceUpdateData(0x01, CRASH, now));
  const before = decode(svm, pool, lp.getPoolDecoder());
  const fund = decode(svm, insuranceFund, lp.getInsuranceFundDecoder());
  const pos = decode(svm, position, lp.getPositionDecoder());
  assert.equal(before.markedShortfall, 0n);

  // what a full liquidation leaves, from the accounts: debt (rounded up) less what the
  // collateral repays at its bonus (rounded down)
  const debt = (u128(pos.scaledDebt) * u128(before.borrowIndex) + WAD - 1n) / WAD;
  const value = valueWad(pos.collateral[0], 9, CRASH);
  const repayable = amountFor((value * BPS) / (BPS + BONUS), 6, BASE_PRICE);
  const shortfall = debt - (repayable < debt ? repayable : debt);
  assert.equal(shortfall, 1_000n * USDC - 476_190_476n); // $500 / 1.05 repays 476.190476
  const ledger = insuranceBalance(fund);
  assert.equal(ledger, 100n * USDC);
  const marked = { ...before, markedShortfall: shortfall };
  const exit = exitLpAssets(marked, ledger);
  assert.equal(exit, lpAssets(before) - (shortfall - ledger)); // the fund covers 100 of it
  const supply = mintSupply(svm, lpMint);

  // redeem 1,000 LP units behind the mark, in one transaction
  const lpUsdc = await newAddress();
  setAccount(svm, lpUsdc, TOKEN_PROGRAM, tokenAccountData(usdc, lpUser.address, 0n));
  const marks = [{ position, baseOracle, oracles: [solOracle] }];
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
