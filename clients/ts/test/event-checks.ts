// What the event tests share: a transaction's events (every `Program data:` line the
// program logged must decode), picking the one event of a kind, and checking an
// `InterestAccrued` against the TS accrual of the pool before it.
import assert from "node:assert/strict";
import * as lp from "../src/index.ts";

/** The events in a transaction's logs; fails if any data line is not one of the IDL's events. */
export function eventsOf(meta: { logs(): string[] }): lp.LendingPoolEvent[] {
  const logs = meta.logs();
  const events = lp.parseEventLogs(logs);
  // only the lending pool logs data here (the token and system programs log none)
  assert.equal(events.length, logs.filter((l) => l.startsWith("Program data: ")).length, "an undecoded event");
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
      insurancePendingAfter: ev.insurancePendingAfter,
      timestamp: ev.timestamp,
    },
  );
  assert.equal(lp.u128(after.borrowIndex), ev.indexAfter);
  assert.equal(lp.u128(after.insuranceRemainderWad), ev.insuranceRemainderWad);
  assert.ok(accrual.indexAfter > accrual.indexBefore && accrual.totalDebtAfter > accrual.totalDebtBefore);
  return accrued;
}
