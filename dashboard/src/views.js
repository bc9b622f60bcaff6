// DOM for the pool's numbers: the books, state badges, reconciliation and the tables.
// Every amount cell carries `data-raw` with the API's exact string so tests (and anyone
// inspecting the page) can compare to the unit; the text is the human rendering of it.

import { el, fill, table } from "./dom.js";
import {
  changeBps,
  formatAmount,
  formatBps,
  formatHealth,
  formatSlot,
  formatTime,
  formatWad,
  ratioBps,
  shortAddress,
  toBigInt,
} from "./format.js";

// constants::pause (docs/SPEC.md); BREAKER (1 << 9) has its own badge.
const PAUSE_FLAGS = [
  [0, "deposit"],
  [1, "withdraw"],
  [2, "fund insurance"],
  [3, "borrow"],
  [4, "repay"],
  [5, "deposit collateral"],
  [6, "withdraw collateral"],
  [7, "liquidate"],
  [8, "settle"],
  [10, "stake"],
  [11, "unstake"],
];

const amountCell = (raw, decimals, testid) =>
  el("td", { class: "num", testid, raw }, formatAmount(raw, decimals));
const wadCell = (raw, testid) => el("td", { class: "num", testid, raw }, formatWad(raw));
const textCell = (text, attrs = {}) => el("td", attrs, text);
const addrCell = (addr) => el("td", { class: "mono", title: addr }, shortAddress(addr));

function stat({ label, value, testid, raw, hint, tone }) {
  return el(
    "div",
    { class: `stat${tone ? ` tone-${tone}` : ""}` },
    el("div", { class: "stat-label" }, label),
    el("div", { class: "stat-value", testid, raw, title: raw === undefined ? null : `raw: ${raw}` }, value),
    hint ? el("div", { class: "stat-hint" }, hint) : null,
  );
}

export function renderBooks(container, summary) {
  const { books, insurance, decimals } = summary;
  const amt = (raw) => formatAmount(raw, decimals);
  const coverage = insurance.coverage_ratio_bps;
  const coverageTone = coverage === null ? null : coverage < 1000 ? "bad" : coverage < 5000 ? "warn" : "good";
  fill(
    container,
    stat({ label: "Cash", value: amt(books.cash), testid: "book-cash", raw: books.cash }),
    stat({ label: "Total debt", value: amt(books.total_debt), testid: "book-total-debt", raw: books.total_debt }),
    stat({
      label: "LP assets",
      value: amt(books.lp_assets),
      testid: "book-lp-assets",
      raw: books.lp_assets,
      hint: `pending insurance ${amt(books.insurance_pending)}`,
    }),
    stat({ label: "LP supply", value: amt(books.lp_supply), testid: "book-lp-supply", raw: books.lp_supply }),
    stat({
      label: "Share price",
      value: formatWad(books.share_price_wad),
      testid: "book-share-price",
      raw: books.share_price_wad,
      tone: toBigInt(books.share_price_wad) < 10n ** 18n ? "warn" : null,
    }),
    stat({
      label: "Insurance balance",
      value: amt(books.insurance_balance),
      testid: "book-insurance",
      raw: books.insurance_balance,
    }),
    stat({
      label: "Marked shortfall",
      value: amt(books.marked_shortfall),
      testid: "book-marked-shortfall",
      raw: books.marked_shortfall,
      tone: toBigInt(books.marked_shortfall) > 0n ? "warn" : null,
    }),
    stat({
      label: "Insurance coverage",
      value: coverage === null ? "no debt" : formatBps(coverage),
      testid: "coverage-ratio",
      raw: coverage === null ? "null" : String(coverage),
      hint: "insurance / total debt",
      tone: coverageTone,
    }),
    stat({
      label: "Utilization",
      value: formatBps(summary.utilization_bps),
      testid: "utilization",
      raw: String(summary.utilization_bps),
    }),
    stat({
      label: "Borrow rate",
      value: formatBps(summary.borrow_rate_bps),
      testid: "borrow-rate",
      raw: String(summary.borrow_rate_bps),
      hint: "per year",
    }),
  );
}

