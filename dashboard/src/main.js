// Wiring: choose the pool, load its data, render every section, keep it live.

import { fetchPoolData, fetchPools, subscribeUpdates } from "./api.js";
import { pruneWaterfalls, renderBucketChart, renderHistoryCharts, renderWaterfall } from "./charts.js";
import { $, el, fill } from "./dom.js";
import { formatSlot, formatWad, shortAddress } from "./format.js";
import {
  renderBooks,
  renderLedgerTotals,
  renderLiquidations,
  renderPositions,
  renderReconciliation,
  renderSettlements,
  renderStakers,
  renderExits,
  renderState,
  renderStress,
} from "./views.js";

const MAX_WATERFALLS = 8;

const ui = {
  select: $("#pool-select"),
  live: $("#live-status"),
  slot: $("#last-slot"),
  error: $("#error"),
};

let pools = [];
let selected = null;
let generation = 0; // bumped on pool switch so a stale response is never rendered
let lastRenderedKey = null; // the JSON last rendered: unchanged data is not redrawn
let inflight = null;
let again = false;

function showError(message) {
  ui.error.hidden = !message;
  ui.error.textContent = message ?? "";
}

function renderPoolOptions() {
  const known = new Set(pools.map((p) => p.pool));
  const options = pools.map((p) =>
    el("option", { value: p.pool, title: p.alarm ? `alarm: ${p.alarm}` : null },
      `${shortAddress(p.pool, 6)} · slot ${formatSlot(p.last_slot)}${p.reconciled === false || p.alarm ? " · ⚠ alarm" : ""}`),
  );
  // A ?pool= the indexer does not list yet is still tried (it may appear shortly).
  if (selected && !known.has(selected)) options.unshift(el("option", { value: selected }, `${shortAddress(selected, 6)} (not listed)`));
  fill(ui.select, options);
  if (selected) ui.select.value = selected;
}

/** One section's renderer failing must not blank the page: show it there and go on. */
function section(id, fn) {
  const node = $(`#${id}`);
  try {
    fn(node);
  } catch (err) {
    console.error(`rendering ${id}:`, err);
    fill(node, el("p", { class: "error" }, `could not render: ${err.message}`));
  }
}

function renderWaterfalls(container, settlements, decimals) {
  if (settlements.error || settlements.length === 0) {
    fill(container, el("p", { class: "muted" }, settlements.error ?? "no settlements: nothing written off"));
    pruneWaterfalls([]);
    return;
  }
  const shown = settlements.slice(-MAX_WATERFALLS); // in seq order, like the table
  const cards = shown.map((s) => {
    const canvas = el("canvas", { testid: "waterfall-chart", "aria-label": `settlement ${s.seq} waterfall` });
    const card = el(
      "figure",
      { class: "waterfall" },
      el("figcaption", {}, `#${s.seq} · slot ${formatSlot(s.slot)} · price ${formatWad(s.share_price_before_wad, 4)} → ${formatWad(s.share_price_after_wad, 4)}`),
      el("div", { class: "chart small" }, canvas),
    );
    return { s, canvas, card };
  });
  const note = settlements.length > shown.length ? el("p", { class: "muted" }, `latest ${shown.length} of ${settlements.length}`) : null;
  fill(container, note, el("div", { class: "waterfalls" }, cards.map((c) => c.card)));
  // Draw after insertion so Chart.js can measure the containers.
  for (const { s, canvas } of cards) renderWaterfall(s.seq, canvas, s, decimals);
  pruneWaterfalls(cards.map((c) => c.s.seq));
}

