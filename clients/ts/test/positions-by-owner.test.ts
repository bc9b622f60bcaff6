// `positionsByOwner` through a kit RPC client whose node is LiteSVM: the filters it sends
// (size, discriminator, owner at offset 40, pool at offset 8) select, from every account
// of the world, exactly the owner's positions (two for Alice, one for Bob), decoded as the
// chain holds them; a pool filter of another pool selects none.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { getBase58Decoder, type Address } from "@solana/kit";
import * as lp from "../src/index.ts";
import { liteSvmRpc } from "./litesvm-rpc.ts";
import { twoCollateralPool } from "./two-collateral-world.ts";

test("positionsByOwner finds exactly the owner's positions with getProgramAccounts filters", async () => {
  const w = await twoCollateralPool();
  const alice = w.a.owner;
  await w.exec(alice, [await lp.getOpenPositionInstructionAsync({ owner: alice, pool: w.pool, index: 1, ...lp.EVENT_CPI_ACCOUNTS })]);
  const [second] = await lp.findPositionPda({ pool: w.pool, owner: alice.address, index: 1 });
  // every account the world made that the program owns, and others the filters must skip
  const everything: Address[] = [w.pool, w.a.position, w.b.position, second, w.books.insuranceFund, w.lpMint, ...w.vaults, ...Object.values(w.oracles)];
  const { rpc, requests } = liteSvmRpc(w.svm, { accounts: () => everything });

  const alices = await lp.positionsByOwner(rpc, alice.address);
  assert.deepEqual(alices.map((p) => [p.address, p.data.index]), [[w.a.position, 0], [second, 1]]);
  assert.deepEqual(alices[0].data, w.read.position(w.a.position));
  assert.equal(alices[0].programAddress, lp.LENDING_POOL_PROGRAM_ADDRESS);
  const bobs = await lp.positionsByOwner(rpc, w.b.owner.address, { pool: w.pool });
  assert.deepEqual(bobs.map((p) => p.address), [w.b.position]);
  assert.deepEqual(bobs[0].data, w.read.position(w.b.position));
  assert.deepEqual(await lp.positionsByOwner(rpc, alice.address, { pool: w.lpMint }), []);
  assert.deepEqual(await lp.positionsByOwner(rpc, w.lpUser.address), []);

  // what went on the wire: the program, base64 data, and the four filters (Anchor's
  // discriminator: the first 8 bytes of sha256("account:Position"))
  const discriminator = createHash("sha256").update("account:Position").digest().subarray(0, 8);
  const [program, config] = requests[1].params as [string, { encoding: string; filters: unknown[] }];
  assert.equal(program, lp.LENDING_POOL_PROGRAM_ADDRESS);
  assert.deepEqual(config, {
    commitment: "confirmed", // kit's default
    encoding: "base64",
    filters: [
      { dataSize: 192 },
      { memcmp: { offset: 0, bytes: getBase58Decoder().decode(discriminator), encoding: "base58" } },
      { memcmp: { offset: 40, bytes: w.b.owner.address, encoding: "base58" } },
      { memcmp: { offset: 8, bytes: w.pool, encoding: "base58" } },
    ],
  });
});