export function renderLedgerTotals(container, summary) {
  const { books, decimals } = summary;
  fill(
    container,
    el("span", {}, "settlements ", el("b", {}, String(books.settlements))),
    el("span", {}, "covered ", el("b", { raw: books.total_covered }, formatAmount(books.total_covered, decimals))),
    el(
      "span",
      {},
      "socialized ",
      el("b", { raw: books.total_socialized, class: toBigInt(books.total_socialized) > 0n ? "neg" : null },
        formatAmount(books.total_socialized, decimals)),
    ),
    el("span", {}, "recovered ", el("b", { raw: books.total_recovered }, formatAmount(books.total_recovered, decimals))),
  );
}

function badge(text, tone, attrs = {}) {
  return el("span", { class: `badge badge-${tone}`, ...attrs }, text);
}

export function renderState(container, state) {
  const paused = PAUSE_FLAGS.filter(([bit]) => state.pause_flags & (1 << bit)).map(([, name]) => name);
  fill(
    container,
    state.frozen
      ? badge("frozen", "bad", { testid: "state-frozen", "data-state": "true" })
      : badge("not frozen", "good", { testid: "state-frozen", "data-state": "false" }),
    state.breaker_tripped
      ? badge("breaker tripped", "bad", { testid: "state-breaker", "data-state": "true" })
      : badge("breaker armed", "good", { testid: "state-breaker", "data-state": "false" }),
    paused.length
      ? badge(`paused: ${paused.join(", ")}`, "warn", { testid: "state-pause", "data-state": String(state.pause_flags) })
      : badge("nothing paused", "good", { testid: "state-pause", "data-state": "0" }),
    ...(state.guardian_pause_flags
      ? [
          badge(`guardian's pause lapses ${new Date(Number(state.guardian_pause_expires_ts) * 1000).toISOString()}`, "warn", {
            testid: "state-guardian-lapse",
            "data-state": String(state.guardian_pause_expires_ts),
          }),
        ]
      : []),
  );
}

export function renderReconciliation(container, rec) {
  container.dataset.state = rec.ok ? "ok" : "alarm";
  container.className = `reconciliation ${rec.ok ? "rec-ok" : "rec-alarm"}`;
  if (rec.ok) {
    fill(container, el("span", { class: "dot" }), `reconciled at slot ${formatSlot(rec.checked_slot)}`);
    return;
  }
  fill(
    container,
    el("strong", {}, `Reconciliation alarm — indexed books differ from the chain (checked at slot ${formatSlot(rec.checked_slot)})`),
    el(
      "ul",
      {},
      (rec.mismatches ?? []).map((m) =>
        el("li", { "data-field": m.field }, el("code", {}, m.field), ": indexed ", el("code", {}, String(m.indexed)),
          ", chain ", el("code", {}, String(m.chain))),
      ),
    ),
  );
}

/** Identities the API promises; a row that breaks them is flagged rather than trusted. */
function settlementProblems(s) {
  const problems = [];
  if (toBigInt(s.debt) !== toBigInt(s.covered) + toBigInt(s.socialized)) problems.push("debt ≠ covered + socialized");
  if (toBigInt(s.covered) !== toBigInt(s.from_pending) + toBigInt(s.from_insurance_vault))
    problems.push("covered ≠ pending + vault");
  return problems;
}

export function renderSettlements(container, settlements, decimals) {
  if (settlements.error) return fill(container, el("p", { class: "error" }, settlements.error));
  const columns = [
    { label: "seq" }, { label: "slot" }, { label: "time (UTC)" },
    { label: "debt", num: true }, { label: "covered", num: true },
    { label: "from pending", num: true }, { label: "from vault", num: true },
    { label: "socialized", num: true },
    { label: "share price before", num: true }, { label: "after", num: true }, { label: "Δ", num: true },
    { label: "effects" },
  ];
  const rows = settlements.map((s) => {
    const problems = settlementProblems(s);
    const change = changeBps(s.share_price_before_wad, s.share_price_after_wad);
    return [
      textCell(String(s.seq), { testid: "settlement-seq" }),
      textCell(formatSlot(s.slot), { title: s.signature }),
      textCell(formatTime(s.timestamp)),
      amountCell(s.debt, decimals, "settlement-debt"),
      amountCell(s.covered, decimals, "settlement-covered"),
      amountCell(s.from_pending, decimals, "settlement-from-pending"),
      amountCell(s.from_insurance_vault, decimals, "settlement-from-vault"),
      el("td", { class: `num${toBigInt(s.socialized) > 0n ? " neg" : ""}`, testid: "settlement-socialized", raw: s.socialized },
        formatAmount(s.socialized, decimals)),
      wadCell(s.share_price_before_wad, "settlement-price-before"),
      wadCell(s.share_price_after_wad, "settlement-price-after"),
      el("td", { class: `num${change < 0 ? " neg" : ""}` }, change === null ? "—" : formatBps(change)),
      el("td", {},
        s.frozen ? badge("froze pool", "bad") : null,
        s.breaker_tripped ? badge("tripped breaker", "bad") : null,
        problems.map((p) => badge(`⚠ ${p}`, "bad")),
      ),
    ];
  });
  fill(container, table({ columns, rows, rowAttrs: (i) => ({ testid: "settlement-row", "data-seq": settlements[i].seq }),
    empty: "no bad debt settled" }));
}

