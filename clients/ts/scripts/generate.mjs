// Generates src/generated from the committed Anchor IDL with Codama (`npm run generate`; CI
// regenerates and fails if the committed client differs).
//
// Versions: the registry mirror this project installs from lacks some of the newest
// @codama/* releases, so package.json pins the core packages to 1.9.0 (the newest set that
// installs together and matches @codama/renderers-js 2.2.0) and this script drives the
// visitors directly instead of through the `codama` umbrella package.
//
// Events: nodes-from-anchor turns the IDL's events into `eventNode`s (and drops their
// structs from the defined types), but renderers-js 2.2.0 renders no events. So each event
// is rendered as a defined type of its own name (`LpDeposited`, `getLpDepositedDecoder`, …)
// whose codec is the event's wire format, the 8-byte discriminator included (a hidden
// prefix: the decoder rejects any other event's bytes); and `events.ts` lists every
// event's discriminator for dispatch. Both come from the IDL, so a new or changed event
// shows up in CI's diff of src/generated like any instruction.
//
// Then `strict-esm.mjs` makes every relative import explicit (Node ESM, `tsc`'s nodenext
// resolution) and fixes the one type kit 8 changed under the renderer (`tsc --strict`).
import { rootNodeFromAnchor } from "@codama/nodes-from-anchor";
import renderVisitor from "@codama/renderers-js";
import { visit } from "@codama/visitors-core";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { eventsModule } from "./events-module.mjs";
import { makeStrictEsm } from "./strict-esm.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const idl = JSON.parse(readFileSync(join(here, "../../../idl/lending_pool.json"), "utf8"));
const root = rootNodeFromAnchor(idl);
const docsOf = (name) => idl.types.find((t) => t.name === name)?.docs ?? [];
const eventTypes = root.program.events.map((event, i) => ({
  kind: "definedTypeNode",
  name: event.name,
  type: event.data,
  docs: docsOf(idl.events[i].name),
}));
const withEvents = {
  ...root,
  program: { ...root.program, definedTypes: [...root.program.definedTypes, ...eventTypes] },
};
await visit(
  withEvents,
  renderVisitor(join(here, ".."), {
    generatedFolder: "src/generated",
    deleteFolderBeforeRendering: true,
    formatCode: true,
    // everything from @solana/kit (the version litesvm uses too); package.json is ours
    kitImportStrategy: "rootOnly",
    syncPackageJson: false,
  }),
);
writeFileSync(join(here, "../src/generated/events.ts"), eventsModule(idl.events));
await makeStrictEsm(join(here, "../src/generated"));
console.log("generated src/generated from idl/lending_pool.json");
