// What the event tests share: a transaction's events (every `emit_cpi!` inner instruction
// of the lending pool must decode, and the program logs no `Program data:` line any more),
// picking the one event of a kind, and checking an `InterestAccrued` against the TS accrual
// of the pool before it.
import assert from "node:assert/strict";
import * as lp from "../src/index.ts";
import type { Sent } from "./fixtures.ts";

/** The events of a transaction LiteSVM executed, from its inner instructions. Fails if an
 * inner instruction of the lending pool carrying `EVENT_IX_TAG` is not one of the IDL's
 * events, if one is not signed for by the event authority alone, or if any `Program data:`
 * line was logged (only the lending pool could: the token and system programs log none). */
export function eventsOf({ meta, transaction }: Sent): lp.LendingPoolEvent[] {
  const keys = lp.transactionAccountKeys(transaction);
  const events = lp.parseLiteSvmEvents(meta, transaction);
  const tagged = lp.cpiEventBytes(lp.liteSvmInnerInstructions(meta), keys);
  assert.equal(events.length, tagged.length, "an undecoded event");
  // each is a self-CPI whose one account is the event authority
  const selfCpis = meta
    .innerInstructions()
    .flat()
    .map((inner) => inner.instruction())
    .filter((ix) => keys[ix.programIdIndex()] === lp.LENDING_POOL_PROGRAM_ADDRESS);
  for (const ix of selfCpis) assert.deepEqual([...ix.accounts()].map((i) => keys[i]), [lp.EVENT_AUTHORITY]);
  assert.equal(selfCpis.length, tagged.length, "an inner instruction to the lending pool that is not an event");
  const logs = meta.logs();
  assert.deepEqual(logs.filter((l) => l.startsWith("Program data: ")), [], "an event logged with emit!");
  assert.deepEqual(lp.parseEventLogs(logs), []);
  return events;
}

/** The only event named `name` in `events`. */
export function one<K extends lp.LendingPoolEventName>(events: readonly lp.LendingPoolEvent[], name: K): lp.LendingPoolEventData<K> {
  const found = lp.eventsNamed(events, name);
  assert.equal(found.length, 1, `${found.length} ${name} events`);
  return found[0].data;
}

/** The transaction's `InterestAccrued` equals `accrueInterest(before, now)`, and the pool
 * it left carries the accrued index; returns the accrued copy of `before`. */
export function checkAccrual(before: lp.Pool, now: bigint, events: readonly lp.LendingPoolEvent[], after: lp.Pool) {
  const { pool: accrued, accrual } = lp.accrueInterest(before, now);
  const emitted = lp.eventsNamed(events, "interestAccrued");
  if (!accrual) {
    assert.equal(emitted.length, 0);
    return accrued;
  }
  const ev = one(events, "interestAccrued");
  assert.deepEqual(
    { ...accrual, insurancePendingAfter: accrued.insurancePending, timestamp: now },
    {
      dt: ev.dt,
      utilizationWad: ev.utilizationWad,
      rateWad: ev.rateWad,
      indexBefore: ev.indexBefore,
      indexAfter: ev.indexAfter,
      totalDebtBefore: ev.totalDebtBefore,
      totalDebtAfter: ev.totalDebtAfter,
      toInsurance: ev.toInsurance,
      insuranceRemainderWad: ev.insuranceRemainderWad,
      markedShortfallBefore: ev.markedShortfallBefore,
      markedShortfallAfter: ev.markedShortfallAfter,
      insurancePendingAfter: ev.insurancePendingAfter,
      timestamp: ev.timestamp,
    },
  );
  assert.equal(lp.u128(after.borrowIndex), ev.indexAfter);
  assert.equal(lp.u128(after.insuranceRemainderWad), ev.insuranceRemainderWad);
  assert.ok(accrual.indexAfter > accrual.indexBefore && accrual.totalDebtAfter > accrual.totalDebtBefore);
  return accrued;
}
