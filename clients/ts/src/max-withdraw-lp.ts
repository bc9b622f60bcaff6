// The most an LP can take out now, and how (`state/pool/lp.rs`, `state/pool/exit.rs`).
// Exits are priced at `exit_lp_assets` (LP assets net of the marks insurance would not
// cover) and paid from cash the insurance fund has no claim on. In a calm pool an LP
// redeems all of its shares at once, or, when cash is short, withdraws exactly the cash
// there is; in a stressed pool (`isStressed`: uncovered marks or the breaker) instant exits
// are refused (`PoolStressed`) and the exit is a `request_exit` of the shares, valued now at
// the exit price and paid after `exit_delay_secs` at the lesser of that value and the
// shares' value then (`exit.ts`'s `exitWithMarks` sends either).
import type { Pool } from "./generated/index.ts";
import { availableCash, exitLpAssets, toAssetsDown, toSharesUp } from "./books.ts";
import { isStressed } from "./exit.ts";
import { isAllowed, poolAt } from "./gate.ts";

/** The exit open to an LP now:
 * - `redeem`: `redeem(shares)` of all of them pays `assets` (`withdraw(assets)` pays the
 *   same, `assets + 1` is refused with `InsufficientShares`);
 * - `withdraw`: cash is short: `withdraw(assets)` takes all available cash, burning
 *   `shares` (`assets + 1` is refused with `InsufficientCash`);
 * - `request`: stressed: `request_exit(shares)` fixes `assets` (its `value_at_request`;
 *   `minAssets` up to it passes), payable from `maturesTs` at most that;
 * - `none`: nothing can leave (`reason`). */
export type LpExitMax =
  | { kind: "redeem" | "withdraw"; shares: bigint; assets: bigint }
  | { kind: "request"; shares: bigint; assets: bigint; maturesTs: bigint }
  | { kind: "none"; shares: 0n; assets: 0n; reason: "paused" | "noShares" | "zeroValue" };

/** What the pool's LP books need besides the pool: the LP mint's supply, the insurance
 * fund's ledger (`insuranceBalance(fund)`) and the LP's shares. */
export type LpHolding = { lpSupply: bigint; fundLedger: bigint; sharesHeld: bigint };

const none = (reason: "paused" | "noShares" | "zeroValue"): LpExitMax => ({ kind: "none", shares: 0n, assets: 0n, reason });

/** The largest exit an LP holding `sharesHeld` can make at unix time `now`. */
export function maxWithdrawLp(pool: Pool, holding: LpHolding, now: bigint): LpExitMax {
  const { lpSupply, fundLedger, sharesHeld } = holding;
  const p = poolAt(pool, now);
  if (!isAllowed(p, "withdraw")) return none("paused");
  if (sharesHeld === 0n) return none("noShares");
  const exitAssets = exitLpAssets(p, fundLedger);
  const worth = toAssetsDown(sharesHeld, exitAssets, lpSupply);
  if (worth === 0n) return none("zeroValue");
  if (isStressed(p, fundLedger)) {
    return { kind: "request", shares: sharesHeld, assets: worth, maturesTs: now + p.config.exitDelaySecs };
  }
  const cash = availableCash(p);
  if (worth <= cash) return { kind: "redeem", shares: sharesHeld, assets: worth };
  if (cash === 0n) return none("zeroValue");
  return { kind: "withdraw", shares: toSharesUp(cash, exitAssets, lpSupply), assets: cash };
}
