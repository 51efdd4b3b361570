#!/usr/bin/env python3
"""Verify a Cordon incident timeline without Cordon (docs/timeline-hash.md).

Usage: cordon incidents show ID --json > incident.json
       python3 verify_timeline.py incident.json      (or - for standard input)

Exit 0 and "intact: N entries" when every entry's hash matches its content and every link
holds; exit 1 naming the first entry that does not. Standard library only.
"""
import hashlib
import json
import sys
from datetime import datetime, timezone

GENESIS = "0" * 64


def millis(text):
    """An RFC 3339 time as Cordon hashes it: UTC, milliseconds, 'Z'."""
    t = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def hashed(e):
    """The exact bytes Cordon hashes, in layout v1 (a chain) or v2 (a DAG)."""
    fields = [
        ("v", 2 if e.get("parents") else 1),
        ("incident", e["incident_id"]),
        ("seq", e["seq"]),
        ("occurred_at", millis(e["occurred_at"])),
        ("recorded_at", millis(e["recorded_at"])),
        ("author", e["author"]),
        ("kind", e["kind"]),
        ("text", e["text"]),
        ("client_visible", e["client_visible"]),
        ("technique", e.get("technique")),
        ("corrects", e.get("corrects")),
    ]
    fields.append(("parents", sorted(e["parents"])) if e.get("parents") else ("prev", e["prev_hash"]))
    text = json.dumps(dict(fields), separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify(entries):
    entries = sorted(entries, key=lambda e: (e["seq"], e["hash"]))
    by_hash = {e["hash"]: e for e in entries}
    v1_prev, v1_seq = GENESIS, 0
    for e in entries:
        n = e["seq"]
        if not e.get("parents"):
            if n != v1_seq + 1:
                return "entry %d is missing: the timeline jumps to entry %d" % (v1_seq + 1, n)
            if e["prev_hash"] != v1_prev:
                return "entry %d does not point back to entry %d" % (n, n - 1)
        else:
            seqs = []
            for p in e["parents"]:
                if p in by_hash and by_hash[p]["seq"] < n:
                    seqs.append(by_hash[p]["seq"])
                elif p == GENESIS and len(e["parents"]) == 1:
                    seqs.append(0)
                else:
                    return "entry %d does not point back to the entries it followed" % n
            if e["parents"] != sorted(e["parents"]) or e["prev_hash"] != " ".join(e["parents"]):
                return "entry %d does not point back to the entries it followed" % n
            if max(seqs) + 1 != n:
                return "entry %d is out of place" % n
        if hashed(e) != e["hash"]:
            return "entry %d was changed after it was recorded" % n
        if not e.get("parents"):
            v1_prev, v1_seq = e["hash"], n
    return None


def main():
    source = sys.stdin if sys.argv[1:] in ([], ["-"]) else open(sys.argv[1], encoding="utf-8")
    data = json.load(source)
    entries = data["timeline"] if isinstance(data, dict) else data
    broken = verify(entries)
    if broken:
        print("broken: " + broken)
        return 1
    print("intact: %d entries" % len(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
