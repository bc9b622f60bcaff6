// End-to-end check of the dashboard in Debian's Chromium, driven by playwright-core:
//
//   node dashboard/test/browser.mjs --url http://127.0.0.1:3030/?pool=<address> \
//        --expect expect.json [--screenshot page.png] [--timeout 60] [--viewport 1440x900]
//
// Waits until the page has rendered the pool at a slot ≥ expect.slot_at_least (live
// updates first, reloading if they do not arrive), then compares the page's data-raw
// values with the expect file to the unit, checks the reconciliation is green, a chart
// was drawn and the console stayed clean. Prints one JSON line; exits 1 on any failure.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Without the background-networking flags Chromium keeps dialing Google on this
// machine's closed network; a fresh profile keeps runs independent.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function parseArgs(argv) {
  const opts = { url: null, expect: null, screenshot: null, timeout: 60, viewport: { width: 1440, height: 900 } };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--url") opts.url = next();
    else if (a === "--expect") opts.expect = next();
    else if (a === "--screenshot") opts.screenshot = resolve(next());
    else if (a === "--timeout") opts.timeout = Number(next());
    else if (a === "--viewport") {
      const [width, height] = next().split("x").map(Number);
      opts.viewport = { width, height };
    }
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.url || !opts.expect) throw new Error("usage: browser.mjs --url URL --expect FILE [--screenshot PNG] [--timeout SECS] [--viewport WxH]");
  return opts;
}

function validateExpect(e) {
  const need = (cond, what) => {
    if (!cond) throw new Error(`expect file: ${what}`);
  };
  need(typeof e.pool === "string", "pool must be a string");
  need(Number.isInteger(e.slot_at_least), "slot_at_least must be an integer");
  need(Array.isArray(e.settlements), "settlements must be an array");
  need(e.books && typeof e.books === "object", "books must be an object");
  for (const [k, v] of Object.entries(e.books)) need(typeof v === "string", `books.${k} must be a decimal string`);
  return e;
}

const BOOK_IDS = { cash: "book-cash", total_debt: "book-total-debt", lp_assets: "book-lp-assets", lp_supply: "book-lp-supply" };
const SETTLEMENT_CELLS = {
  debt: "settlement-debt",
  covered: "settlement-covered",
  socialized: "settlement-socialized",
  share_price_before_wad: "settlement-price-before",
  share_price_after_wad: "settlement-price-after",
};

/** Wait for body[data-loaded] ≥ minSlot; give live updates 20 s before each reload. */
async function waitLoaded(page, minSlot, deadline) {
  let reloads = 0;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      const got = await page.evaluate(() => document.body.dataset.loaded ?? null);
      throw new Error(`page did not render slot ≥ ${minSlot} in time (body data-loaded = ${got})`);
    }
    try {
      await page.waitForFunction(
        (min) => document.body.dataset.loaded !== undefined && Number(document.body.dataset.loaded) >= min,
        minSlot,
        { timeout: Math.min(left, 20_000), polling: 200 },
      );
      return reloads;
    } catch (err) {
      if (!String(err.message).includes("Timeout")) throw err;
      if (Date.now() >= deadline) continue;
      reloads += 1;
      await page.reload({ waitUntil: "load" });
    }
  }
}

