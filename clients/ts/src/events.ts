// The program's events. Every event is emitted with `emit_cpi!`: it is the data of an inner
// instruction the program sends to itself (a self-CPI), signed by its event authority PDA
// (seeds ["__event_authority"]): `EVENT_IX_TAG` (8 bytes) + the event's 8-byte discriminator
// (from the IDL) + its Borsh fields. Unlike log lines, inner instructions are never
// truncated (an earlier instruction can fill a transaction's logs and hide `Program data:`
// lines), and nobody else can produce one: only the program can sign for its authority, and
// the program rejects a tagged instruction its authority did not sign. So the documented
// way to read events is `parseCpiEvents` (a transaction's inner instructions and account
// keys), `parseTransactionEvents` (a whole `getTransaction` result) or `parseLiteSvmEvents`
// (LiteSVM's metadata and the sent transaction). `parseEventLogs` still reads `emit!`-style
// `Program data:` log lines, for transactions of older program versions.
//
// Every instruction that emits events takes `eventAuthority` and `program` as its last two
// named accounts (before any remaining accounts). The IDL gives them no default, so the
// generated builders need them passed: spread `EVENT_CPI_ACCOUNTS` into the input (or
// `await eventCpiAccounts(programAddress)` for a deployment under another program id).
//
// The codecs and discriminators are generated from the IDL (`scripts/generate.mjs`,
// `src/generated/events.ts`).
import {
  address,
  getBase58Encoder,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getProgramDerivedAddress,
  getTransactionDecoder,
  getUtf8Encoder,
  type Address,
  type ProgramDerivedAddress,
  type ReadonlyUint8Array,
} from "@solana/kit";
import { LENDING_POOL_PROGRAM_ADDRESS } from "./generated/index.ts";
import { LENDING_POOL_EVENTS, type LendingPoolEvent, type LendingPoolEventName } from "./generated/events.ts";

export type { LendingPoolEvent, LendingPoolEventName } from "./generated/events.ts";

const base64 = getBase64Encoder(); // base64 text → bytes
const base58 = getBase58Encoder(); // base58 text → bytes
const entries = Object.entries(LENDING_POOL_EVENTS) as [
  LendingPoolEventName,
  (typeof LENDING_POOL_EVENTS)[LendingPoolEventName],
][];

const startsWith = (bytes: ReadonlyUint8Array, prefix: ReadonlyUint8Array) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** The event in `bytes` (discriminator + Borsh), or `null` for bytes that are not one of
 * the program's events. Throws if the discriminator matches but the body does not decode. */
