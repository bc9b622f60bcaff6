#!/usr/bin/env python3
"""Checks docs/reference against the IDL (idl/lending_pool.json, itself checked against the
program): every instruction has a section whose accounts table lists the IDL's accounts in
order with the same signer and writable marks, and every event has a section whose table
lists the event's fields in order. The prose around the tables is written by hand; this
keeps the facts a client relies on from drifting. Exit 1 with each difference."""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDL = json.loads((ROOT / "idl/lending_pool.json").read_text())
ROW = re.compile(r"^\|(.*)\|\s*$")


def sections(text):
    """(heading, body lines) for every ### heading."""
    out, head, body = [], None, []
    for line in text.splitlines():
        if line.startswith("## ") or line.startswith("### "):
            if head is not None:
                out.append((head, body))
            head, body = (line if line.startswith("### ") else None), []
        elif head is not None:
            body.append(line)
    if head is not None:
        out.append((head, body))
    return out


def tables(body):
    """Every markdown table of a section, as (label, data rows): the label is the line
    introducing it (e.g. "`accept_admin`:"), when a section documents several instructions."""
    out, rows, label, last_text = [], None, "", ""
    for line in body + [""]:
        m = ROW.match(line.strip())
        if m:
            if rows is None:
                rows, label = [], last_text
            cells = [c.strip() for c in m.group(1).split("|")]
            if not all(set(c) <= set(":- ") for c in cells):
                rows.append(cells)
            continue
        if rows is not None:
            out.append((label, rows[1:]))  # without the header
            rows = None
        if line.strip():
            last_text = line.strip()
    return out


def table_for(body, name):
    """The table a section gives `name`: the one whose label names it, else the first."""
    found = tables(body)
    labelled = [rows for label, rows in found if label.endswith(":") and f"`{name}`" in label]
    if labelled:
        return labelled[0]
    return found[0][1] if found else []


def named(heading, name):
    return f"`{name}`" in heading


def flat_accounts(accounts):
    for a in accounts:
        if "accounts" in a:  # a nested group
            yield from flat_accounts(a["accounts"])
        else:
            yield a


def check_instructions(errors):
    secs = sections((ROOT / "docs/reference/instructions.md").read_text())
    for ix in IDL["instructions"]:
        found = [b for h, b in secs if named(h, ix["name"])]
        if not found:
            errors.append(f"instructions.md: no section for `{ix['name']}`")
            continue
        want = [
            (a["name"], bool(a.get("signer")), bool(a.get("writable")))
            for a in flat_accounts(ix["accounts"])
        ]
        got = [
            (r[1].strip("`"), r[2] == "yes", r[3] == "yes")
            for r in table_for(found[0], ix["name"])
            if len(r) >= 4
        ]
        if got != want:
            errors.append(
                f"instructions.md `{ix['name']}`: accounts differ from the IDL\n"
                f"  IDL:  {want}\n  docs: {got}"
            )


def check_events(errors):
    secs = sections((ROOT / "docs/reference/events.md").read_text())
    types = {t["name"]: t for t in IDL["types"]}
    for ev in IDL["events"]:
        found = [b for h, b in secs if named(h, ev["name"])]
        if not found:
            errors.append(f"events.md: no section for `{ev['name']}`")
            continue
        want = [f["name"] for f in types[ev["name"]]["type"]["fields"]]
        got = [r[0].strip("`") for r in table_for(found[0], ev["name"]) if r]
        if got != want:
            errors.append(
                f"events.md `{ev['name']}`: fields differ from the IDL\n"
                f"  IDL:  {want}\n  docs: {got}"
            )


def main():
    errors = []
    check_instructions(errors)
    check_events(errors)
    for e in errors:
        print(e, file=sys.stderr)
    n = (len(IDL["instructions"]), len(IDL["events"]))
    if errors:
        print(f"docs/reference: {len(errors)} differences from the IDL", file=sys.stderr)
        return 1
    print(f"docs/reference matches the IDL: {n[0]} instructions, {n[1]} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
