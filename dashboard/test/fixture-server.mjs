// A stand-in for lending-pool-indexer's HTTP API (docs/indexer-api.md), no dependencies:
// serves dashboard/dist at / and fixture JSON under /api, with an SSE stream that
// advances the first pool's slot every tick. For developing and testing the dashboard
// without the Rust indexer.
//
//   node dashboard/test/fixture-server.mjs [--port 0] [--dist dashboard/dist]
//        [--expect-out expect.json] [--tick-ms 2000] [--no-stream]
//
// Prints one line "listening <url>" (the url selects the crashed pool); --expect-out
// writes the browser test's expect file for it; --no-stream answers /api/stream with 503
// so the page's polling fallback can be exercised.

import { createServer } from "node:http";
import { readFile, writeFile } from "node:fs/promises";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildFixtures } from "./fixture-data.mjs";

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = { port: 0, host: "127.0.0.1", dist: resolve(here, "../dist"), expectOut: null, tickMs: 2000, stream: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--port") opts.port = Number(next());
    else if (a === "--host") opts.host = next();
    else if (a === "--dist") opts.dist = resolve(next());
    else if (a === "--expect-out") opts.expectOut = resolve(next());
    else if (a === "--tick-ms") opts.tickMs = Number(next());
    else if (a === "--no-stream") opts.stream = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

const SLOTS_PER_TICK = 150;
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml" };

const opts = parseArgs(process.argv.slice(2));
const fixtures = buildFixtures();
const byPool = new Map(fixtures.map((f) => [f.summary.pool, f]));
const live = fixtures[0]; // the pool whose slot advances
const clients = new Set();
let requests = 0;

function poolListItem(f) {
  const rec = f.summary.reconciliation;
  return { pool: f.summary.pool, base_mint: f.summary.base_mint, decimals: f.summary.decimals, last_slot: f.summary.last_slot, reconciled: rec.ok, alarm: !rec.ok };
}

function send(res, status, body, type = "application/json") {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(text);
}

async function serveStatic(res, pathname) {
  const rel = pathname === "/" ? "index.html" : normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, "");
  const file = join(opts.dist, rel);
  if (!file.startsWith(opts.dist) || rel.includes("..")) return send(res, 403, { error: "forbidden" });
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(body);
  } catch {
    send(res, 404, { error: `not found: ${pathname}` });
  }
}

function api(req, res, url) {
  const parts = url.pathname.split("/").filter(Boolean); // ["api", ...]
  if (parts[1] === "pools" && parts.length === 2) return send(res, 200, fixtures.map(poolListItem));
  if (parts[1] === "pools" && parts.length >= 3) {
    const f = byPool.get(decodeURIComponent(parts[2]));
    if (!f) return send(res, 404, { error: "unknown pool" });
    switch (parts[3]) {
      case undefined:
        return send(res, 200, f.summary);
      case "history": {
        // Newest `limit` points, oldest first.
        const limit = Number(url.searchParams.get("limit") ?? f.history.length);
        return send(res, 200, f.history.slice(-Math.max(0, limit)));
      }
      case "settlements":
        return send(res, 200, f.settlements);
      case "liquidations":
        return send(res, 200, f.liquidations);
      case "stakers":
        return send(res, 200, f.stakers);
      case "positions":
        return send(res, 200, f.positions);
      case "exits":
        return send(res, 200, f.exits);
      case "stress":
        return send(res, 200, f.stress);
      default:
        return send(res, 404, { error: "no such route" });
    }
  }
  if (parts[1] === "events") {
    const pool = url.searchParams.get("pool");
    const after = Number(url.searchParams.get("after_id") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 100);
    const all = fixtures.flatMap((f) => f.events).filter((e) => (!pool || e.pool === pool) && e.id > after);
    return send(res, 200, all.slice(0, limit));
  }
  if (parts[1] === "stream") {
    if (!opts.stream) return send(res, 503, { error: "stream disabled (--no-stream)" });
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    res.write("retry: 2000\n\n");
    clients.add(res);
    req.on("close", () => clients.delete(res));
    return;
  }
  send(res, 404, { error: "no such route" });
}

const server = createServer((req, res) => {
  requests += 1;
  const url = new URL(req.url, "http://fixture");
  if (req.method !== "GET") return send(res, 405, { error: "GET only" });
  if (url.pathname === "/healthz") return send(res, 200, "ok", "text/plain");
  if (url.pathname === "/metrics") {
    const lines = [
      "# TYPE indexer_http_requests_total counter",
      `indexer_http_requests_total ${requests}`,
      ...fixtures.map((f) => `indexer_last_slot{pool="${f.summary.pool}"} ${f.summary.last_slot}`),
    ];
    return send(res, 200, `${lines.join("\n")}\n`, "text/plain; version=0.0.4");
  }
  if (url.pathname.startsWith("/api/")) return api(req, res, url);
  return serveStatic(res, url.pathname);
});

// Each tick is an indexed batch without book-moving transactions: the slot and the
// reconciliation check advance, the books (and so the expect file) stay as they are.
const ticker = setInterval(() => {
  live.summary.last_slot += SLOTS_PER_TICK;
  live.summary.reconciliation.checked_slot = live.summary.last_slot;
  const msg = `event: update\ndata: ${JSON.stringify({ pool: live.summary.pool, slot: live.summary.last_slot })}\n\n`;
  for (const res of clients) res.write(msg);
}, opts.tickMs);

server.listen(opts.port, opts.host, async () => {
  const { port } = server.address();
  if (opts.expectOut) {
    const s = live.summary;
    const expect = {
      pool: s.pool,
      // Two ticks ahead: the page reaches it only through live updates (or a reload).
      slot_at_least: s.last_slot + 2 * SLOTS_PER_TICK,
      settlements: live.settlements.map((x) => ({
        seq: x.seq, debt: x.debt, covered: x.covered, socialized: x.socialized,
        share_price_before_wad: x.share_price_before_wad, share_price_after_wad: x.share_price_after_wad,
      })),
      books: { cash: s.books.cash, total_debt: s.books.total_debt, lp_assets: s.books.lp_assets, lp_supply: s.books.lp_supply },
      stress: live.stress.shocks.map((r) => ({
        shock_bps: String(r.shock_bps), liquidatable: String(r.positions_liquidatable),
        bad_debt: r.bad_debt, lp_loss_bps: String(r.lp_loss_bps),
      })),
    };
    await writeFile(opts.expectOut, `${JSON.stringify(expect, null, 2)}\n`);
  }
  console.log(`listening http://${opts.host}:${port}/?pool=${live.summary.pool}`);
});

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    clearInterval(ticker);
    for (const res of clients) res.end();
    server.close(() => process.exit(0));
  });
}
