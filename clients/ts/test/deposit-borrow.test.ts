// The generated client against the real SBF program in LiteSVM: init a pool, add SOL as
// collateral, an LP deposits, a borrower posts collateral and borrows. Token accounts and
// Pyth PriceUpdateV2 accounts are written directly (LiteSVM's setAccount). Every emitting
// instruction takes the event authority and the program last (`EVENT_CPI_ACCOUNTS`), and
// the program refuses an event instruction its authority did not sign.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LiteSVM } from "litesvm";
import { AccountRole, generateKeyPairSigner, lamports } from "@solana/kit";
import * as lp from "../src/generated/index.ts";
import { initPoolInstruction, type DeployConfig } from "../src/deploy.ts";
import { EVENT_AUTHORITY, EVENT_CPI_ACCOUNTS, EVENT_IX_TAG } from "../src/events.ts";
import { sendFails } from "./world.ts";
import { readFileSync } from "node:fs";
import {
  PROGRAM_SO,
  PYTH_RECEIVER,
  SOL,
  TOKEN_PROGRAM,
  USDC,
  mintData,
  newAddress,
  priceUpdateData,
  send,
  setAccount,
  tokenAccountData,
  tokenAmount,
} from "./fixtures.ts";

test("deposit and borrow through the generated client", async () => {
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
  setAccount(svm, baseOracle, PYTH_RECEIVER, priceUpdateData(0xba, 100_000_000n, now));
  setAccount(svm, solOracle, PYTH_RECEIVER, priceUpdateData(0x01, 15_000_000_000n, now));

  // init_pool through the deployment step, from the example config (our mint and feed)
  const example: DeployConfig = JSON.parse(
    readFileSync(new URL("../../../migrations/pool.example.json", import.meta.url), "utf8"),
  );
  const deployed = await initPoolInstruction(admin, {
    ...example,
    baseMint: usdc,
    baseFeedId: "ba".repeat(32),
  });
  await send(svm, admin, [deployed.instruction]);
  const [pool] = await lp.findPoolPda({ baseMint: usdc, creator: admin.address });
  assert.equal(deployed.pool, pool);
  const initial = svm.getAccount(pool);
  assert.ok(initial.exists);
  const cfg = lp.getPoolDecoder().decode(initial.data).config;
  assert.equal(cfg.depositCap, BigInt(example.pool!.depositCap!));
  assert.equal(cfg.slope2Bps, 7_500); // not in the file: the example's value
  const [baseVault] = await lp.findBaseVaultPda({ pool });
  const [lpMint] = await lp.findLpMintPda({ pool });
  const [insuranceFund] = await lp.findInsuranceFundPda({ pool });
  const [insuranceVault] = await lp.findInsuranceVaultPda({ pool });

  await send(svm, admin, [
    await lp.getAddCollateralInstructionAsync({
      admin,
      pool,
      collateralMint: sol,
      ...EVENT_CPI_ACCOUNTS,
      params: {
        feedId: new Uint8Array(32).fill(0x01),
        ltvBps: 7_500,
        liquidationThresholdBps: 8_000,
        liquidationBonusBps: 500,
        depositCap: 1_000_000n * SOL,
      },
    }),
  ]);

  // the LP deposits 100,000 USDC
  const lpBase = await newAddress();
  const lpShares = await newAddress();
  setAccount(svm, lpBase, TOKEN_PROGRAM, tokenAccountData(usdc, lpUser.address, 100_000n * USDC));
  setAccount(svm, lpShares, TOKEN_PROGRAM, tokenAccountData(lpMint, lpUser.address, 0n));
  await send(svm, lpUser, [
    lp.getDepositInstruction({
      depositor: lpUser,
      pool,
      baseVault,
      lpMint,
      insuranceFund,
      insuranceVault,
      source: lpBase,
      lpDestination: lpShares,
      ...EVENT_CPI_ACCOUNTS,
      amount: 100_000n * USDC,
      minSharesOut: 0n,
    }),
  ]);
  // one LP unit per base unit at the start (the LP mint has the base mint's decimals)
  assert.equal(tokenAmount(svm, lpShares), 100_000n * USDC);

  // the borrower posts 10 SOL ($1,500) and borrows 1,000 USDC
  const bSol = await newAddress();
  const bUsdc = await newAddress();
  setAccount(svm, bSol, TOKEN_PROGRAM, tokenAccountData(sol, borrower.address, 10n * SOL));
  setAccount(svm, bUsdc, TOKEN_PROGRAM, tokenAccountData(usdc, borrower.address, 0n));
  const [position] = await lp.findPositionPda({ pool, owner: borrower.address, index: 0 });
  const [solVault] = await lp.findCollateralVaultPda({ pool, collateralMint: sol });
  await send(svm, borrower, [
    await lp.getOpenPositionInstructionAsync({ owner: borrower, pool, index: 0, ...EVENT_CPI_ACCOUNTS }),
    lp.getDepositCollateralInstruction({
      depositor: borrower,
      pool,
      position,
      collateralVault: solVault,
      source: bSol,
      baseOracle,
      ...EVENT_CPI_ACCOUNTS,
      slot: 0,
      amount: 10n * SOL,
    }),
  ]);
  const borrow = lp.getBorrowInstruction({
    owner: borrower,
    pool,
    position,
    baseVault,
    insuranceFund,
    insuranceVault,
    destination: bUsdc,
    baseOracle,
    ...EVENT_CPI_ACCOUNTS,
    amount: 1_000n * USDC,
  });
  // one oracle account per collateral slot the position holds, as remaining accounts
  await send(svm, borrower, [
    { ...borrow, accounts: [...borrow.accounts, { address: solOracle, role: AccountRole.READONLY }] },
  ]);

  assert.equal(tokenAmount(svm, bUsdc), 1_000n * USDC);
  const poolAccount = svm.getAccount(pool);
  assert.ok(poolAccount.exists);
  const books = lp.getPoolDecoder().decode(poolAccount.data);
  assert.equal(books.cash, 99_000n * USDC);
  assert.equal(books.collaterals[0].totalDeposited, 10n * SOL);
  const positionAccount = svm.getAccount(position);
  assert.ok(positionAccount.exists);
  const pos = lp.getPositionDecoder().decode(positionAccount.data);
  assert.equal(pos.collateral[0], 10n * SOL);
  assert.equal(pos.owner, borrower.address);
});

test("nobody but the program can emit its events: a tagged instruction its authority did not sign is refused", async () => {
  const svm = new LiteSVM();
  svm.addProgramFromFile(lp.LENDING_POOL_PROGRAM_ADDRESS, PROGRAM_SO);
  const forger = await generateKeyPairSigner();
  svm.airdrop(forger.address, lamports(1_000_000_000n));
  // a well-formed `InsuranceFunded` behind EVENT_IX_TAG, sent to the program directly
  const forged = lp.getInsuranceFundedEncoder().encode({
    pool: forger.address, donor: forger.address, amount: 1n, balanceBefore: 0n, balanceAfter: 1n,
    totalDonationsAfter: 1n, slot: 0n, timestamp: 0n,
  });
  const ix = {
    programAddress: lp.LENDING_POOL_PROGRAM_ADDRESS,
    accounts: [{ address: EVENT_AUTHORITY, role: AccountRole.READONLY }],
    data: Uint8Array.from([...EVENT_IX_TAG, ...forged]),
  };
  const logs = await sendFails(svm, forger, [ix]);
  assert.match(logs, /caused by account: event_authority\. Error Code: ConstraintSigner/);
});
