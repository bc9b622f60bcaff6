// A Solana JSON-RPC endpoint served by LiteSVM, for helpers that take a kit `Rpc`: the
// real kit client (request and response transformers included) talks to a transport that
// answers from LiteSVM, so what the helper sends is the JSON an RPC node would receive.
// It serves what the helpers call: `getLatestBlockhash`, `simulateTransaction` (signature
// verification off, as asked), `sendTransaction`, `getRecentPrioritizationFees` (the fees
// are the test's: LiteSVM has no fee market) and `getProgramAccounts` with `dataSize` and
// base58 `memcmp` filters, applied as a node applies them, over the accounts the test names
// (LiteSVM cannot list its accounts). Every request is recorded.
import { FailedTransactionMetadata, type LiteSVM, type TransactionMetadata } from "litesvm";
import {
  createSolanaRpcFromTransport,
  getBase58Decoder,
  getBase58Encoder,
  getBase64Decoder,
  getBase64Encoder,
  getTransactionDecoder,
  type Address,
  type RpcTransport,
  type Transaction,
} from "@solana/kit";

type Request = { id: string | number; method: string; params: unknown[] };
type Filter = { dataSize?: number; memcmp?: { offset: number; bytes: string; encoding?: string } };

export type LiteSvmRpcOptions = {
  /** The accounts `getProgramAccounts` looks through. */
  accounts?: () => readonly Address[];
  /** The per-slot fees `getRecentPrioritizationFees` reports for these accounts. */
  prioritizationFees?: (accounts: readonly Address[]) => readonly bigint[];
};

const b64 = { toBytes: getBase64Encoder(), fromBytes: getBase64Decoder() };
const b58 = { toBytes: getBase58Encoder(), fromBytes: getBase58Decoder() };

export function liteSvmRpc(svm: LiteSVM, options: LiteSvmRpcOptions = {}) {
  const requests: Request[] = [];
  /** Transactions sent, with what LiteSVM made of them. */
  const sent: { transaction: Transaction; result: TransactionMetadata | FailedTransactionMetadata }[] = [];
  const decodeTx = (wire: string) => getTransactionDecoder().decode(b64.toBytes.encode(wire));
  const context = () => ({ slot: Number(svm.getClock().slot) });

  const matches = (data: Uint8Array, filters: readonly Filter[]) =>
    filters.every((f) => {
      if (f.dataSize !== undefined) return data.length === f.dataSize;
      if (f.memcmp) {
        if (f.memcmp.encoding !== undefined && f.memcmp.encoding !== "base58") throw new Error(`memcmp encoding ${f.memcmp.encoding}`);
        const want = b58.toBytes.encode(f.memcmp.bytes);
        const at = f.memcmp.offset;
        return data.length >= at + want.length && want.every((b, i) => data[at + i] === b);
      }
      throw new Error(`unsupported filter ${JSON.stringify(f)}`);
    });

  const handlers: Record<string, (params: unknown[]) => unknown> = {
    getLatestBlockhash: () => ({ context: context(), value: { blockhash: svm.latestBlockhash(), lastValidBlockHeight: 0 } }),
    getRecentPrioritizationFees: ([accounts]) =>
      (options.prioritizationFees?.((accounts ?? []) as Address[]) ?? []).map((fee, i) => ({ slot: i, prioritizationFee: Number(fee) })),
    simulateTransaction: ([wire, config]) => {
      const c = config as { encoding?: string; sigVerify?: boolean };
      if (c.encoding !== "base64") throw new Error("simulate: base64 only");
      svm.withSigverify(c.sigVerify ?? false);
      const result = svm.simulateTransaction(decodeTx(wire as string));
      svm.withSigverify(true);
      const failed = result instanceof FailedTransactionMetadata;
      const meta = result.meta();
      return {
        context: context(),
        value: {
          err: failed ? { LiteSvm: String(result.err()) } : null,
          logs: meta.logs(),
          unitsConsumed: Number(meta.computeUnitsConsumed()),
          accounts: null,
          returnData: null,
        },
      };
    },
    sendTransaction: ([wire]) => {
      const transaction = decodeTx(wire as string);
      const result = svm.sendTransaction(transaction);
      sent.push({ transaction, result });
      if (result instanceof FailedTransactionMetadata) {
        throw Object.assign(new Error("Transaction simulation failed"), { rpc: { code: -32002, message: `${result.err()}` } });
      }
      return b58.fromBytes.decode(result.signature());
    },
    getProgramAccounts: ([program, config]) => {
      const c = config as { encoding?: string; filters?: Filter[] };
      if (c.encoding !== "base64") throw new Error("getProgramAccounts: base64 only");
      return (options.accounts?.() ?? []).flatMap((pubkey) => {
        const a = svm.getAccount(pubkey);
        if (!a.exists || a.programAddress !== program || !matches(a.data, c.filters ?? [])) return [];
        const account = { data: [b64.fromBytes.decode(a.data), "base64"], executable: a.executable, lamports: Number(a.lamports), owner: a.programAddress, rentEpoch: 0, space: a.data.length };
        return [{ pubkey, account }];
      });
    },
  };

  const transport: RpcTransport = async <T>({ payload }: { payload: unknown }): Promise<T> => {
    // what an HTTP transport would put on the wire: JSON, bigints as numbers
    const request = JSON.parse(JSON.stringify(payload, (_, v) => (typeof v === "bigint" ? Number(v) : v))) as Request;
    requests.push(request);
    const handler = handlers[request.method];
    if (!handler) return { jsonrpc: "2.0", id: request.id, error: { code: -32601, message: `${request.method} not served` } } as T;
    try {
      return { jsonrpc: "2.0", id: request.id, result: handler(request.params) } as T;
    } catch (e) {
      const rpc = (e as { rpc?: { code: number; message: string } }).rpc ?? { code: -32603, message: String(e) };
      return { jsonrpc: "2.0", id: request.id, error: rpc } as T;
    }
  };
  return { rpc: createSolanaRpcFromTransport(transport), requests, sent };
}
