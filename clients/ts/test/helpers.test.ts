// The pure helpers on their own, without LiteSVM: the program's own unit-test vectors for
// the math (`math/fixed.rs`, `price.rs`, `interest.rs`), the oracle decoder and checks, event
// parsing that attributes events to the program that emitted them (inner instructions, and
// the `emit!` log lines of older versions), and return data in the RPC's shape (base64,
// trailing zeros stripped).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AccountRole,
  address,
  appendTransactionMessageInstruction,
  compileTransaction,
  createTransactionMessage,
  getBase58Decoder,
  getBase64Decoder,
  getBase64EncodedWireTransaction,
  getU64Decoder,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Blockhash,
  type ReadonlyUint8Array,
} from "@solana/kit";
import * as lp from "../src/index.ts";
import { EXAMPLE_CONFIG } from "../src/deploy.ts";
import { priceUpdateDataWith } from "./fixtures.ts";

const { WAD } = lp;
const config = EXAMPLE_CONFIG as lp.PoolConfig;

test("WAD math rounds and fails where the program does", () => {
  assert.deepEqual([lp.mulDivDown(7n, 3n, 2n), lp.mulDivUp(7n, 3n, 2n), lp.mulDivUp(6n, 3n, 2n)], [10n, 11n, 9n]);
  assert.equal(lp.mulDivDown(lp.U128_MAX, 2n, 3n), (lp.U128_MAX / 3n) * 2n); // past 128-bit products
  for (const f of [() => lp.mulDivDown(1n, 1n, 0n), () => lp.mulDivDown(lp.U128_MAX, 2n, 1n), () => lp.mulDivUp(1n << 127n, 3n, 1n), () => lp.toU64(lp.U64_MAX + 1n)])
    assert.throws(f, lp.MathOverflowError);
  assert.deepEqual([lp.mulWadDown(3n, WAD / 2n), lp.mulWadUp(3n, WAD / 2n)], [1n, 2n]);
  assert.equal(lp.ratioWadDown(1n, 3n), WAD / 3n);
  assert.equal(lp.ratioWadDown(lp.U128_MAX, 1n), lp.U128_MAX, "saturates");
  // price.rs: 2.5 tokens (6 decimals) at $1 (expo −8); 1 SOL at $150.12345678; dust of an 18-decimal token
  assert.equal(lp.valueWadDown(2_500_000n, 6, 100_000_000n, -8), (5n * WAD) / 2n);
  assert.equal(lp.valueWadDown(1_000_000_000n, 9, 15_012_345_678n, -8), 150_123_456_780_000_000_000n);
  assert.deepEqual([lp.valueWadDown(1n, 18, 1n, -8), lp.valueWadUp(1n, 18, 1n, -8)], [0n, 1n]);
  assert.equal(lp.amountForValueDown((5n * WAD) / 2n, 6, 100_000_000n, -8), 2_500_000n);
  assert.equal(lp.amountForValueUp(WAD + 1n, 6, 100_000_000n, -8), 1_000_001n);
  assert.equal(lp.amountForValueDownCapped(10n ** 30n, 18, 1n, -8, 7n), 7n); // past a u64: the cap
});

test("interest: the curve's points and a year at 10%", () => {
  const pct = (p: bigint) => (p * WAD) / 100n;
  const rate = (u: bigint) => lp.borrowRateWadUp(config, u);
  assert.deepEqual([rate(0n), rate(pct(40n)), rate(pct(80n)), rate(pct(90n)), rate(WAD), rate(2n * WAD)], [
    pct(1n), pct(3n), pct(5n), pct(5n) + pct(75n) / 2n, pct(80n), pct(80n),
  ]);
  assert.equal(lp.accrueIndexUp(WAD, WAD / 10n, lp.SECONDS_PER_YEAR), WAD + WAD / 10n);
  assert.deepEqual([lp.utilizationWadDown(0n, 0n), lp.utilizationWadDown(1n, 2n)], [0n, (2n * WAD) / 3n]);
});

test("PriceUpdateV2: both verification levels decode, and each check names the program's error", () => {
  const full = priceUpdateDataWith(7, { price: 100n, conf: 2n, ema: 99n, expo: -8 }, 1_000n);
  // the partial level is one byte longer (its signature count)
  const partial = new Uint8Array(135);
  partial.set(full.subarray(0, 40));
  partial.set([0, 5], 40);
  partial.set(full.subarray(41), 42);
  const f = lp.decodePriceUpdate(full);
  assert.deepEqual({ ...lp.decodePriceUpdate(partial), fullyVerified: true }, f);
  assert.deepEqual([f.price, f.conf, f.emaPrice, f.exponent, f.publishTime, f.fullyVerified], [100n, 2n, 99n, -8, 1_000n, true]);
  const feed = new Uint8Array(32).fill(7);
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as lp.OracleError).code;
    }
  };
  assert.equal(code(() => lp.decodePriceUpdate(full.subarray(0, 60))), "OracleInvalidAccount");
  assert.equal(code(() => lp.validatePrice(f, new Uint8Array(32), 1_000n, config, "spot")), "OracleWrongFeed");
  assert.equal(code(() => lp.validatePrice(lp.decodePriceUpdate(partial), feed, 1_000n, config, "spot")), "OracleNotFullyVerified");
  assert.equal(code(() => lp.validatePrice(f, feed, 1_061n, config, "spot")), "OracleStale");
  const wide = { ...f, conf: 3n }; // 3% of the price, the bound is 2%
  assert.equal(code(() => lp.validatePrice(wide, feed, 1_000n, config, "conservative")), "OracleConfidenceTooWide");
  const p = lp.validatePrice(wide, feed, 1_060n, config, "spot"); // a liquidation is not blocked by a band
  assert.deepEqual([lp.collateralPrice(p), lp.debtPrice(p), lp.spotPrice(p)], [96n, 103n, 100n]);
  assert.equal(code(() => lp.loadPrice({ programAddress: lp.LENDING_POOL_PROGRAM_ADDRESS, data: full }, feed, 1_000n, config, "spot")), "OracleWrongOwner");
});

