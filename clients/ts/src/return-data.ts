// Decoders of the views' return data (`position_health` → `HealthReport`, `preview_settle`
// → `Settlement`, `preview_mark` → `MarkPreview`; Borsh, Anchor's return value). Simulate
// the view and pass the return data: the bytes (LiteSVM's `returnData().data()`), the RPC's
// `returnData` object (`{ programId, data: [base64, "base64"] }`) or the transaction's logs.
// Validators before 1.17 stripped trailing zero bytes from the RPC's return data
// (solana-labs/solana#31391, fixed by #33639), and every report ends in a little-endian
// u128 or u64 whose high bytes are usually zero: the decoders pad to the type's fixed size,
// so such a response decodes too (the `Program return:` log line was never stripped).
import { getBase64Encoder, type Address, type FixedSizeDecoder, type ReadonlyUint8Array } from "@solana/kit";
import {
  LENDING_POOL_PROGRAM_ADDRESS,
  getHealthReportDecoder,
  getMarkPreviewDecoder,
  getSettlementDecoder,
  type HealthReport,
  type MarkPreview,
  type Settlement,
} from "./generated/index.ts";

/** Return data as any client holds it. */
export type ReturnData =
  | ReadonlyUint8Array
  | { programId: Address; data: readonly [string, "base64"] | ReadonlyUint8Array }
  | { logs: readonly string[] };

const base64 = getBase64Encoder(); // base64 text → bytes

/** The lending pool's return data in transaction logs (`Program return: <program> <base64>`,
 * logged in full by the runtime before any truncation); the last one wins, as on-chain. */
export function returnDataFromLogs(logs: readonly string[], programId: Address = LENDING_POOL_PROGRAM_ADDRESS) {
  const prefix = `Program return: ${programId} `;
  const line = [...logs].reverse().find((l) => l.startsWith(prefix));
  return line === undefined ? null : base64.encode(line.slice(prefix.length));
}

function bytesOf(r: ReturnData, programId: Address): ReadonlyUint8Array {
  if ("logs" in r) {
    const found = returnDataFromLogs(r.logs, programId);
    if (!found) throw new Error("no lending pool return data in the logs");
    return found;
  }
  if ("programId" in r) {
    if (r.programId !== programId) throw new Error(`return data of ${r.programId}, not the lending pool`);
    return r.data instanceof Uint8Array ? r.data : base64.encode((r.data as readonly [string, "base64"])[0]);
  }
  return r as ReadonlyUint8Array;
}

/** `decoder` over `data` padded with the zeros an old RPC stripped. `programId`: the
 * lending pool's address where it is deployed under another id than the IDL's. */
export function decodeReturnData<T>(
  decoder: FixedSizeDecoder<T>,
  data: ReturnData,
  programId: Address = LENDING_POOL_PROGRAM_ADDRESS,
): T {
  const bytes = bytesOf(data, programId);
  if (bytes.length > decoder.fixedSize)
    throw new Error(`return data of ${bytes.length} bytes, more than the ${decoder.fixedSize} expected`);
  const padded = new Uint8Array(decoder.fixedSize);
  padded.set(bytes);
  return decoder.decode(padded);
}

/** `position_health`: the position's debt and its health at spot and conservative prices. */
export const decodeHealthReport = (data: ReturnData, programId?: Address): HealthReport =>
  decodeReturnData(getHealthReportDecoder(), data, programId);

/** `preview_settle`: what `settle_bad_debt` would do now (D, the insurance/LP split, …). */
export const decodeSettlement = (data: ReturnData, programId?: Address): Settlement =>
  decodeReturnData(getSettlementDecoder(), data, programId);

/** `preview_mark`: the shortfall now, the marks and the exit prices after a re-mark. */
export const decodeMarkPreview = (data: ReturnData, programId?: Address): MarkPreview =>
  decodeReturnData(getMarkPreviewDecoder(), data, programId);
