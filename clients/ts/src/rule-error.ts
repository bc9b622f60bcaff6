// What the helpers throw where the program would fail a rule (a gate, a cap, a limit):
// the program's own error code, so a frontend can tell "this borrow would be refused with
// BorrowLimitExceeded" before it asks for a signature, and a test can compare the code with
// the one the program returns for the same transaction.
import { getLendingPoolErrorMessage, type LendingPoolError } from "./generated/index.ts";

/** The program would fail with `code` (a `LENDING_POOL_ERROR__*` constant). */
export class LendingRuleError extends Error {
  constructor(readonly code: LendingPoolError) {
    super(`${getLendingPoolErrorMessage(code)} (program error ${code})`);
    this.name = "LendingRuleError";
  }
}

/** Throws `LendingRuleError(code)` unless `ok`, as the program's `require!`. */
export function requireRule(ok: boolean, code: LendingPoolError): void {
  if (!ok) throw new LendingRuleError(code);
}