async function check(page, expect) {
  const failures = [];
  const fail = (msg) => failures.push(msg);

  const pool = await page.evaluate(() => document.body.dataset.pool);
  if (pool !== expect.pool) fail(`page shows pool ${pool}, expected ${expect.pool}`);

  const books = await page.evaluate(
    (ids) => Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, document.querySelector(`[data-testid="${id}"]`)?.dataset.raw ?? null])),
    BOOK_IDS,
  );
  for (const [k, want] of Object.entries(expect.books)) {
    if (!(k in BOOK_IDS)) fail(`expect.books.${k}: no such book value on the page`);
    else if (books[k] !== want) fail(`book ${k}: page ${books[k]}, expected ${want}`);
  }

  const rows = await page.$$eval(
    '[data-testid="settlement-row"]',
    (trs, cells) =>
      trs.map((tr) => {
        const out = { seq: tr.querySelector('[data-testid="settlement-seq"]')?.textContent.trim() ?? null };
        for (const [k, id] of Object.entries(cells)) out[k] = tr.querySelector(`[data-testid="${id}"]`)?.dataset.raw ?? null;
        return out;
      }),
    SETTLEMENT_CELLS,
  );
  if (rows.length !== expect.settlements.length) fail(`settlement rows: page ${rows.length}, expected ${expect.settlements.length}`);
  for (const want of expect.settlements) {
    const got = rows.find((r) => r.seq === String(want.seq));
    if (!got) {
      fail(`settlement seq ${want.seq}: no row`);
      continue;
    }
    for (const k of Object.keys(SETTLEMENT_CELLS)) {
      if (want[k] !== undefined && got[k] !== want[k]) fail(`settlement ${want.seq} ${k}: page ${got[k]}, expected ${want[k]}`);
    }
  }

  // the exit queue (when the expect file names it): calm or stressed, and its requests
  if (expect.exits) {
    const exits = await page.evaluate(() => ({
      state: document.querySelector('[data-testid="exits-state"]')?.textContent.trim() ?? null,
      rows: document.querySelectorAll('[data-testid="exit-row"]').length,
    }));
    const state = expect.exits.stressed ? "stressed" : "calm";
    if (exits.state !== state) fail(`exit queue: page ${exits.state}, expected ${state}`);
    if (exits.rows !== expect.exits.requests) fail(`exit requests: page ${exits.rows}, expected ${expect.exits.requests}`);
  }

  // the live book under shocks (when the expect file names it): each shock's row
  if (expect.stress) {
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="stress-row"]')].map((r) => ({
        shock_bps: r.dataset.shockBps, liquidatable: r.dataset.liquidatable,
        bad_debt: r.dataset.badDebt, lp_loss_bps: r.dataset.lpLossBps,
      })),
    );
    if (rows.length !== expect.stress.length) fail(`stress rows: page ${rows.length}, expected ${expect.stress.length}`);
    for (const [i, want] of expect.stress.entries()) {
      for (const k of Object.keys(want)) {
        if (rows[i]?.[k] !== want[k]) fail(`stress row ${i} ${k}: page ${rows[i]?.[k]}, expected ${want[k]}`);
      }
    }
  }

  const rec = await page.evaluate(() => {
    const n = document.querySelector('[data-testid="reconciliation"]');
    return n ? { state: n.dataset.state ?? null, text: n.innerText.trim().replace(/\s+/g, " ") } : null;
  });
  if (!rec) fail("no reconciliation element");
  else if (rec.state !== "ok" || !/^reconciled at slot/.test(rec.text)) fail(`reconciliation not ok: [${rec.state}] ${rec.text}`);

  // A drawn chart: a canvas with a size and at least some non-transparent pixels.
  const charts = await page.$$eval("canvas", (canvases) =>
    canvases.map((c) => {
      const r = c.getBoundingClientRect();
      let painted = false;
      try {
        const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < px.length; i += 4 * 7) if (px[i] !== 0) { painted = true; break; }
      } catch { /* not a 2d canvas */ }
      return { id: c.id || c.dataset.testid || "", w: r.width, h: r.height, painted };
    }),
  );
  const drawn = charts.filter((c) => c.w > 0 && c.h > 0 && c.painted);
  if (drawn.length === 0) fail(`no chart canvas drawn (${charts.length} canvases)`);

  return { failures, rows: rows.length, charts: { total: charts.length, drawn: drawn.length }, reconciliation: rec?.text ?? null };
}

async function main() {
  const started = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  const expect = validateExpect(JSON.parse(await readFile(opts.expect, "utf8")));
  const profile = await mkdtemp(join(tmpdir(), "dashboard-chromium-"));
  const consoleErrors = [];
  let context;
  let result;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: opts.viewport,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(`${msg.text()}${msg.location()?.url ? ` (${msg.location().url})` : ""}`);
    });
    page.on("pageerror", (err) => consoleErrors.push(`uncaught: ${err.message}`));

    await page.goto(opts.url, { waitUntil: "load" });
    const reloads = await waitLoaded(page, expect.slot_at_least, started + opts.timeout * 1000);
    const slot = Number(await page.evaluate(() => document.body.dataset.loaded));
    const checked = await check(page, expect);
    if (consoleErrors.length) checked.failures.push(`console errors: ${consoleErrors.join(" | ")}`);
    if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: true });
    result = {
      ok: checked.failures.length === 0,
      pool: expect.pool,
      slot,
      reloads,
      settlement_rows: checked.rows,
      books_checked: Object.keys(expect.books).length,
      charts_drawn: `${checked.charts.drawn}/${checked.charts.total}`,
      reconciliation: checked.reconciliation,
      console_errors: consoleErrors.length,
      screenshot: opts.screenshot,
      ms: Date.now() - started,
      ...(checked.failures.length ? { failures: checked.failures } : {}),
    };
  } catch (err) {
    if (opts.screenshot && context?.pages()[0]) await context.pages()[0].screenshot({ path: opts.screenshot, fullPage: true }).catch(() => {});
    result = { ok: false, pool: expect.pool, failures: [err.message.split("\n")[0]], console_errors: consoleErrors, ms: Date.now() - started };
  } finally {
    await context?.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result));
  if (!result.ok) {
    for (const f of result.failures) console.error(`dashboard browser test FAILED: ${f}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`dashboard browser test FAILED: ${err.message}`);
  process.exit(1);
});
