// Chart.js charts. Plotted values are approximate Numbers; each point keeps the API's raw
// string so tooltips show the exact amount. Charts are created once and updated in place.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { amountToNumber, bpsToPercent, formatAmount, formatSlot, formatTime, formatWad, wadToNumber } from "./format.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);
// No animation: live refreshes should not flicker, and screenshots see finished charts.
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'; // as style.css
Chart.defaults.color = "#475569";

export const COLORS = {
  debt: "#dc2626",
  cash: "#2563eb",
  insurance: "#059669",
  pending: "#34d399",
  socialized: "#b91c1c",
  price: "#7c3aed",
  utilization: "#d97706",
  rate: "#0891b2",
  bucketDebt: "#4f46e5",
};

const BUCKET_COLORS = {
  underwater: "#7f1d1d",
  liquidatable: "#dc2626",
  "at risk": "#f59e0b",
  watch: "#facc15",
  safe: "#16a34a",
  "no debt": "#cbd5e1",
};

const charts = new Map();

/** Create the chart on first use, else swap its data and redraw without animation. */
function upsert(key, canvas, config) {
  const existing = charts.get(key);
  if (existing && existing.canvas === canvas) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update("none");
    return existing;
  }
  existing?.destroy();
  const chart = new Chart(canvas, config);
  charts.set(key, chart);
  return chart;
}

/** Drop charts whose key is no longer shown (e.g. another pool's settlements). */
function prune(prefix, keep) {
  for (const [key, chart] of charts) {
    if (key.startsWith(prefix) && !keep.has(key)) {
      chart.destroy();
      charts.delete(key);
    }
  }
}

/** A linear slot axis that ends where the data does (no "nice" padding past the last slot). */
function slotAxis(rows) {
  return {
    type: "linear",
    min: rows[0]?.slot,
    max: rows[rows.length - 1]?.slot,
    title: { display: true, text: "slot" },
    ticks: { callback: (v) => formatSlot(Math.round(v)), maxTicksLimit: 4, maxRotation: 0 },
  };
}

function historyTooltip(format) {
  return {
    mode: "index",
    intersect: false,
    callbacks: {
      title: (items) => {
        const p = items[0]?.raw;
        return p ? `slot ${formatSlot(p.x)} · ${formatTime(p.t)} UTC` : "";
      },
      label: (item) => `${item.dataset.label}: ${format(item.raw)}`,
    },
  };
}

function line(label, color, points, extra = {}) {
  return { label, data: points, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0, stepped: "before", ...extra };
}

/** Share price, rates and books over time, from `/history`. */
export function renderHistoryCharts({ sharePrice, rates, books }, history, decimals) {
  const rows = [...history].sort((a, b) => a.slot - b.slot);
  const pt = (h, y, raw) => ({ x: h.slot, y, raw, t: h.timestamp });

  upsert("history:price", sharePrice, {
    type: "line",
    data: { datasets: [line("share price", COLORS.price, rows.map((h) => pt(h, wadToNumber(h.share_price_wad), h.share_price_wad)))] },
    options: {
      scales: { x: slotAxis(rows), y: { title: { display: true, text: "base units per LP unit" } } },
      plugins: { legend: { display: false }, tooltip: historyTooltip((p) => formatWad(p.raw)) },
    },
  });

  upsert("history:rates", rates, {
    type: "line",
    data: {
      datasets: [
        line("utilization", COLORS.utilization, rows.map((h) => pt(h, bpsToPercent(h.utilization_bps), h.utilization_bps))),
        line("borrow rate", COLORS.rate, rows.map((h) => pt(h, bpsToPercent(h.borrow_rate_bps), h.borrow_rate_bps))),
      ],
    },
    options: {
      scales: { x: slotAxis(rows), y: { min: 0, title: { display: true, text: "%" }, ticks: { callback: (v) => `${v}%` } } },
      plugins: { tooltip: historyTooltip((p) => `${(p.raw / 100).toFixed(2)}%`) },
    },
  });

  const amountPoints = (field) => rows.map((h) => pt(h, amountToNumber(h[field], decimals), h[field]));
  upsert("history:books", books, {
    type: "line",
    data: {
      datasets: [
        line("cash", COLORS.cash, amountPoints("cash")),
        line("total debt", COLORS.debt, amountPoints("total_debt")),
        line("insurance", COLORS.insurance, amountPoints("insurance_balance")),
      ],
    },
    options: {
      scales: { x: slotAxis(rows), y: { min: 0, title: { display: true, text: "tokens" } } },
      plugins: { tooltip: historyTooltip((p) => formatAmount(p.raw, decimals)) },
    },
  });
}

