// A consumer of the packed package (scripts/test-package.sh installs the tarball into a
// scratch project and runs this): it imports only the package by name (and its `./deploy`
// entry), loads the program into LiteSVM, creates a pool, reads it back with the package's
// decoder and helpers, and checks what they say. Compiled with `tsc --strict` against the
// package's declarations first; the `@ts-expect-error` lines prove they are real types.
import assert from "node:assert/strict";
import { FailedTransactionMetadata, LiteSVM } from "litesvm";
import {
  appendTransactionMessageInstructions,
  createSolanaRpc,
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
} from "@solana/kit";
import {
  LENDING_POOL_PROGRAM_ADDRESS,
  WAD,
  borrowAprWadUp,
  borrowApyWadUp,
  getPoolDecoder,
  lpBooks,
  maxBorrow,
  maxWithdrawLp,
  positionsByOwner,
  supplyAprWadDown,
  type Pool,
  type Prices,
} from "@lending-pool/client";
import { EXAMPLE_CONFIG, initPoolInstruction } from "@lending-pool/client/deploy";

const [programSo] = process.argv.slice(2);
if (!programSo) throw new Error("usage: node consumer.js <lending_pool.so>");
const TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA" as Address;

const svm = new LiteSVM();
svm.addProgramFromFile(LENDING_POOL_PROGRAM_ADDRESS, programSo);
const admin = await generateKeyPairSigner();
svm.airdrop(admin.address, lamports(10_000_000_000n));

// a 6-decimal base mint, written directly
const baseMint = (await generateKeyPairSigner()).address;
const mint = new Uint8Array(82);
mint.set([1, 0, 0, 0], 0);
mint.set(getAddressEncoder().encode(admin.address), 4);
mint[44] = 6; // decimals
mint[45] = 1; // initialized
svm.setAccount({ address: baseMint, data: mint, executable: false, lamports: lamports(1_000_000_000n), programAddress: TOKEN_PROGRAM, space: 82n });

async function send(payer: KeyPairSigner, instructions: Instruction[]) {
  const tx = await pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: svm.latestBlockhash(), lastValidBlockHeight: 0n }, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
    (m) => signTransactionMessageWithSigners(m),
  );
  const result = svm.sendTransaction(tx);
  if (result instanceof FailedTransactionMetadata) throw new Error(`${result.err()}\n${result.meta().logs().join("\n")}`);
}

const { pool, instruction } = await initPoolInstruction(admin, { baseMint, baseFeedId: "ba".repeat(32) });
await send(admin, [instruction]);
const account = svm.getAccount(pool);
assert.ok(account.exists, "the pool exists");
const decoded: Pool = getPoolDecoder().decode(account.data);
assert.equal(decoded.baseMint, baseMint);
assert.equal(decoded.admin, admin.address);
assert.equal(decoded.baseDecimals, 6);
assert.equal(decoded.cash, 0n);
assert.equal(decoded.config.depositCap, BigInt(EXAMPLE_CONFIG.depositCap));
// an empty pool: the curve's base rate, nothing for LPs, one unit per share, no exit
const base = (BigInt(EXAMPLE_CONFIG.baseRateBps) * WAD) / 10_000n;
assert.equal(borrowAprWadUp(decoded), base);
assert.ok(borrowApyWadUp(decoded) > base);
assert.equal(supplyAprWadDown(decoded), 0n);
assert.equal(lpBooks(decoded, 0n, 0n).sharePriceWad, WAD);
const now = svm.getClock().unixTimestamp;
assert.deepEqual(maxWithdrawLp(decoded, { lpSupply: 0n, fundLedger: 0n, sharesHeld: 0n }, now), { kind: "none", shares: 0n, assets: 0n, reason: "noShares" });

// declarations only (not called): an RPC client fits the helpers that take one
export const listPositions = (url: string, owner: Address) => positionsByOwner(createSolanaRpc(url), owner);
export function misuse(prices: Prices) {
  // @ts-expect-error a pool is not a position
  maxBorrow(decoded, decoded, prices, now);
  // @ts-expect-error the clock is a bigint
  maxBorrow(decoded, null, prices, 1);
}
console.log(`consumer ok: pool ${pool} read back through @lending-pool/client`);
