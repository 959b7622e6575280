#!/usr/bin/env python3
"""Copies a report's summary into README.md between <!-- MARKER:start --> and <!-- MARKER:end -->.

Usage: readme-block.py README MARKER SUMMARY [LINK]
  LINK, a path relative to the README (e.g. reports/2026-12-02-spark-zen3/spark-summary.md), puts the line
  "From [`DIR/`](LINK):" and a blank line before the summary, DIR being LINK's folder; without it the summary is
  copied as it is (bench-summary.md writes its own From line). ReadmeFiguresTest holds the block and the file equal.
"""
import os
import re
import sys

readme, marker, summary_file = sys.argv[1:4]
summary = open(summary_file).read().strip()
if len(sys.argv) > 4:
    link = sys.argv[4]
    summary = "From [`" + os.path.dirname(link) + "/`](" + link + "):\n\n" + summary
text = open(readme).read()
start, end = "<!-- " + marker + ":start -->", "<!-- " + marker + ":end -->"
new, n = re.subn(re.escape(start) + r".*?" + re.escape(end), lambda m: start + "\n" + summary + "\n" + end, text,
                 flags=re.S)
if n != 1:
    sys.exit(readme + " has no " + marker + " block")
open(readme, "w").write(new)
print(readme + ": the " + marker + " block now comes from " + summary_file, file=sys.stderr)
