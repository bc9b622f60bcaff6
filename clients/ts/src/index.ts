// The TypeScript client's single entry: the Codama-generated client (instructions,
// accounts, PDAs, errors, types, events) and the hand-written helpers that mirror the
// program's arithmetic and account rules, and read its events (from inner instructions:
// `parseCpiEvents`, `parseTransactionEvents`, `parseLiteSvmEvents`).
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
