#!/usr/bin/env python3
"""Prints each profile's hottest frames by self time, and for the system copies and fills which engine method calls
them, from the collapsed stacks scripts/profile.sh wrote. Usage: python3 summarise.py (in this folder)."""
import collections
import glob
import os

here = os.path.dirname(os.path.abspath(__file__))
for path in sorted(glob.glob(os.path.join(here, "profiles", "*", "*", "collapsed-*.csv"))):
    label = path.split(os.sep)[-3]
    leaf = collections.Counter()
    callers = collections.defaultdict(collections.Counter)
    total = 0
    for line in open(path):
        stack, n = line.rsplit(" ", 1)
        n = int(n)
        frames = stack.split(";")
        total += n
        leaf[frames[-1]] += n
        ours = [f for f in frames if f.startswith("org/vecmlp")]
        callers[frames[-1]][ours[-1] if ours else "(outside vecmlp)"] += n
    print(f"## {label}: {total} samples")
    for frame, n in leaf.most_common(10):
        top = callers[frame].most_common(1)[0][0]
        print(f"  {100 * n / total:5.1f}%  {frame}   <- {top}")
    print()
