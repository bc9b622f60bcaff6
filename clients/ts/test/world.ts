// A pool in LiteSVM for the marks and staking tests: USDC base, SOL collateral (5% bonus),
// an LP's 100,000 USDC, and a borrower's 1,000 USDC against 10 SOL at $150. Everything the
// tests need to address is returned.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { LiteSVM, FailedTransactionMetadata } from "litesvm";
import {
  AccountRole,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  generateKeyPairSigner,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Instruction,
  type KeyPairSigner,
} from "@solana/kit";
import * as lp from "../src/generated/index.ts";
import { initPoolInstruction, type DeployConfig } from "../src/deploy.ts";
import { EVENT_CPI_ACCOUNTS } from "../src/events.ts";
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
} from "./fixtures.ts";

export const BASE_PRICE = 100_000_000n;
export const BONUS_BPS = 500n;
const BASE_FEED = 0xba;
const SOL_FEED = 0x01;

export async function borrowedPool() {
  const svm = new LiteSVM();
  svm.addProgramFromFile(lp.LENDING_POOL_PROGRAM_ADDRESS, PROGRAM_SO);
  const [admin, lpUser, borrower] = await Promise.all([
    generateKeyPairSigner(),
    generateKeyPairSigner(),
    generateKeyPairSigner(),
  ]);
  for (const k of [admin, lpUser, borrower]) svm.airdrop(k.address, lamports(10_000_000_000n));
  const usdc = await newAddress();
  const sol = await newAddress();
  setAccount(svm, usdc, TOKEN_PROGRAM, mintData(admin.address, 6, 1_000_000n * USDC));
  setAccount(svm, sol, TOKEN_PROGRAM, mintData(admin.address, 9, 1_000n * SOL));
  const baseOracle = await newAddress();
  const solOracle = await newAddress();
  /** Posts fresh prices (published now): the base at $1, SOL at `solPrice` (8 decimals). */
  const setPrices = (solPrice: bigint) => {
    const now = svm.getClock().unixTimestamp;
    setAccount(svm, baseOracle, PYTH_RECEIVER, priceUpdateData(BASE_FEED, BASE_PRICE, now));
    setAccount(svm, solOracle, PYTH_RECEIVER, priceUpdateData(SOL_FEED, solPrice, now));
  };
  setPrices(15_000_000_000n);
  /** Moves the clock `secs` forward. */
  const warp = (secs: number) => {
    const clock = svm.getClock();
    clock.unixTimestamp += BigInt(secs);
    svm.setClock(clock);
  };

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
  await send(svm, admin, [
    await lp.getAddCollateralInstructionAsync({
      admin,
      pool,
      collateralMint: sol,
      ...EVENT_CPI_ACCOUNTS,
      params: {
        feedId: new Uint8Array(32).fill(SOL_FEED),
        ltvBps: 7_500,
        liquidationThresholdBps: 8_000,
        liquidationBonusBps: Number(BONUS_BPS),
        depositCap: 1_000_000n * SOL,
      },
    }),
  ]);
  const lpAccounts = { pool, baseVault, lpMint, insuranceFund, insuranceVault };

  // the LP deposits 100,000 USDC
  const lpBase = await newAddress();
  const lpShares = await newAddress();
  setAccount(svm, lpBase, TOKEN_PROGRAM, tokenAccountData(usdc, lpUser.address, 100_000n * USDC));
  setAccount(svm, lpShares, TOKEN_PROGRAM, tokenAccountData(lpMint, lpUser.address, 0n));
  await send(svm, lpUser, [
    lp.getDepositInstruction({
      depositor: lpUser,
      ...lpAccounts,
      source: lpBase,
      lpDestination: lpShares,
      ...EVENT_CPI_ACCOUNTS,
      amount: 100_000n * USDC,
      minSharesOut: 0n,
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
    ...EVENT_CPI_ACCOUNTS,
    amount: 1_000n * USDC,
  });
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
    { ...borrow, accounts: [...borrow.accounts, { address: solOracle, role: AccountRole.READONLY }] },
  ]);

  /** A base-token account of `owner` holding `amount`. */
  const usdcAccount = async (owner: Address, amount: bigint) => {
    const at = await newAddress();
    setAccount(svm, at, TOKEN_PROGRAM, tokenAccountData(usdc, owner, amount));
    return at;
  };
  const marks = [{ position, baseOracle, oracles: [solOracle] }];
  return {
    svm,
    admin,
    lpUser,
    borrower,
    usdc,
    lpAccounts,
    lpShares,
    position,
    marks,
    setPrices,
    warp,
    usdcAccount,
    cooldownSecs: decode(svm, pool, lp.getPoolDecoder()).config.unstakeCooldownSecs,
  };
}

export function decode<T>(svm: LiteSVM, at: Address, decoder: { decode(d: Uint8Array): T }): T {
  const a = svm.getAccount(at);
  assert.ok(a.exists, `${at}`);
  return decoder.decode(a.data);
}

/** Sends a transaction that must fail; returns its logs. */
export async function sendFails(svm: LiteSVM, payer: KeyPairSigner, ixs: Instruction[]): Promise<string> {
  const tx = await pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: svm.latestBlockhash(), lastValidBlockHeight: 0n }, m),
    (m) => appendTransactionMessageInstructions(ixs, m),
    (m) => signTransactionMessageWithSigners(m),
  );
  const result = svm.sendTransaction(tx);
  assert.ok(result instanceof FailedTransactionMetadata, "the transaction succeeded");
  return result.meta().logs().join("\n");
}
