// The program's events from transaction logs. The program emits with `emit!` (no
// `emit_cpi!`, no `event-cpi` feature): each event is one `sol_log_data` call, logged as
// `Program data: <base64>` = 8-byte discriminator (from the IDL) + Borsh fields, so there
// is no self-CPI inner instruction to read. The codecs and discriminators are generated
// from the IDL (`scripts/generate.mjs`, `src/generated/events.ts`).
//
// A log line is attributed to the program whose invocation is innermost when it is written
// (`Program <id> invoke [n]` … `Program <id> success|failed`), so data another program logs
// inside a CPI (or in another instruction of the transaction) is never mistaken for ours.
import { getBase64Encoder, type Address, type ReadonlyUint8Array } from "@solana/kit";
import { LENDING_POOL_PROGRAM_ADDRESS } from "./generated/index.ts";
import { LENDING_POOL_EVENTS, type LendingPoolEvent, type LendingPoolEventName } from "./generated/events.ts";

export type { LendingPoolEvent, LendingPoolEventName } from "./generated/events.ts";

const base64 = getBase64Encoder(); // base64 text → bytes
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

const INVOKE = /^Program (\w+) invoke \[\d+\]$/;
const EXIT = /^Program (\w+) (success|failed)/;
const DATA = "Program data: ";

/** Every event the program logged, in order. `logs`: a transaction's log messages (RPC
 * `meta.logMessages`, LiteSVM's `meta().logs()`). */
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

/** The decoded fields of the event named `K`. */
export type LendingPoolEventData<K extends LendingPoolEventName> = Extract<LendingPoolEvent, { name: K }>["data"];

/** The events of one kind, typed: `eventsNamed(events, "debtChanged")[0].data.amount`. */
export function eventsNamed<K extends LendingPoolEventName>(
  events: readonly LendingPoolEvent[],
  name: K,
): { name: K; data: LendingPoolEventData<K> }[] {
  return events.filter((e) => e.name === name) as { name: K; data: LendingPoolEventData<K> }[];
}
