#!/usr/bin/env python3
"""Whole-process wall time and peak memory of the vecmlp command, default backend against --backend scalar.

  python3 wall.py JAR README.md OUT.json [RUNS]

Cases: the main job's training command (scripts/run.sh) and every `scripts/vecmlp train|eval|predict` line of the
README's CLI examples, in their order (eval and predict read what train wrote). Each case runs RUNS times per
variant (default 5), the two variants interleaved and their order alternated each round, each variant in its own
working folder. The JVM is started as scripts/vecmlp starts it (--add-modules jdk.incubator.vector
-jar). Reported per case: the median wall time and peak resident memory of each variant, and the
median of the paired per-round ratios default / scalar with their median absolute deviation.
"""
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

MAIN_JOB = ("train --data spiral --samples 2000 --noise 0.1 --seed 1 --hidden 16,16 --activation tanh "
            "--optimizer adam --lr 0.01 --batch 32 --epochs 100 --save model.vmlp --metrics metrics.json")


def readme_examples(readme):
    text = open(readme).read()
    block = text.split("<!-- cli-examples:start -->")[1].split("<!-- cli-examples:end -->")[0]
    cases = []
    for line in block.splitlines():
        m = re.match(r"scripts/vecmlp (train|eval|predict) (.*)", line.strip())
        if m:
            cases.append(m.group(1) + " " + m.group(2))
    return cases


def run(java, jar, args, cwd):
    cmd = [java, "--add-modules", "jdk.incubator.vector", "-jar", jar] + args
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"wall: {' '.join(args)} failed ({proc.returncode}):\n{err.decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024.0  # MiB


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    jar, readme, out_path = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java")
    root = os.path.dirname(os.path.abspath(readme))
    cases = [("main job (scripts/run.sh train)", MAIN_JOB)] + [("README: " + c, c) for c in readme_examples(readme)]
    variants = {"default": [], "scalar": ["--backend", "scalar"]}
    samples = {(c, v): [] for c, _ in cases for v in variants}
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {}
        for v in variants:
            d = os.path.join(tmp, v)
            os.makedirs(d)
            os.symlink(os.path.join(root, "engine"), os.path.join(d, "engine"))  # the README's data paths
            dirs[v] = d
        for r in range(runs):
            order = list(variants) if r % 2 == 0 else list(reversed(variants))
            for name, line in cases:
                for v in order:
                    wall, rss = run(java, jar, shlex.split(line) + variants[v], dirs[v])
                    samples[(name, v)].append((wall, rss))
            print(f"wall: round {r + 1}/{runs} done", file=sys.stderr)
    results = []
    for name, line in cases:
        d, s = samples[(name, "default")], samples[(name, "scalar")]
        ratios = [a[0] / b[0] for a, b in zip(d, s)]
        ratio = statistics.median(ratios)
        results.append({
            "case": name, "command": "vecmlp " + line, "runs": runs,
            "default_seconds": statistics.median(x[0] for x in d), "scalar_seconds": statistics.median(x[0] for x in s),
            "default_peak_mib": statistics.median(x[1] for x in d), "scalar_peak_mib": statistics.median(x[1] for x in s),
            "ratio": ratio, "ratio_error": statistics.median(abs(x - ratio) for x in ratios),
            "default_samples": [x[0] for x in d], "scalar_samples": [x[0] for x in s]})
        print(f"wall: {name}: default/scalar {ratio:.2f} ± {results[-1]['ratio_error']:.2f}", file=sys.stderr)
    with open(out_path, "w") as f:
        json.dump({"jvm": java, "wall": results}, f, indent=1)


if __name__ == "__main__":
    main()
