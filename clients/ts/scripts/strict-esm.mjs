// Post-processing of the renderer's output so the generated client is a valid Node ESM
// module tree that `tsc --strict` accepts (`npm run build` compiles it to dist/ and
// `npm run typecheck` checks it; `generate.mjs` applies this to every render, so CI's diff
// of src/generated still compares generator output with the committed files):
//
// 1. Explicit import paths. renderers-js 2.2.0 writes extensionless and directory imports
//    (`from "../types"`, `from "."`), which bundlers resolve but Node's ESM loader and
//    `moduleResolution: nodenext` do not. Every relative import becomes the file it means
//    (`"../types/index.ts"`), like the hand-written sources; tsc's
//    `rewriteRelativeImportExtensions` turns `.ts` into `.js` in the emitted JavaScript.
// 2. The program plugin's return type. The renderer targets @solana/kit 6, where
//    `extendClient` returned `Omit<T, K> & A`; kit 8 (which litesvm requires) returns
//    `ExtendedClient<T, A>`, a flattened mapped type that `tsc --strict` will not assign to
//    the old annotation (TS2322). The annotation is rewritten to kit 8's type. If a renderer
//    upgrade changes that code, this fails loudly rather than silently skipping the patch.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { format } from "prettier";

const IMPORT = /(\bfrom\s+)(["'])(\.\.?(?:\/[^"']*)?)\2/g;
const OLD_PLUGIN_TYPE = /\): Omit<T, "(\w+)"> & \{ \1: (\w+) \} =>/g;

/** Every `.ts` file under `dir`, recursively. */
function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** The file a relative specifier in `file` means: `x.ts` or `x/index.ts`. */
function explicitPath(file, spec) {
  if (spec.endsWith(".ts")) return spec;
  const base = spec === "." || spec === ".." ? `${spec}/index` : spec;
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) {
    if (existsSync(join(dirname(file), candidate))) return candidate;
  }
  throw new Error(`${file}: cannot resolve import "${spec}"`);
}

function withExplicitImports(file, code) {
  return code.replace(IMPORT, (_, from, quote, spec) => `${from}${quote}${explicitPath(file, spec)}${quote}`);
}

function withKit8PluginType(file, code) {
  if (!code.includes("extendClient(")) return code;
  let patched = code.replace(OLD_PLUGIN_TYPE, (_, key, plugin) => `): ExtendedClient<T, { ${key}: ${plugin} }> =>`);
  if (patched === code) {
    if (code.includes("ExtendedClient<")) return code;
    throw new Error(`${file}: the renderer's plugin return type changed; review scripts/strict-esm.mjs`);
  }
  patched = patched.replace(/\n\} from "@solana\/kit";/, '\n  type ExtendedClient,\n} from "@solana/kit";');
  if (!patched.includes("type ExtendedClient,")) throw new Error(`${file}: no @solana/kit import to extend`);
  return patched;
}

/** Applies both fixes to every file under `folder`, re-formatting the files it changed
 * with prettier's defaults (the renderer's own formatting). */
export async function makeStrictEsm(folder) {
  for (const file of tsFiles(folder)) {
    const code = readFileSync(file, "utf8");
    const fixed = withKit8PluginType(file, withExplicitImports(file, code));
    if (fixed !== code) writeFileSync(file, await format(fixed, { filepath: file }));
  }
}
