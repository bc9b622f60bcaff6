// The indexer's JSON API (docs/indexer-api.md) and its live-update stream. URLs are
// relative to the page so the dashboard works wherever the indexer mounts it.

const HISTORY_LIMIT = 1000;

export class ApiError extends Error {
  constructor(path, status, body) {
    super(`${path}: HTTP ${status}${body ? ` — ${body.slice(0, 200)}` : ""}`);
    this.path = path;
    this.status = status;
  }
}

export async function getJSON(path, { signal } = {}) {
  const res = await fetch(path, { headers: { accept: "application/json" }, cache: "no-store", signal });
  if (!res.ok) throw new ApiError(path, res.status, await res.text().catch(() => ""));
  return res.json();
}

export function fetchPools(opts) {
  return getJSON("api/pools", opts);
}

/**
 * Everything the page shows for one pool. The pool itself must load; each other section
 * may fail on its own (e.g. no positions snapshot yet) and comes back as `{ error }`.
 */
export async function fetchPoolData(pool, opts) {
  const base = `api/pools/${encodeURIComponent(pool)}`;
  const [summary, ...rest] = await Promise.allSettled([
    getJSON(base, opts),
    getJSON(`${base}/history?limit=${HISTORY_LIMIT}`, opts),
    getJSON(`${base}/settlements`, opts),
    getJSON(`${base}/liquidations`, opts),
    getJSON(`${base}/stakers`, opts),
    getJSON(`${base}/positions`, opts),
    getJSON(`${base}/exits`, opts),
    getJSON(`${base}/stress`, opts),
  ]);
  if (summary.status === "rejected") throw summary.reason;
  const [history, settlements, liquidations, stakers, positions, exits, stress] = rest.map((r) =>
    r.status === "fulfilled" ? r.value : { error: String(r.reason?.message ?? r.reason) },
  );
  return { summary: summary.value, history, settlements, liquidations, stakers, positions, exits, stress };
}

/**
 * Live updates: the SSE stream while it works, else polling. `onUpdate({pool, slot})` is
 * called per stream event; while polling it is called every `pollMs` with `{pool: null}`
 * ("anything may have changed"). After a stream error it polls and retries the stream
 * every `retryMs`, so a restarted indexer is picked up again.
 */
export function subscribeUpdates({ onUpdate, onMode = () => {}, pollMs = 5000, retryMs = 30000 }) {
  let source = null;
  let pollTimer = null;
  let retryTimer = null;
  let stopped = false;

  const startPolling = () => {
    if (pollTimer) return;
    onMode("polling");
    pollTimer = setInterval(() => onUpdate({ pool: null, slot: null }), pollMs);
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = null;
  };

  const connect = () => {
    if (stopped || typeof EventSource === "undefined") return startPolling();
    source = new EventSource("api/stream");
    source.addEventListener("open", () => {
      stopPolling();
      onMode("live");
      // Events may have been missed while disconnected: catch up once.
      onUpdate({ pool: null, slot: null });
    });
    source.addEventListener("update", (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return; // a malformed event is no reason to drop the stream
      }
      onUpdate(msg);
    });
    source.addEventListener("error", () => {
      // EventSource would retry on its own, but silently: close it and poll instead.
      source.close();
      source = null;
      startPolling();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, retryMs);
    });
  };

  connect();
  return () => {
    stopped = true;
    source?.close();
    stopPolling();
    clearTimeout(retryTimer);
  };
}