test("log events (emit!) are read only from the lending pool's own invocations", () => {
  const program = lp.LENDING_POOL_PROGRAM_ADDRESS;
  const mark = {
    pool: program, position: program, actor: program, reason: 0, positionDebt: 5n, shortfallBefore: 0n,
    shortfallAfter: 3n, markedShortfallBefore: 1n, markedShortfallAfter: 4n, repayable: 2n, slot: 9n, timestamp: 10n,
  };
  const bytes = lp.getShortfallMarkedEncoder().encode(mark);
  assert.deepEqual(bytes.slice(0, 8), lp.SHORTFALL_MARKED_EVENT_DISCRIMINATOR);
  const b64 = getBase64Decoder().decode(bytes);
  const other = "Other111111111111111111111111111111111111111";
  const logs = [
    `Program ${program} invoke [1]`,
    `Program ${other} invoke [2]`,
    `Program data: ${b64}`, // logged by another program inside a CPI: not ours
    `Program ${other} success`,
    `Program data: ${b64}`,
    `Program data: ${getBase64Decoder().decode(new Uint8Array(16))}`, // not an event of the IDL
    `Program ${program} consumed 100 of 200000 compute units`,
    `Program ${program} success`,
    `Program data: ${b64}`, // outside any invocation
  ];
  assert.deepEqual(lp.parseEventLogs(logs), [{ name: "shortfallMarked", data: mark }]);
  assert.equal(lp.decodeEvent(new Uint8Array(8)), null);
});