export function renderLiquidations(container, liquidations, decimals) {
  if (liquidations.error) return fill(container, el("p", { class: "error" }, liquidations.error));
  const columns = [
    { label: "slot" }, { label: "time (UTC)" }, { label: "position" }, { label: "liquidator" },
    { label: "coll. slot" }, { label: "repaid", num: true }, { label: "collateral out (raw)", num: true },
    { label: "fee", num: true }, { label: "debt before", num: true }, { label: "debt after", num: true },
    { label: "health before → after", num: true },
  ];
  // Newest first: the latest liquidations matter most during an incident.
  const rows = [...liquidations].reverse().map((l) => [
    textCell(formatSlot(l.slot), { title: l.signature }),
    textCell(formatTime(l.timestamp)),
    addrCell(l.position),
    addrCell(l.liquidator),
    textCell(String(l.collateral_slot)),
    amountCell(l.repaid, decimals),
    // Collateral mint decimals are not in the API: show base units of the collateral.
    el("td", { class: "num", raw: l.collateral_out }, formatAmount(l.collateral_out, 0)),
    amountCell(l.fee, decimals),
    amountCell(l.position_debt_before, decimals),
    amountCell(l.position_debt_after, decimals),
    el("td", { class: "num" }, `${formatHealth(l.health_before_wad)} → ${formatHealth(l.health_after_wad)}`),
  ]);
  fill(container, table({ columns, rows, rowAttrs: () => ({ testid: "liquidation-row" }), empty: "no liquidations" }));
}

export function renderStakers(container, stakers, decimals) {
  if (stakers.error) return fill(container, el("p", { class: "error" }, stakers.error));
  const amt = (raw) => formatAmount(raw, decimals);
  const summary = el(
    "div",
    { class: "kv" },
    el("span", {}, "fund balance ", el("b", { raw: stakers.fund_balance }, amt(stakers.fund_balance))),
    el("span", {}, "marked shortfall ", el("b", { raw: stakers.marked_shortfall }, amt(stakers.marked_shortfall))),
    el("span", {}, "total shares ", el("b", { raw: stakers.total_shares }, amt(stakers.total_shares))),
    el("span", {}, "protocol shares ", el("b", { raw: stakers.protocol_shares }, amt(stakers.protocol_shares))),
    el("span", {}, "in cooldown ", el("b", { raw: stakers.cooldown_shares }, amt(stakers.cooldown_shares))),
    el("span", {}, "share epoch ", el("b", {}, String(stakers.share_epoch))),
    el("span", {}, "coverage ", el("b", { testid: "stakers-coverage-ratio", raw: String(stakers.coverage_ratio_bps) },
      stakers.coverage_ratio_bps === null ? "no debt" : formatBps(stakers.coverage_ratio_bps))),
  );
  const columns = [
    { label: "staker" }, { label: "stake account" }, { label: "shares", num: true },
    { label: "in cooldown", num: true }, { label: "value now", num: true }, { label: "of fund", num: true },
  ];
  const rows = stakers.stakers.map((s) => {
    const share = ratioBps(s.shares, stakers.total_shares);
    return [
      addrCell(s.staker),
      addrCell(s.stake),
      amountCell(s.shares, decimals),
      amountCell(s.cooldown_shares, decimals),
      amountCell(s.value, decimals),
      el("td", { class: "num" }, formatBps(share)),
    ];
  });
  fill(container, summary, table({ columns, rows, rowAttrs: () => ({ testid: "staker-row" }), empty: "no stakers" }));
}

/** The LP exit queue: calm (exits are instant) or stressed (exits are requests, paid after
 * the exit delay), and the pending requests, oldest first. */
