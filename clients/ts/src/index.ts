// The TypeScript client's single entry (the package's `.`; `./deploy` is the Node-only
// pool deployment): the Codama-generated client (instructions, accounts, PDAs, errors,
// types, events) and the hand-written helpers that mirror the program's arithmetic and
// account rules, and read its events (from inner instructions: `parseCpiEvents`,
// `parseTransactionEvents`, `parseLiteSvmEvents`).
export * from "./generated/index.ts";
export * from "./generated/events.ts";
export * from "./math.ts";
export * from "./books.ts";
export * from "./interest.ts";
export * from "./oracle.ts";
export * from "./prices.ts";
export * from "./slots.ts";
export * from "./health.ts";
export * from "./remaining-accounts.ts";
export * from "./return-data.ts";
export * from "./exit.ts";
export {
  EVENT_AUTHORITY,
  EVENT_AUTHORITY_SEED,
  EVENT_CPI_ACCOUNTS,
  EVENT_IX_TAG,
  cpiEventBytes,
  decodeEvent,
  eventCpiAccounts,
  eventsNamed,
  findEventAuthorityPda,
  liteSvmInnerInstructions,
  parseCpiEvents,
  parseEventLogs,
  parseLiteSvmEvents,
  parseTransactionEvents,
  rpcAccountKeys,
  transactionAccountKeys,
  type AccountKeys,
  type CompiledInnerInstruction,
  type EventCpiAccounts,
  type InnerInstructionGroups,
  type InnerInstructionLike,
  type InstructionData,
  type LendingPoolEventData,
  type LiteSvmInnerInstructionsMeta,
  type ResolvedInnerInstruction,
  type RpcTransactionLike,
  type TransactionLike,
} from "./events.ts";
export * from "./marks.ts";
// what a frontend asks before it sends: rates, limits, thresholds, what-ifs; and finding
// and sending (each the program's arithmetic in bigint, checked against it in LiteSVM)
export * from "./rule-error.ts";
export * from "./gate.ts";
export * from "./position-ops.ts";
export * from "./remark.ts";
export * from "./checks.ts";
export * from "./apy.ts";
export * from "./max-borrow.ts";
export * from "./max-withdraw.ts";
export * from "./max-withdraw-lp.ts";
export * from "./liquidation-price.ts";
export * from "./what-if.ts";
export * from "./positions-by-owner.ts";
export * from "./budget.ts";
export * from "./send.ts";
