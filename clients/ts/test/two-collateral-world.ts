// A pool in LiteSVM for the helper tests, with decimals and exponents that differ: USDC base
// (6 decimals, price expo −8), SOL in slot 0 (9 decimals, expo −8) and BTC in slot 1
// (8 decimals, expo −5), EMAs below spot and confidences wide enough that conservative and
// spot valuations differ. An LP's 1,000,000 USDC; borrower A holds both assets and owes
// 2,000 USDC, borrower B holds BTC only (slot 1: its one oracle is not slot 0's) and owes
// 3,000. Every transaction sent is kept (metadata and transaction), so the tests can check
// every event.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { FailedTransactionMetadata, LiteSVM } from "litesvm";
import {
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
import * as lp from "../src/index.ts";
import { initPoolInstruction, type DeployConfig } from "../src/deploy.ts";
import {
  PROGRAM_SO,
  PYTH_RECEIVER,
  TOKEN_PROGRAM,
  mintData,
  mintSupply,
  newAddress,
  priceUpdateDataWith,
  setAccount,
  tokenAccountData,
  type PriceSpec,
  type Sent,
} from "./fixtures.ts";
import { eventsOf } from "./event-checks.ts";

export const USDC = 10n ** 6n;
export const SOL = 10n ** 9n;
export const BTC = 10n ** 8n;
const FEEDS = { base: 0xba, sol: 0x01, btc: 0x02 };

/** A spot price with its EMA 0.5% lower and a 0.3% confidence (under the 2% bound). */
export const quote = (price: bigint, expo: number): PriceSpec => ({ price, expo, ema: (price * 995n) / 1000n, conf: (price * 3n) / 1000n });
export const solAt = (usd: bigint) => quote(usd * 10n ** 8n, -8);
export const btcAt = (usd: bigint) => quote(usd * 10n ** 5n, -5);

export async function twoCollateralPool() {
  const svm = new LiteSVM();
  svm.addProgramFromFile(lp.LENDING_POOL_PROGRAM_ADDRESS, PROGRAM_SO);
  const [admin, lpUser, alice, bob, liquidator] = await Promise.all(Array.from({ length: 5 }, () => generateKeyPairSigner()));
  for (const k of [admin, lpUser, alice, bob, liquidator]) svm.airdrop(k.address, lamports(10_000_000_000n));
  const [usdc, sol, btc] = [await newAddress(), await newAddress(), await newAddress()];
  setAccount(svm, usdc, TOKEN_PROGRAM, mintData(admin.address, 6, 10_000_000n * USDC));
  setAccount(svm, sol, TOKEN_PROGRAM, mintData(admin.address, 9, 1_000n * SOL));
  setAccount(svm, btc, TOKEN_PROGRAM, mintData(admin.address, 8, 100n * BTC));
  const oracles = { base: await newAddress(), sol: await newAddress(), btc: await newAddress() };
  /** The `oracle of slot` map the remaining-accounts helper takes. */
  const oracleOf = new Map<number, Address>([
    [0, oracles.sol],
    [1, oracles.btc],
  ]);
  const now = () => svm.getClock().unixTimestamp;
  let prices = { sol: solAt(150n), btc: btcAt(60_000n) };
  /** Publishes prices now: the base at $1 (EMA $0.9999, confidence 0.01%) and the two assets. */
  const setPrices = (p: { sol: PriceSpec; btc: PriceSpec } = prices) => {
    prices = p;
    const base = { price: 100_000_000n, expo: -8, ema: 99_990_000n, conf: 10_000n };
    setAccount(svm, oracles.base, PYTH_RECEIVER, priceUpdateDataWith(FEEDS.base, base, now()));
    setAccount(svm, oracles.sol, PYTH_RECEIVER, priceUpdateDataWith(FEEDS.sol, p.sol, now()));
    setAccount(svm, oracles.btc, PYTH_RECEIVER, priceUpdateDataWith(FEEDS.btc, p.btc, now()));
  };
  /** Moves the clock `secs` forward and republishes the prices (they would go stale). */
  const warp = (secs: bigint) => {
    const clock = svm.getClock();
    clock.unixTimestamp += secs;
    svm.setClock(clock);
    svm.expireBlockhash();
    setPrices();
  };
  setPrices();

  const sent: Sent[] = [];
  const tx = (payer: KeyPairSigner, ixs: Instruction[]) =>
    pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: svm.latestBlockhash(), lastValidBlockHeight: 0n }, m),
      (m) => appendTransactionMessageInstructions(ixs, m),
      (m) => signTransactionMessageWithSigners(m),
    );
  /** Sends; must succeed, and its events must all decode. Returns the metadata with the
   * transaction, and keeps both. */
  const exec = async (payer: KeyPairSigner, ixs: Instruction[]): Promise<Sent> => {
    const transaction = await tx(payer, ixs);
    const result = svm.sendTransaction(transaction);
    if (result instanceof FailedTransactionMetadata) assert.fail(`${result.err()}\n${result.meta().logs().join("\n")}`);
    const done = { meta: result, transaction };
    eventsOf(done);
    sent.push(done);
    return done;
  };
  /** Simulates; must succeed (views). */
  const simulate = async (payer: KeyPairSigner, ixs: Instruction[]) => {
    const result = svm.simulateTransaction(await tx(payer, ixs));
    if (result instanceof FailedTransactionMetadata) assert.fail(`${result.err()}\n${result.meta().logs().join("\n")}`);
    return result.meta();
  };
  /** Simulates a transaction that must fail with a program error; returns its code. */
  const failsWith = async (payer: KeyPairSigner, ixs: Instruction[]) => {
    const result = svm.simulateTransaction(await tx(payer, ixs));
    assert.ok(result instanceof FailedTransactionMetadata, "the transaction succeeded");
    // litesvm exports neither error class: an instruction error has `err()`, a custom one `code`
    const err = result.err();
    assert.ok(typeof err === "object" && "err" in err, `${err}`);
    const inner = err.err();
    assert.ok(typeof inner === "object" && "code" in inner, `${inner}`);
    return inner.code;
  };
  const token = async (mint: Address, owner: Address, amount: bigint) => {
    const at = await newAddress();
    setAccount(svm, at, TOKEN_PROGRAM, tokenAccountData(mint, owner, amount));
    return at;
  };

  const example: DeployConfig = JSON.parse(readFileSync(new URL("../../../migrations/pool.example.json", import.meta.url), "utf8"));
  const deployed = await initPoolInstruction(admin, { ...example, baseMint: usdc, baseFeedId: "ba".repeat(32) });
  await exec(admin, [deployed.instruction]);
  const pool = deployed.pool;
  const [baseVault] = await lp.findBaseVaultPda({ pool });
  const [lpMint] = await lp.findLpMintPda({ pool });
  const [insuranceFund] = await lp.findInsuranceFundPda({ pool });
  const [insuranceVault] = await lp.findInsuranceVaultPda({ pool });
  const books = { pool, baseVault, insuranceFund, insuranceVault };
  const events = lp.EVENT_CPI_ACCOUNTS; // the last two accounts of every emitting instruction
  const assets = [
    { mint: sol, feed: FEEDS.sol, ltvBps: 7_500, liquidationThresholdBps: 8_000, liquidationBonusBps: 500 },
    { mint: btc, feed: FEEDS.btc, ltvBps: 7_000, liquidationThresholdBps: 7_500, liquidationBonusBps: 1_000 },
  ];
  for (const a of assets) {
    const params = { feedId: new Uint8Array(32).fill(a.feed), depositCap: 10n ** 15n, ...a };
    await exec(admin, [await lp.getAddCollateralInstructionAsync({ admin, pool, collateralMint: a.mint, params, ...events })]);
  }
  const vaults = [(await lp.findCollateralVaultPda({ pool, collateralMint: sol }))[0], (await lp.findCollateralVaultPda({ pool, collateralMint: btc }))[0]];

  const lpShares = await token(lpMint, lpUser.address, 0n);
  const deposit = async (amount: bigint) =>
    exec(lpUser, [
      lp.getDepositInstruction({
        depositor: lpUser,
        ...books,
        lpMint,
        source: await token(usdc, lpUser.address, amount),
        lpDestination: lpShares,
        ...events,
        amount,
        minSharesOut: 0n,
      }),
    ]);
  await deposit(1_000_000n * USDC);

  const dataOf = (at: Address) => {
    const acc = svm.getAccount(at);
    assert.ok(acc.exists, `${at}`);
    return acc.data;
  };
  const read = {
    pool: () => lp.getPoolDecoder().decode(dataOf(pool)),
    position: (at: Address) => lp.getPositionDecoder().decode(dataOf(at)),
    fund: () => lp.getInsuranceFundDecoder().decode(dataOf(insuranceFund)),
    lpSupply: () => mintSupply(svm, lpMint),
    /** A fetched oracle account, as `loadPositionPrices` takes it. */
    oracle: (at: Address) => {
      const a = svm.getAccount(at);
      assert.ok(a.exists);
      return { programAddress: a.programAddress, data: a.data };
    },
  };
  /** Opens a position and posts `collateral[slot]`, borrowing `debt` behind the helper's oracles. */
  const borrower = async (owner: KeyPairSigner, collateral: bigint[], debt: bigint) => {
    const [position] = await lp.findPositionPda({ pool, owner: owner.address, index: 0 });
    const ixs: Instruction[] = [await lp.getOpenPositionInstructionAsync({ owner, pool, index: 0, ...events })];
    for (const [slot, amount] of collateral.entries()) {
      if (amount === 0n) continue;
      const source = await token(assets[slot].mint, owner.address, amount);
      ixs.push(lp.getDepositCollateralInstruction({ depositor: owner, pool, position, collateralVault: vaults[slot], source, baseOracle: oracles.base, ...events, slot, amount }));
    }
    await exec(owner, ixs);
    const destination = await token(usdc, owner.address, 0n);
    const borrow = lp.getBorrowInstruction({ owner, ...books, position, destination, baseOracle: oracles.base, ...events, amount: debt });
    await exec(owner, [lp.withPositionOracles(borrow, read.pool(), read.position(position), oracleOf)]);
    return { owner, position, destination };
  };
  const a = await borrower(alice, [10n * SOL, 5_000_000n], 2_000n * USDC);
  const b = await borrower(bob, [0n, 10_000_000n], 3_000n * USDC);

  return {
    ...{ svm, admin, lpUser, liquidator, usdc, sol, btc, pool, lpMint, lpShares, books, vaults },
    ...{ oracles, oracleOf, a, b, read, sent, now, warp, setPrices },
    ...{ exec, simulate, failsWith, token, deposit },
  };
}