export function renderExits(container, exits, decimals) {
  if (exits.error) return fill(container, el("p", { class: "error" }, exits.error));
  const amt = (raw) => formatAmount(raw, decimals);
  const delay = exits.exit_delay_secs === null ? "?" : `${exits.exit_delay_secs} s`;
  const summary = el(
    "div",
    { class: "kv" },
    el("span", {}, "pool ", badge(exits.stressed ? "stressed" : "calm", exits.stressed ? "bad" : "good", { testid: "exits-state" })),
    el("span", {}, "uncovered marks ", el("b", { raw: exits.uncovered_shortfall }, amt(exits.uncovered_shortfall))),
    el("span", {}, "exit delay ", el("b", {}, delay)),
    el("span", {}, "shares in requests ", el("b", { raw: exits.pending_shares }, amt(exits.pending_shares))),
  );
  const columns = [
    { label: "owner" }, { label: "shares", num: true }, { label: "value at request", num: true }, { label: "matures" },
  ];
  const rows = exits.requests.map((r) => [
    addrCell(r.owner),
    amountCell(r.shares, decimals),
    amountCell(r.value_at_request, decimals),
    textCell(new Date(r.matures_ts * 1000).toISOString().replace(".000Z", "Z")),
  ]);
  fill(container, summary, table({ columns, rows, rowAttrs: () => ({ testid: "exit-row" }), empty: "no exit requests" }));
}

/** The live book under collateral price shocks (the indexer's scheduled stress): per shock,
 * the positions it makes liquidatable, the bad debt it leaves, how much of it the insurance
 * fund covers, and what the LPs would bear. */
export function renderStress(container, stress, decimals) {
  if (stress.error) return fill(container, el("p", { class: "error" }, stress.error));
  const amt = (raw) => formatAmount(raw, decimals);
  const summary = el(
    "div",
    { class: "kv" },
    el("span", {}, "insurance available ", el("b", { raw: stress.insurance_available }, amt(stress.insurance_available))),
    el("span", {}, "LP assets ", el("b", { raw: stress.lp_assets }, amt(stress.lp_assets))),
    el("span", {}, "at slot ", el("b", {}, formatSlot(stress.snapshot_slot))),
  );
  const columns = [
    { label: "shock" }, { label: "liquidatable", num: true }, { label: "bad debt", num: true },
    { label: "insurance covers", num: true }, { label: "LP loss", num: true },
  ];
  const rows = stress.shocks.map((r) => [
    textCell(`−${formatBps(r.shock_bps, 0)}`),
    textCell(String(r.positions_liquidatable)),
    amountCell(r.bad_debt, decimals),
    textCell(`${amt(r.insurance_covers)} (${formatBps(r.coverage_bps, 0)})`),
    textCell(`${r.lp_loss_bps} bps of LP assets`),
  ]);
  const rowAttrs = (i) => {
    const r = stress.shocks[i];
    return {
      testid: "stress-row",
      "data-shock-bps": String(r.shock_bps),
      "data-liquidatable": String(r.positions_liquidatable),
      "data-bad-debt": r.bad_debt,
      "data-lp-loss-bps": String(r.lp_loss_bps),
    };
  };
  fill(container, summary, table({ columns, rows, rowAttrs, empty: "no stress yet" }));
}

export function renderPositions(container, positions, decimals, limit = 10) {
  if (positions.error) return fill(container, el("p", { class: "error" }, positions.error));
  const columns = [
    { label: "position" }, { label: "owner" }, { label: "bucket" }, { label: "debt", num: true }, { label: "health", num: true },
  ];
  // The riskiest first: lowest health among positions that owe something.
  const risky = positions.positions
    .filter((p) => toBigInt(p.debt) > 0n)
    .sort((a, b) => {
      const ha = toBigInt(a.health_wad);
      const hb = toBigInt(b.health_wad);
      return ha < hb ? -1 : ha > hb ? 1 : 0;
    })
    .slice(0, limit);
  const rows = risky.map((p) => [
    addrCell(p.position),
    addrCell(p.owner),
    el("td", {}, el("span", { class: `bucket bucket-${p.bucket.replace(/\s+/g, "-")}` }, p.bucket)),
    amountCell(p.debt, decimals),
    el("td", { class: "num", raw: p.health_wad }, formatHealth(p.health_wad)),
  ]);
  fill(
    container,
    el("p", { class: "muted" }, `snapshot at slot ${formatSlot(positions.snapshot_slot)} · ${positions.positions.length} positions · riskiest ${rows.length} shown`),
    table({ columns, rows, empty: "no open debt" }),
  );
}