function render(data) {
  const { summary, history, settlements, liquidations, stakers, positions, exits, stress } = data;
  const d = summary.decimals;
  section("reconciliation", (n) => renderReconciliation(n, summary.reconciliation));
  section("state", (n) => renderState(n, summary.state));
  section("books", (n) => renderBooks(n, summary));
  section("ledger-totals", (n) => renderLedgerTotals(n, summary));
  section("settlements", (n) => renderSettlements(n, settlements, d));
  section("waterfalls", (n) => renderWaterfalls(n, settlements, d));
  section("history-charts", () => {
    if (history.error) throw new Error(history.error);
    renderHistoryCharts(
      { sharePrice: $("#chart-share-price"), rates: $("#chart-rates"), books: $("#chart-books") },
      history,
      d,
    );
  });
  section("positions-chart", () => {
    if (positions.error) throw new Error(positions.error);
    renderBucketChart($("#chart-buckets"), positions.buckets, d);
  });
  section("positions", (n) => renderPositions(n, positions, d));
  section("liquidations", (n) => renderLiquidations(n, liquidations, d));
  section("stakers", (n) => renderStakers(n, stakers, d));
  section("exits", (n) => renderExits(n, exits, d));
  section("stress", (n) => renderStress(n, stress, d));

  ui.slot.textContent = `slot ${formatSlot(summary.last_slot)}`;
  fill(
    $("#pool-meta"),
    el("span", {}, "pool ", el("code", {}, summary.pool)),
    el("span", {}, "base mint ", el("code", {}, summary.base_mint)),
    el("span", {}, `decimals ${d}`),
    el("span", {}, "last tx ", el("code", { title: summary.last_signature }, shortAddress(summary.last_signature, 8))),
  );
  document.title = `${shortAddress(summary.pool)} · lending pool risk`;
}

async function load() {
  const gen = generation;
  const pool = selected;
  if (!pool) return;
  const data = await fetchPoolData(pool);
  if (gen !== generation) return; // the user switched pools meanwhile
  const key = JSON.stringify(data);
  if (key !== lastRenderedKey) {
    render(data);
    lastRenderedKey = key;
  }
  showError(null);
  document.body.dataset.pool = pool;
  document.body.dataset.loaded = String(data.summary.last_slot);
}

/** Coalesce refresh requests: at most one load in flight, one more queued behind it. */
function refresh() {
  if (inflight) {
    again = true;
    return inflight;
  }
  inflight = (async () => {
    do {
      again = false;
      try {
        await load();
      } catch (err) {
        console.error("loading pool data:", err);
        showError(`Could not load ${shortAddress(selected)}: ${err.message}`);
      }
    } while (again);
  })().finally(() => {
    inflight = null;
  });
  return inflight;
}

async function refreshPools() {
  try {
    pools = await fetchPools();
    renderPoolOptions();
  } catch (err) {
    console.error("loading pools:", err);
    showError(`Could not load the pool list: ${err.message}`);
  }
}

function selectPool(pool) {
  if (pool === selected) return;
  selected = pool;
  generation += 1;
  lastRenderedKey = null;
  delete document.body.dataset.loaded;
  const url = new URL(window.location.href);
  url.searchParams.set("pool", pool);
  window.history.replaceState(null, "", url);
  renderPoolOptions();
  refresh();
}

let poolsTimer = null;
function refreshPoolsSoon() {
  clearTimeout(poolsTimer);
  poolsTimer = setTimeout(refreshPools, 1000);
}

async function start() {
  await refreshPools();
  const wanted = new URLSearchParams(window.location.search).get("pool");
  const initial = wanted || pools[0]?.pool;
  if (!initial) {
    showError("The indexer lists no pools yet.");
  } else {
    selectPool(initial);
  }
  ui.select.addEventListener("change", () => selectPool(ui.select.value));

  subscribeUpdates({
    onUpdate: ({ pool }) => {
      if (pool === null || pool === undefined) {
        // Polling, or the stream (re)connected: refresh everything.
        refreshPools().then(() => {
          if (!selected && pools[0]) selectPool(pools[0].pool);
        });
        refresh();
      } else if (pool === selected) {
        refresh();
        refreshPoolsSoon();
      } else {
        refreshPoolsSoon(); // keep the selector's slots and alarm marks current
      }
    },
    onMode: (mode) => {
      ui.live.textContent = mode === "live" ? "live" : "polling every 5 s";
      ui.live.className = `live-status live-${mode}`;
    },
  });
}

start();
