// The TypeScript client's single entry: the Codama-generated client (instructions,
// accounts, PDAs, errors, types, events) and the hand-written helpers that mirror the
// program's arithmetic and account rules.
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
export { decodeEvent, eventsNamed, parseEventLogs, type LendingPoolEventData } from "./events.ts";
export * from "./marks.ts";
