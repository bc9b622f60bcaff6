// The browser test against the fixture server, in one command (no Rust indexer needed):
//   node dashboard/test/fixture-e2e.mjs [--screenshot PNG]
// Needs dashboard/dist (scripts/build-dashboard.sh) and Chromium (scripts/setup-browser.sh).

import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "dashboard-e2e-"));
const expect = join(dir, "expect.json");

const server = spawn(process.execPath, [join(here, "fixture-server.mjs"), "--port", "0", "--expect-out", expect], {
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise((resolve, reject) => {
  let out = "";
  const timer = setTimeout(() => reject(new Error("fixture server did not start in 10 s")), 10_000);
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const m = out.match(/^listening (\S+)$/m);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.on("exit", (code) => reject(new Error(`fixture server exited with ${code}`)));
});

const test = spawn(process.execPath, [join(here, "browser.mjs"), "--url", url, "--expect", expect, ...process.argv.slice(2)], {
  stdio: "inherit",
});
const code = await new Promise((resolve) => test.on("exit", (c) => resolve(c ?? 1)));
server.kill("SIGTERM");
await rm(dir, { recursive: true, force: true });
process.exit(code);