/** Positions by health bucket: count (bars, left axis) and debt (bars, right axis). */
export function renderBucketChart(canvas, buckets, decimals) {
  upsert("positions:buckets", canvas, {
    type: "bar",
    data: {
      labels: buckets.map((b) => b.label),
      datasets: [
        {
          label: "positions",
          data: buckets.map((b) => b.count),
          backgroundColor: buckets.map((b) => BUCKET_COLORS[b.label] ?? "#64748b"),
          yAxisID: "y",
        },
        {
          label: "debt",
          data: buckets.map((b) => ({ x: b.label, y: amountToNumber(b.debt, decimals), raw: b.debt })),
          backgroundColor: "rgba(79, 70, 229, 0.3)",
          borderColor: COLORS.bucketDebt,
          borderWidth: 1,
          yAxisID: "y1",
        },
      ],
    },
    options: {
      scales: {
        y: { beginAtZero: true, title: { display: true, text: "positions" }, ticks: { precision: 0 } },
        y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "debt (tokens)" } },
      },
      plugins: {
        // The count bars are coloured by bucket, so the default legend swatch would lie.
        legend: {
          labels: {
            generateLabels: (chart) => [
              { text: "positions (colour: bucket)", fillStyle: "#94a3b8", strokeStyle: "#94a3b8", datasetIndex: 0, hidden: !chart.isDatasetVisible(0) },
              { text: "debt", fillStyle: "rgba(79, 70, 229, 0.3)", strokeStyle: COLORS.bucketDebt, lineWidth: 1, datasetIndex: 1, hidden: !chart.isDatasetVisible(1) },
            ],
          },
        },
        tooltip: {
          callbacks: {
            label: (item) =>
              item.dataset.yAxisID === "y1" ? `debt: ${formatAmount(item.raw.raw, decimals)}` : `positions: ${item.raw}`,
          },
        },
      },
    },
  });
}

/**
 * One waterfall per settlement as floating bars: the debt written off, what insurance
 * covered (pending claim, then vault), and the rest socialized to LPs — each bar starts
 * where the previous one ended, so the last bar lands on zero.
 */
export function renderWaterfall(key, canvas, s, decimals) {
  const n = (raw) => amountToNumber(raw, decimals);
  const debt = n(s.debt);
  const afterPending = debt - n(s.from_pending);
  const afterVault = afterPending - n(s.from_insurance_vault);
  const steps = [
    // Two-line labels: one line each would have to rotate in a small card.
    { label: "debt", range: [0, debt], raw: s.debt, color: COLORS.debt },
    { label: ["insurance", "pending"], range: [afterPending, debt], raw: s.from_pending, color: COLORS.pending },
    { label: ["insurance", "vault"], range: [afterVault, afterPending], raw: s.from_insurance_vault, color: COLORS.insurance },
    { label: ["socialized", "to LPs"], range: [0, afterVault], raw: s.socialized, color: COLORS.socialized },
  ];
  upsert(`waterfall:${key}`, canvas, {
    type: "bar",
    data: {
      labels: steps.map((st) => st.label),
      datasets: [{ data: steps.map((st) => st.range), backgroundColor: steps.map((st) => st.color), borderSkipped: false }],
    },
    options: {
      scales: { y: { beginAtZero: true, title: { display: true, text: "tokens" } } },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => [steps[items[0].dataIndex].label].flat().join(" "),
            label: (item) => formatAmount(steps[item.dataIndex].raw, decimals),
          },
        },
      },
    },
  });
}

export function pruneWaterfalls(keepKeys) {
  prune("waterfall:", new Set(keepKeys.map((k) => `waterfall:${k}`)));
}