export function decodeEvent(bytes: ReadonlyUint8Array): LendingPoolEvent | null {
  for (const [name, e] of entries) {
    if (startsWith(bytes, e.discriminator)) return { name, data: e.getDecoder().decode(bytes) } as LendingPoolEvent;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// The event authority and the two accounts every emitting instruction takes

/** Anchor's `EVENT_IX_TAG` (u64 0x1d9acb512ea545e4, little-endian): the first 8 bytes of
 * every `emit_cpi!` instruction's data. */
export const EVENT_IX_TAG: ReadonlyUint8Array = new Uint8Array([0xe4, 0x45, 0xa5, 0x2e, 0x51, 0xcb, 0x9a, 0x1d]);

/** The seed of the event authority PDA. */
export const EVENT_AUTHORITY_SEED = "__event_authority";

/** The event authority PDA of the lending pool at `programAddress` (default: the IDL's
 * address): `[address, bump]`, as Codama's `find…Pda` helpers return. */
export async function findEventAuthorityPda(
  config: { programAddress?: Address } = {},
): Promise<ProgramDerivedAddress> {
  return getProgramDerivedAddress({
    programAddress: config.programAddress ?? LENDING_POOL_PROGRAM_ADDRESS,
    seeds: [getUtf8Encoder().encode(EVENT_AUTHORITY_SEED)],
  });
}

/** The event authority of the lending pool at the IDL's address
 * (`findEventAuthorityPda()`, precomputed; the tests check it). */
export const EVENT_AUTHORITY: Address = address("HXubmXJaNCFbVP6A4sFvS7JskRUwBEFq1FwNXktZ5QAj");

/** The two accounts every event-emitting instruction takes last: the event authority PDA
 * and the lending pool program itself. */
export type EventCpiAccounts = Readonly<{ eventAuthority: Address; program: Address }>;

/** `EventCpiAccounts` for the IDL's program id: spread into a generated builder's input,
 * `getDepositInstruction({ …, ...EVENT_CPI_ACCOUNTS })`. */
export const EVENT_CPI_ACCOUNTS: EventCpiAccounts = Object.freeze({
  eventAuthority: EVENT_AUTHORITY,
  program: LENDING_POOL_PROGRAM_ADDRESS,
});

/** `EVENT_CPI_ACCOUNTS` for the lending pool deployed at `programAddress`. */
export async function eventCpiAccounts(
  programAddress: Address = LENDING_POOL_PROGRAM_ADDRESS,
): Promise<EventCpiAccounts> {
  if (programAddress === LENDING_POOL_PROGRAM_ADDRESS) return { ...EVENT_CPI_ACCOUNTS };
  const [eventAuthority] = await findEventAuthorityPda({ programAddress });
  return { eventAuthority, program: programAddress };
}

// ---------------------------------------------------------------------------------------
// Events from inner instructions (`emit_cpi!`): the documented path

/** Instruction data: bytes, or base58 text (the RPC's `json`/`jsonParsed` encodings). */
export type InstructionData = ReadonlyUint8Array | string;

/** An inner instruction with its program as an index into the transaction's account keys
 * (RPC `json`/`base64` encodings; LiteSVM after `liteSvmInnerInstructions`). */
export type CompiledInnerInstruction = Readonly<{ programIdIndex: number; data: InstructionData }>;

/** An inner instruction with its program resolved (RPC `jsonParsed`: a partially decoded
 * instruction has `data`; a parsed one, e.g. a token transfer, has none and is skipped). */
export type ResolvedInnerInstruction = Readonly<{ programId: Address; data?: InstructionData }>;

export type InnerInstructionLike = CompiledInnerInstruction | ResolvedInnerInstruction;

/** A transaction's inner instructions: the RPC's `meta.innerInstructions` (groups tagged
 * with their top-level instruction's `index`), or one array per top-level instruction. */
export type InnerInstructionGroups =
  | readonly Readonly<{ index: number; instructions: readonly InnerInstructionLike[] }>[]
  | readonly (readonly InnerInstructionLike[])[];

/** A transaction's account keys: static keys, then the writable and the readonly addresses
 * loaded from lookup tables (the order the runtime indexes them in). `jsonParsed`'s
 * `{ pubkey }` objects are accepted too. */
export type AccountKeys = readonly (Address | Readonly<{ pubkey: Address }>)[];

const dataBytes = (data: InstructionData): ReadonlyUint8Array => (typeof data === "string" ? base58.encode(data) : data);

function programOf(ix: InnerInstructionLike, keys: AccountKeys): Address {
  if ("programId" in ix) return ix.programId;
  const key = keys[ix.programIdIndex];
  if (key === undefined)
    throw new RangeError(
      `inner instruction program index ${ix.programIdIndex} is beyond the ${keys.length} account keys ` +
        "(a v0 transaction with lookup tables: pass the loaded addresses after the static keys)",
    );
  return typeof key === "string" ? key : key.pubkey;
}

function flatten(groups: InnerInstructionGroups): InnerInstructionLike[] {
  const tagged = groups.every((g) => !Array.isArray(g));
  if (!tagged) return (groups as readonly (readonly InnerInstructionLike[])[]).flat();
  return [...(groups as readonly { index: number; instructions: readonly InnerInstructionLike[] }[])]
    .sort((a, b) => a.index - b.index) // stable: execution order within a group is kept
    .flatMap((g) => g.instructions);
}

/** The event bytes (discriminator + Borsh, `EVENT_IX_TAG` removed) of every inner
 * instruction to `programId` whose data starts with `EVENT_IX_TAG`, in execution order,
 * whether or not they decode (compare with `parseCpiEvents` to find unknown events). */
export function cpiEventBytes(
  innerInstructions: InnerInstructionGroups,
  accountKeys: AccountKeys,
  programId: Address = LENDING_POOL_PROGRAM_ADDRESS,
): ReadonlyUint8Array[] {
  const out: ReadonlyUint8Array[] = [];
  for (const ix of flatten(innerInstructions)) {
    if (ix.data === undefined || programOf(ix, accountKeys) !== programId) continue;
    const data = dataBytes(ix.data);
    if (startsWith(data, EVENT_IX_TAG)) out.push(data.slice(EVENT_IX_TAG.length));
  }
  return out;
}

/** Every event the program emitted (`emit_cpi!`), in order: the inner instructions to
 * `programId` (default: the IDL's address) whose data starts with `EVENT_IX_TAG` and then
 * an event discriminator of the IDL. An instruction of another program carrying the same
 * bytes is not an event; nor is an inner instruction to the program without the tag (a CPI
 * into one of its instructions). `innerInstructions`: RPC `meta.innerInstructions`, or
 * `liteSvmInnerInstructions(meta)`; `accountKeys`: what their `programIdIndex` refers to
 * (`transactionAccountKeys`). A failed transaction's events did not happen: check its error
 * first (`parseTransactionEvents` does). */
export function parseCpiEvents(
  innerInstructions: InnerInstructionGroups,
  accountKeys: AccountKeys,
  programId: Address = LENDING_POOL_PROGRAM_ADDRESS,
): LendingPoolEvent[] {
  return cpiEventBytes(innerInstructions, accountKeys, programId)
    .map(decodeEvent)
    .filter((e): e is LendingPoolEvent => e !== null);
}

/** A signed transaction (`@solana/kit`'s `Transaction`: what LiteSVM's `sendTransaction`
 * takes), or its base64 wire bytes. */
export type TransactionLike = Readonly<{ messageBytes: ReadonlyUint8Array }> | string;

/** The account keys of `transaction`'s message: its static keys, then `loadedAddresses`
 * (writable, then readonly) for a v0 message that uses lookup tables. */
export function transactionAccountKeys(
  transaction: TransactionLike,
  loadedAddresses?: Readonly<{ writable: readonly Address[]; readonly: readonly Address[] }> | null,
): Address[] {
  const tx = typeof transaction === "string" ? getTransactionDecoder().decode(base64.encode(transaction)) : transaction;
  const message = getCompiledTransactionMessageDecoder().decode(tx.messageBytes);
  return [...message.staticAccounts, ...(loadedAddresses?.writable ?? []), ...(loadedAddresses?.readonly ?? [])];
}

/** What `parseLiteSvmEvents` reads of LiteSVM's `TransactionMetadata`: one array per
 * top-level instruction of `InnerInstruction`s (`instruction()` is a `CompiledInstruction`
 * with `programIdIndex()`, `accounts()` and `data()` methods, and `stackHeight()`). */
export type LiteSvmInnerInstructionsMeta = {
  innerInstructions(): readonly (readonly { instruction(): { programIdIndex(): number; data(): ReadonlyUint8Array } }[])[];
};

/** LiteSVM's inner instructions as plain `CompiledInnerInstruction`s, grouped per
 * top-level instruction. */
export function liteSvmInnerInstructions(meta: LiteSvmInnerInstructionsMeta): CompiledInnerInstruction[][] {
  return meta.innerInstructions().map((group) =>
    group.map((inner) => {
      const ix = inner.instruction();
      return { programIdIndex: ix.programIdIndex(), data: ix.data() };
    }),
  );
}

/** The events of a transaction LiteSVM executed: `meta` its `TransactionMetadata` (what
 * `sendTransaction` returns on success, or `simulateTransaction(tx).meta()`), `transaction`
 * the transaction sent (for its account keys), or the account keys themselves. */
export function parseLiteSvmEvents(
  meta: LiteSvmInnerInstructionsMeta,
  transaction: TransactionLike | AccountKeys,
  programId: Address = LENDING_POOL_PROGRAM_ADDRESS,
): LendingPoolEvent[] {
  const keys = Array.isArray(transaction) ? (transaction as AccountKeys) : transactionAccountKeys(transaction as TransactionLike);
  return parseCpiEvents(liteSvmInnerInstructions(meta), keys, programId);
}

/** What `parseTransactionEvents` reads of a `getTransaction` result, in the `json`,
 * `jsonParsed`, `base64` or `base58` encoding (with `maxSupportedTransactionVersion: 0`
 * for v0 transactions). */
export type RpcTransactionLike = Readonly<{
  meta: Readonly<{
    err: unknown;
    innerInstructions?: InnerInstructionGroups | null;
    loadedAddresses?: Readonly<{ writable: readonly Address[]; readonly: readonly Address[] }> | null;
  }> | null;
  transaction: Readonly<{ message: Readonly<{ accountKeys: AccountKeys }> }> | readonly [string, "base64" | "base58"];
}>;

/** The account keys `rpcTx`'s inner instructions refer to: the message's keys, then the
 * addresses loaded from lookup tables (`meta.loadedAddresses`; `jsonParsed` lists them
 * among the message's keys already). */
export function rpcAccountKeys(rpcTx: RpcTransactionLike): AccountKeys {
  const loaded = rpcTx.meta?.loadedAddresses;
  if (Array.isArray(rpcTx.transaction)) {
    const [text, encoding] = rpcTx.transaction as readonly [string, "base64" | "base58"];
    const wire = encoding === "base58" ? base58.encode(text) : base64.encode(text);
    return transactionAccountKeys(getTransactionDecoder().decode(wire), loaded);
  }
  const keys = (rpcTx.transaction as { message: { accountKeys: AccountKeys } }).message.accountKeys;
  // jsonParsed: every key is a `{ pubkey, source }` object, the loaded ones included
  if (keys.some((k) => typeof k !== "string")) return keys;
  return [...keys, ...(loaded?.writable ?? []), ...(loaded?.readonly ?? [])];
}

/** The events of a confirmed transaction from `getTransaction` (none if it failed: a failed
 * transaction changed nothing, so what it emitted did not happen). Needs the inner
 * instructions, which the RPC returns in `meta` unless the node stores none. */
export function parseTransactionEvents(
  rpcTx: RpcTransactionLike,
  programId: Address = LENDING_POOL_PROGRAM_ADDRESS,
): LendingPoolEvent[] {
  const meta = rpcTx.meta;
  if (!meta) throw new Error("the transaction has no meta: its inner instructions are unknown");
  if (meta.err != null) return [];
  if (meta.innerInstructions == null) throw new Error("the RPC returned no inner instructions for the transaction");
  return parseCpiEvents(meta.innerInstructions, rpcAccountKeys(rpcTx), programId);
}

// ---------------------------------------------------------------------------------------
// Events from logs (`emit!`): kept for transactions of program versions that logged them
//
// A log line is attributed to the program whose invocation is innermost when it is written
// (`Program <id> invoke [n]` … `Program <id> success|failed`), so data another program logs
// inside a CPI (or in another instruction of the transaction) is never mistaken for ours.
// Logs are capped per transaction: a log reader can miss events; inner instructions cannot.

const INVOKE = /^Program (\w+) invoke \[\d+\]$/;
const EXIT = /^Program (\w+) (success|failed)/;
const DATA = "Program data: ";

/** Every event the program logged with `emit!` (`Program data: <base64>` lines inside its
 * own invocations), in order. The current program emits with `emit_cpi!` and logs none:
 * use `parseCpiEvents`. `logs`: a transaction's log messages (RPC `meta.logMessages`,
 * LiteSVM's `meta().logs()`). */
export function parseEventLogs(
  logs: readonly string[],
  programId: Address = LENDING_POOL_PROGRAM_ADDRESS,
): LendingPoolEvent[] {
  const stack: string[] = [];
  const events: LendingPoolEvent[] = [];
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke) {
      stack.push(invoke[1]);
      continue;
    }
    if (EXIT.test(line)) {
      stack.pop();
      continue;
    }
    if (!line.startsWith(DATA) || stack[stack.length - 1] !== programId) continue;
    // sol_log_data logs each field in base64, space-separated; Anchor logs one
    const fields = line.slice(DATA.length).split(" ");
    if (fields.length !== 1) continue;
    const event = decodeEvent(base64.encode(fields[0]));
    if (event) events.push(event);
  }
  return events;
}

// ---------------------------------------------------------------------------------------

/** The decoded fields of the event named `K`. */
export type LendingPoolEventData<K extends LendingPoolEventName> = Extract<LendingPoolEvent, { name: K }>["data"];

/** The events of one kind, typed: `eventsNamed(events, "debtChanged")[0].data.amount`. */
export function eventsNamed<K extends LendingPoolEventName>(
  events: readonly LendingPoolEvent[],
  name: K,
): { name: K; data: LendingPoolEventData<K> }[] {
  return events.filter((e) => e.name === name) as { name: K; data: LendingPoolEventData<K> }[];
}
