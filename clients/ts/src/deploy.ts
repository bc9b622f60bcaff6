// Initialises a pool from a JSON config (the deployment step `migrations/deploy.ts` runs).
// The config file uses the same field names as `lending-pool pool init --config-file`, plus
// what init_pool needs besides the PoolConfig.
import { readFileSync } from "node:fs";
import {
  address,
  createKeyPairSignerFromBytes,
  appendTransactionMessageInstructions,
  createSolanaRpc,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Instruction,
  type KeyPairSigner,
  type TransactionSigner,
} from "@solana/kit";
import * as lp from "./generated/index.ts";
import { EVENT_CPI_ACCOUNTS } from "./events.ts";

export type DeployConfig = {
  /** The pool's lending asset. */
  baseMint: string;
  /** Pyth feed id of the base asset, 64 hex characters. */
  baseFeedId: string;
  /** May pause the pool; default: the deployer. */
  guardian?: string;
  /** PoolConfig fields; absent ones take the values below (PoolConfig::example()). */
  pool?: Partial<lp.PoolConfigArgs>;
};

export const EXAMPLE_CONFIG: lp.PoolConfigArgs = {
  depositCap: 1_000_000_000_000_000n,
  borrowCap: 800_000_000_000_000n,
  baseRateBps: 100,
  slope1Bps: 400,
  slope2Bps: 7_500,
  optimalUtilizationBps: 8_000,
  reserveFactorBps: 1_000,
  liquidationFeeBps: 100,
  oracleMaxConfBps: 200,
  breakerThresholdBps: 500,
  oracleMaxAgeSecs: 60,
  breakerWindowSecs: 86_400,
  unstakeCooldownSecs: 604_800n,
  unstakeWindowSecs: 172_800n,
  minDebt: 1_000_000n,
  maxPauseSecs: 604_800,
  freezeFloorBps: 100,
  exitDelaySecs: 7_200n,
  flashFeeBps: 9,
  flashLoanCapBps: 10_000,
};

/** A signer from a Solana CLI keypair file (a JSON array of 64 bytes). */
export async function signerFromKeypairFile(path: string): Promise<KeyPairSigner> {
  return createKeyPairSignerFromBytes(Uint8Array.from(JSON.parse(readFileSync(path, "utf8"))));
}

export function feedIdBytes(hex: string): Uint8Array {
  const h = hex.replace(/^0x/, "");
  if (!/^[0-9a-fA-F]{64}$/.test(h)) throw new Error(`feed id must be 64 hex characters: ${hex}`);
  return Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
}

/** The init_pool instruction for `config`, and the pool's address. */
export async function initPoolInstruction(
  creator: TransactionSigner,
  config: DeployConfig,
): Promise<{ pool: Address; instruction: Instruction }> {
  const baseMint = address(config.baseMint);
  const toBig = (v: number | bigint | undefined, d: bigint) => (v === undefined ? d : BigInt(v));
  const c = { ...EXAMPLE_CONFIG, ...config.pool };
  const instruction = await lp.getInitPoolInstructionAsync({
    creator,
    baseMint,
    guardian: address(config.guardian ?? creator.address),
    baseFeedId: feedIdBytes(config.baseFeedId),
    ...EVENT_CPI_ACCOUNTS, // init_pool emits `PoolInitialized`
    config: {
      ...c,
      depositCap: toBig(c.depositCap, EXAMPLE_CONFIG.depositCap as bigint),
      borrowCap: toBig(c.borrowCap, EXAMPLE_CONFIG.borrowCap as bigint),
    },
  });
  const [pool] = await lp.findPoolPda({ baseMint, creator: creator.address });
  return { pool, instruction };
}

/** Sends init_pool over RPC and waits until it is confirmed; returns the pool's address. */
export async function deployPool(
  rpcUrl: string,
  creator: TransactionSigner,
  config: DeployConfig,
): Promise<{ pool: Address; signature: string }> {
  const rpc = createSolanaRpc(rpcUrl);
  const { pool, instruction } = await initPoolInstruction(creator, config);
  const { value: blockhash } = await rpc.getLatestBlockhash().send();
  const tx = await pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(creator, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
    (m) => appendTransactionMessageInstructions([instruction], m),
    (m) => signTransactionMessageWithSigners(m),
  );
  const signature = getSignatureFromTransaction(tx);
  await rpc.sendTransaction(getBase64EncodedWireTransaction(tx), { encoding: "base64" }).send();
  for (let i = 0; i < 60; i++) {
    const { value } = await rpc.getSignatureStatuses([signature]).send();
    const s = value[0];
    if (s?.err) throw new Error(`init_pool failed: ${JSON.stringify(s.err)}`);
    if (s?.confirmationStatus === "confirmed" || s?.confirmationStatus === "finalized") {
      return { pool, signature };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`init_pool ${signature} not confirmed in 30 s`);
}
