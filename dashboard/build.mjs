// `npm run build`: bundle src/main.js (with Chart.js) into dist/app.js and copy the page.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: [join(root, "src/main.js")],
  outfile: join(dist, "app.js"),
  bundle: true,
  // A classic deferred script, not a module: modules demand a JavaScript MIME type from
  // the server, and the indexer's static handler should not have to get that right.
  format: "iife",
  target: "es2020", // BigInt literals need es2020
  minify: true,
  sourcemap: false,
  keepNames: true, // readable class names in console errors
  legalComments: "eof", // keep the Chart.js licence notice in the bundle
  logLevel: "warning",
});
await copyFile(join(root, "index.html"), join(dist, "index.html"));
await copyFile(join(root, "style.css"), join(dist, "style.css"));
