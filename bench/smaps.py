#!/usr/bin/env python3
"""Sums a /proc/PID/smaps copy by kind of mapping, to see where a resident set lies.

    python3 bench/smaps.py SMAPS [BINARY_NAME]

`bench/footprint.sh --smaps FILE` writes such a copy of the daemon's smaps at the end of
its window. Kinds: the program's own code (executable pages of BINARY_NAME, "soleus" by
default), its read-only data and its writable data; each shared library the same way;
the heap; anonymous mappings (thread stacks and allocator arenas); the main stack; the
rest (vdso, vvar). Columns in KiB: Rss, Pss, private dirty, anonymous.
"""

import sys
from collections import OrderedDict


def kind(name, perms, binary):
    base = name.rsplit("/", 1)[-1]
    if name == "[heap]":
        return "heap"
    if name == "[stack]":
        return "main stack"
    if name.startswith("["):
        return name
    if not name:
        return "anonymous (stacks, arenas)"
    what = "code" if "x" in perms else ("data" if "w" in perms else "read-only")
    owner = "soleus" if base == binary else base
    return f"{owner} {what}"


def main():
    path = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "soleus"
    totals = OrderedDict()
    current = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if "-" in parts[0] and not parts[0].endswith(":"):
                name = parts[5] if len(parts) > 5 else ""
                current = totals.setdefault(kind(name, parts[1], binary), [0, 0, 0, 0, 0])
                current[4] += 1
            elif parts[0] in ("Rss:", "Pss:", "Private_Dirty:", "Anonymous:") and current:
                index = ("Rss:", "Pss:", "Private_Dirty:", "Anonymous:").index(parts[0])
                current[index] += int(parts[1])
    print(f"{'kind':36} {'rss':>6} {'pss':>6} {'dirty':>6} {'anon':>6} maps")
    for name, (rss, pss, dirty, anon, maps) in sorted(totals.items(), key=lambda kv: -kv[1][0]):
        if rss:
            print(f"{name:36} {rss:6} {pss:6} {dirty:6} {anon:6} {maps:4}")
    sums = [sum(v[i] for v in totals.values()) for i in range(4)]
    print(f"{'total':36} {sums[0]:6} {sums[1]:6} {sums[2]:6} {sums[3]:6}")


if __name__ == "__main__":
    main()