test("events are read only from the lending pool's own tagged inner instructions", async () => {
  const program = lp.LENDING_POOL_PROGRAM_ADDRESS;
  const mark = {
    pool: program, position: program, actor: program, reason: 0, positionDebt: 5n, shortfallBefore: 0n,
    shortfallAfter: 3n, markedShortfallBefore: 1n, markedShortfallAfter: 4n, repayable: 2n, slot: 9n, timestamp: 10n,
  };
  const event = lp.getShortfallMarkedEncoder().encode(mark);
  const later = lp.getShortfallMarkedEncoder().encode({ ...mark, slot: 10n });
  const tagged = (bytes: Uint8Array | ReadonlyUint8Array) => Uint8Array.from([...lp.EVENT_IX_TAG, ...bytes]);
  // Anchor's EVENT_IX_TAG, and the PDA the program signs its events with
  assert.equal(getU64Decoder().decode(lp.EVENT_IX_TAG), 0x1d9acb512ea545e4n);
  assert.equal((await lp.findEventAuthorityPda())[0], lp.EVENT_AUTHORITY);
  assert.deepEqual(lp.EVENT_CPI_ACCOUNTS, { eventAuthority: lp.EVENT_AUTHORITY, program });
  assert.deepEqual(await lp.eventCpiAccounts(), lp.EVENT_CPI_ACCOUNTS);
  const elsewhere = lp.PYTH_RECEIVER_PROGRAM_ADDRESS;
  assert.deepEqual(await lp.eventCpiAccounts(elsewhere), { eventAuthority: (await lp.findEventAuthorityPda({ programAddress: elsewhere }))[0], program: elsewhere });

  const other = address("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
  const keys = [address("SysvarC1ock11111111111111111111111111111111"), program, other];
  const b58 = getBase58Decoder(); // bytes → base58 text, as the RPC's json encoding carries data
  // the RPC's shape: groups tagged with their top-level instruction, data in base58
  const groups = [
    { index: 1, instructions: [{ programIdIndex: 1, data: b58.decode(tagged(later)) }] },
    {
      index: 0,
      instructions: [
        { programIdIndex: 2, data: b58.decode(tagged(event)) }, // another program, same bytes: not ours
        { programIdIndex: 1, data: b58.decode(event) }, // ours, no tag: an instruction, not an event
        { programIdIndex: 1, data: b58.decode(tagged(new Uint8Array(16))) }, // tagged, not an event of the IDL
        { programIdIndex: 1, data: b58.decode(tagged(event)) },
      ],
    },
  ];
  assert.deepEqual(lp.parseCpiEvents(groups, keys), [
    { name: "shortfallMarked", data: mark },
    { name: "shortfallMarked", data: { ...mark, slot: 10n } },
  ]);
  assert.equal(lp.cpiEventBytes(groups, keys).length, 3, "the unknown tagged one is returned raw");
  // the same as bytes, one array per top-level instruction (LiteSVM's shape)
  const arrays = [[{ programIdIndex: 2, data: tagged(event) }, { programIdIndex: 1, data: event }, { programIdIndex: 1, data: tagged(event) }], []];
  assert.deepEqual(lp.parseCpiEvents(arrays, keys), [{ name: "shortfallMarked", data: mark }]);
  // which program is ours is the caller's to say (a deployment under another id)
  assert.deepEqual(lp.parseCpiEvents(arrays, keys, other), [{ name: "shortfallMarked", data: mark }]);
  // jsonParsed: programs resolved, parsed instructions (no data) skipped
  const parsed = [{ index: 0, instructions: [{ programId: other, parsed: { type: "transfer" } }, { programId: program, data: b58.decode(tagged(event)) }] }];
  assert.deepEqual(lp.parseCpiEvents(parsed, []), [{ name: "shortfallMarked", data: mark }]);
  // a program index the keys do not reach (lookup-table addresses left out) is an error, not a skip
  assert.throws(() => lp.parseCpiEvents([[{ programIdIndex: 3, data: tagged(event) }]], keys), RangeError);
  // a LiteSVM metadata object
  const liteSvm = { innerInstructions: () => arrays.map((g) => g.map((ix) => ({ instruction: () => ({ programIdIndex: () => ix.programIdIndex, data: () => ix.data }) }))) };
  assert.deepEqual(lp.parseLiteSvmEvents(liteSvm, keys), [{ name: "shortfallMarked", data: mark }]);

  // a whole getTransaction result (json): the program loaded from a lookup table
  const loaded = { writable: [], readonly: [program] };
  const rpcTx = {
    meta: { err: null, loadedAddresses: loaded, innerInstructions: [{ index: 0, instructions: [{ programIdIndex: 3, accounts: [], data: b58.decode(tagged(event)) }] }] },
    transaction: { message: { accountKeys: keys.slice(0, 3).map((k, i) => (i === 1 ? other : k)) } },
  };
  assert.deepEqual(lp.rpcAccountKeys(rpcTx), [keys[0], other, other, program]);
  assert.deepEqual(lp.parseTransactionEvents(rpcTx), [{ name: "shortfallMarked", data: mark }]);
  assert.deepEqual(lp.parseTransactionEvents({ ...rpcTx, meta: { ...rpcTx.meta, err: { InstructionError: [0, "Custom"] } } }), [], "a failed transaction emitted nothing");
  // and the base64 encoding: the keys come from the wire message
  const payer = keys[0];
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: "11111111111111111111111111111111" as Blockhash, lastValidBlockHeight: 0n }, m),
    (m) => appendTransactionMessageInstruction({ programAddress: program, accounts: [{ address: other, role: AccountRole.READONLY }] }, m),
  );
  const wire = getBase64EncodedWireTransaction(compileTransaction(message));
  const wireKeys = lp.rpcAccountKeys({ meta: null, transaction: [wire, "base64"] });
  assert.deepEqual([...wireKeys].sort(), [payer, other, program].sort());
  assert.equal(wireKeys[0], payer);
  const inner = [{ index: 0, instructions: [{ programIdIndex: wireKeys.indexOf(program), accounts: [], data: b58.decode(tagged(event)) }] }];
  assert.deepEqual(lp.parseTransactionEvents({ meta: { err: null, innerInstructions: inner }, transaction: [wire, "base64"] }), [{ name: "shortfallMarked", data: mark }]);
});

test("return data in the RPC's shape, trailing zeros stripped, decodes", () => {
  const report = { debt: 7n, spot: { collateralValue: 1n, borrowLimit: 2n, liquidationLimit: 3n, debtValue: 4n, healthWad: 5n, repayableValue: 6n } };
  const full = lp.getHealthReportEncoder().encode({ ...report, conservative: { ...report.spot, repayableValue: 0n }, conservativeError: 0 });
  const stripped = full.slice(0, full.findLastIndex((b) => b !== 0) + 1);
  const rpc = { programId: lp.LENDING_POOL_PROGRAM_ADDRESS, data: [getBase64Decoder().decode(stripped), "base64"] as const };
  assert.deepEqual(lp.decodeHealthReport(rpc), lp.getHealthReportDecoder().decode(full));
  assert.throws(() => lp.decodeHealthReport({ ...rpc, programId: lp.PYTH_RECEIVER_PROGRAM_ADDRESS }));
  const logs = [`Program return: ${lp.LENDING_POOL_PROGRAM_ADDRESS} ${getBase64Decoder().decode(full)}`];
  assert.deepEqual(lp.decodeHealthReport({ logs }), lp.getHealthReportDecoder().decode(full));
});
