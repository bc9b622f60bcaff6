// What the LiteSVM tests share: the program, token and Pyth PriceUpdateV2 account data
// written directly (LiteSVM's setAccount), and sending a transaction (every one it sends
// must succeed, and every event in its inner instructions must decode).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { LiteSVM, FailedTransactionMetadata, type TransactionMetadata } from "litesvm";
import {
  address,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  generateKeyPairSigner,
  getAddressEncoder,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Instruction,
  type KeyPairSigner,
  type Transaction,
} from "@solana/kit";
import { eventsOf } from "./event-checks.ts";

export const PROGRAM_SO = fileURLToPath(new URL("../../../target/deploy/lending_pool.so", import.meta.url));
export const TOKEN_PROGRAM = address("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
export const PYTH_RECEIVER = address("rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");
const PRICE_UPDATE_V2_DISCRIMINATOR = [34, 241, 35, 99, 157, 126, 244, 205];
export const USDC = 1_000_000n;
export const SOL = 1_000_000_000n;
const enc = getAddressEncoder();

export function u64le(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
}

/** An SPL mint (82 bytes) with `authority` and `decimals`. */
export function mintData(authority: Address, decimals: number, supply: bigint): Uint8Array {
  const d = new Uint8Array(82);
  d.set([1, 0, 0, 0], 0);
  d.set(enc.encode(authority), 4);
  d.set(u64le(supply), 36);
  d[44] = decimals;
  d[45] = 1; // initialized
  return d;
}

/** An initialized SPL token account (165 bytes). */
export function tokenAccountData(mint: Address, owner: Address, amount: bigint): Uint8Array {
  const d = new Uint8Array(165);
  d.set(enc.encode(mint), 0);
  d.set(enc.encode(owner), 32);
  d.set(u64le(amount), 64);
  d[108] = 1; // AccountState::Initialized
  return d;
}

export function tokenAmount(svm: LiteSVM, account: Address): bigint {
  const a = svm.getAccount(account);
  assert.ok(a.exists, `token account ${account}`);
  return new DataView(a.data.buffer, a.data.byteOffset).getBigUint64(64, true);
}

/** A fully verified Pyth PriceUpdateV2 (134 bytes): `price × 10^-8`, confidence 0.1%. */
export function priceUpdateData(feed: number, price: bigint, publishTime: bigint): Uint8Array {
  return priceUpdateDataWith(feed, { price, conf: price / 1000n, ema: price, expo: -8 }, publishTime);
}

/** What a `PriceUpdateV2` says: `price × 10^expo`, its confidence and EMA. */
export type PriceSpec = { price: bigint; conf: bigint; ema: bigint; expo: number };

/** A fully verified Pyth PriceUpdateV2 (134 bytes) of any price, exponent, confidence and EMA. */
export function priceUpdateDataWith(feed: number, p: PriceSpec, publishTime: bigint): Uint8Array {
  const d = new Uint8Array(134);
  const v = new DataView(d.buffer);
  d.set(PRICE_UPDATE_V2_DISCRIMINATOR, 0);
  d[40] = 1; // VerificationLevel::Full
  d.fill(feed, 41, 73);
  v.setBigInt64(73, p.price, true);
  v.setBigUint64(81, p.conf, true);
  v.setInt32(89, p.expo, true);
  v.setBigInt64(93, publishTime, true);
  v.setBigInt64(101, publishTime - 1n, true);
  v.setBigInt64(109, p.ema, true);
  v.setBigUint64(117, p.conf, true);
  return d;
}

export function setAccount(svm: LiteSVM, at: Address, owner: Address, data: Uint8Array) {
  svm.setAccount({
    address: at,
    data,
    executable: false,
    lamports: lamports(svm.minimumBalanceForRentExemption(BigInt(data.length))),
    programAddress: owner,
    space: BigInt(data.length),
  });
}

/** A transaction LiteSVM executed: its metadata and the transaction (whose account keys
 * its inner instructions' program indices refer to). */
export type Sent = { meta: TransactionMetadata; transaction: Transaction };

/** Sends; must succeed, and its events must all decode (`eventsOf`). */
export async function send(svm: LiteSVM, payer: KeyPairSigner, ixs: Instruction[]): Promise<Sent> {
  const tx = await pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: svm.latestBlockhash(), lastValidBlockHeight: 0n }, m),
    (m) => appendTransactionMessageInstructions(ixs, m),
    (m) => signTransactionMessageWithSigners(m),
  );
  const result = svm.sendTransaction(tx);
  if (result instanceof FailedTransactionMetadata) {
    assert.fail(`transaction failed: ${result.err()}\n${result.meta().logs().join("\n")}`);
  }
  const sent = { meta: result, transaction: tx };
  eventsOf(sent);
  return sent;
}

export const newAddress = async () => (await generateKeyPairSigner()).address;

/** An SPL mint's supply. */
export function mintSupply(svm: LiteSVM, mint: Address): bigint {
  const a = svm.getAccount(mint);
  assert.ok(a.exists, `mint ${mint}`);
  return new DataView(a.data.buffer, a.data.byteOffset).getBigUint64(36, true);
}
