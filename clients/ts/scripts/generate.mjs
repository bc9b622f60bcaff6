// Generates src/generated from the committed Anchor IDL with Codama (`npm run generate`; CI
// regenerates and fails if the committed client differs).
//
// Versions: the registry mirror this project installs from lacks some of the newest
// @codama/* releases, so package.json pins the core packages to 1.9.0 (the newest set that
// installs together and matches @codama/renderers-js 2.2.0) and this script drives the
// visitors directly instead of through the `codama` umbrella package.
import { rootNodeFromAnchor } from "@codama/nodes-from-anchor";
import renderVisitor from "@codama/renderers-js";
import { visit } from "@codama/visitors-core";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const idl = JSON.parse(readFileSync(join(here, "../../../idl/lending_pool.json"), "utf8"));
await visit(
  rootNodeFromAnchor(idl),
  renderVisitor(join(here, ".."), {
    generatedFolder: "src/generated",
    deleteFolderBeforeRendering: true,
    formatCode: true,
    // everything from @solana/kit (the version litesvm uses too); package.json is ours
    kitImportStrategy: "rootOnly",
    syncPackageJson: false,
  }),
);
console.log("generated src/generated from idl/lending_pool.json");
