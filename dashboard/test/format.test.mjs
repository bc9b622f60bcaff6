// Unit tests for the BigInt formatting: `node --test test/format.test.mjs`.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  U128_MAX,
  amountToNumber,
  changeBps,
  formatAmount,
  formatBps,
  formatFixed,
  formatHealth,
  formatWad,
  ratioBps,
  shortAddress,
  toBigInt,
} from "../src/format.js";

test("amounts keep every unit, grouped, trailing zeros trimmed", () => {
  assert.equal(formatAmount("100000000", 6), "100");
  assert.equal(formatAmount("123456789", 6), "123.456789");
  assert.equal(formatAmount("1234567000000", 6), "1,234,567");
  assert.equal(formatAmount("0", 6), "0");
  assert.equal(formatAmount("5", 0), "5");
  assert.equal(formatAmount("-2500000", 6), "-2.5");
});

test("u64 and u128 values beyond 2^53 stay exact", () => {
  assert.equal(formatAmount("18446744073709551615", 6), "18,446,744,073,709.551615");
  assert.equal(formatAmount(U128_MAX.toString(), 0, { grouping: false }), "340282366920938463463374607431768211455");
  // 2^53 + 1 is where a Number would already be off by one.
  assert.equal(formatAmount("9007199254740993", 0, { grouping: false }), "9007199254740993");
});

test("truncation toward zero and dust", () => {
  assert.equal(formatFixed("1999", 3, { maxFraction: 2 }), "1.99");
  assert.equal(formatFixed("1", 9, { maxFraction: 4 }), "<0.0001");
  assert.equal(formatFixed("-1", 9, { maxFraction: 4 }), "-<0.0001");
  assert.equal(formatFixed("1500", 3, { minFraction: 2 }), "1.50");
});

test("WAD share prices and health", () => {
  assert.equal(formatWad("1000000000000000000"), "1.000000");
  assert.equal(formatWad("987654321987654321"), "0.987654");
  assert.equal(formatWad("1", 6), "<0.000001");
  assert.equal(formatHealth("1050000000000000000"), "1.0500");
  assert.equal(formatHealth(U128_MAX.toString()), "∞");
});

test("basis points", () => {
  assert.equal(formatBps(0), "0.00%");
  assert.equal(formatBps(1234), "12.34%");
  assert.equal(formatBps(10000), "100.00%");
  assert.equal(formatBps(1234567), "12,345.67%");
  assert.equal(formatBps(-250), "-2.50%");
  assert.equal(formatBps(null), "—");
  assert.equal(ratioBps("1", "3"), 3333);
  assert.equal(ratioBps("1", "0"), null);
  assert.equal(changeBps("1000000000000000000", "950000000000000000"), -500);
});

test("strict parsing refuses values that already lost precision", () => {
  assert.equal(toBigInt("42"), 42n);
  assert.equal(toBigInt(42), 42n);
  assert.throws(() => toBigInt(2 ** 60), TypeError);
  assert.throws(() => toBigInt("1.5"), TypeError);
  assert.throws(() => toBigInt("1e6"), TypeError);
  assert.throws(() => toBigInt(null), TypeError);
});

test("chart numbers and addresses", () => {
  assert.equal(amountToNumber("123456789", 6), 123.456789);
  assert.equal(shortAddress("So11111111111111111111111111111111111111112"), "So11…1112");
  assert.equal(shortAddress("short"), "short");
});
