#!/usr/bin/env bash
# The map from each instruction of the program to its tests, in docs/testing.md (between the
# `test-map` markers): its module under tests/suite/instructions/, the tests there, and the
# tests elsewhere tagged `// also covers: <instruction>`.
#
#   ./scripts/test-map.sh           rewrite the table in docs/testing.md
#   ./scripts/test-map.sh --check   fail if the committed table is stale, an instruction has
#                                   no module or no test, a module is no instruction, or a
#                                   tag names no instruction
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DOC=docs/testing.md
SUITE=tests/suite
BEGIN='<!-- test-map:begin (scripts/test-map.sh writes this table) -->'
END='<!-- test-map:end -->'

# the program's instructions, in lib.rs order (the `#[program]` module's `pub fn`s)
instructions=$(sed -n '/^pub mod lending_pool {/,/^}/p' programs/lending-pool/src/lib.rs |
  grep -oE '^    pub fn [a-z_0-9]+' | awk '{print $3}')

# every test of the suite: `module<TAB>name<TAB>also-covered instructions (comma separated)`
# (a directory module's own tests first: `x/mod.rs` sorts as `x/`)
tests=$(find "$SUITE" -name '*.rs' | awk '{ k = $0; sub(/\/mod\.rs$/, "/", k); print k "\t" $0 }' |
  LC_ALL=C sort | cut -f2 | while read -r f; do
  module=${f#"$SUITE"/}
  module=${module%.rs}
  module=${module%/mod}
  awk -v m="${module//\//::}" '
    /^\/\/ also covers:/ { sub(/^\/\/ also covers: */, ""); gsub(/ /, ""); tags = $0; next }
    /^#\[(tokio::)?test/ { pending = 1; next }
    pending && match($0, /fn [a-z_0-9]+/) {
      printf "%s\t%s\t%s\n", m, substr($0, RSTART + 3, RLENGTH - 3), tags
      pending = 0; tags = ""
    }' "$f"
done)

problems=()
for d in "$SUITE"/instructions/*; do
  name=$(basename "$d" .rs)
  [ "$name" = mod ] && continue
  grep -qx "$name" <<<"$instructions" || problems+=("instructions/$name is no instruction of lib.rs")
done
while IFS=$'\t' read -r module name tags; do
  for t in ${tags//,/ }; do
    grep -qx "$t" <<<"$instructions" || problems+=("$module::$name: \`also covers: $t\` names no instruction")
  done
done <<<"$tests"

# the instructions' own modules and tests
for ix in $instructions; do
  [ -d "$SUITE/instructions/$ix" ] || [ -f "$SUITE/instructions/$ix.rs" ] ||
    problems+=("$ix has no module in $SUITE/instructions")
  grep -qE "^instructions::$ix(::[a-z_0-9]+)*"$'\t' <<<"$tests" ||
    problems+=("$ix has no test of its own")
done

table() {
  echo '| Instruction | Module | Its tests | Also covered by |'
  echo '|---|---|---|---|'
  for ix in $instructions; do
    local link own also
    if [ -d "$SUITE/instructions/$ix" ]; then
      link="[\`instructions/$ix/\`](../$SUITE/instructions/$ix/)"
    else
      link="[\`instructions/$ix.rs\`](../$SUITE/instructions/$ix.rs)"
    fi
    # a submodule's tests are named from the instruction's module (`attacks::name`)
    own=$(awk -F'\t' -v m="instructions::$ix" '$1 == m || index($1, m "::") == 1 {
      sub("^" m "(::)?", "", $1); printf "%s`%s%s`", n++ ? "<br>" : "", ($1 == "" ? "" : $1 "::"), $2 }' <<<"$tests")
    also=$(awk -F'\t' -v ix="$ix" '{ n = split($3, t, ","); for (i = 1; i <= n; i++) if (t[i] == ix)
      printf "%s`%s::%s`", k++ ? "<br>" : "", $1, $2 }' <<<"$tests")
    echo "| \`$ix\` | $link | ${own:-—} | ${also:-—} |"
  done
  echo
  echo "$(grep -c '^instructions::' <<<"$tests") tests in instruction modules," \
    "$(grep -c '^stories::' <<<"$tests") in stories."
}

generated=$(table)
current=$(awk -v b="$BEGIN" -v e="$END" '$0 == e { inside = 0 } inside { print } $0 == b { inside = 1 }' "$DOC")

if [ "${1:-}" = --check ]; then
  status=0
  for p in ${problems[@]+"${problems[@]}"}; do echo "test-map: $p" >&2; status=1; done
  if [ "$generated" != "$current" ]; then
    diff <(echo "$current") <(echo "$generated") >&2 || true
    echo "test-map: $DOC is stale: run ./scripts/test-map.sh" >&2
    status=1
  fi
  exit $status
fi

for p in ${problems[@]+"${problems[@]}"}; do echo "test-map: warning: $p" >&2; done
grep -qxF "$BEGIN" "$DOC" && grep -qxF "$END" "$DOC" || {
  echo "test-map: $DOC lacks the markers $BEGIN / $END" >&2
  exit 1
}
tmp=$(mktemp)
awk -v b="$BEGIN" -v e="$END" -v t="$generated" '
  $0 == b { print; print t; skip = 1; next }
  $0 == e { skip = 0 }
  !skip { print }' "$DOC" >"$tmp"
cat "$tmp" >"$DOC"
rm "$tmp"
echo "test-map: wrote the table in $DOC"
