#!/usr/bin/env python3
"""Yardsticks measured in the same run as the JMH suite, written as JSON for the report tool.

  python3 baselines.py gemm OUT.json [SHAPE...]   OpenBLAS sgemm through numpy (single thread), the GemmBench shapes
                                        (or the ones named, e.g. 512x512x512) in the three layouts
  python3 baselines.py torch OUT.json T [WORKLOAD...]   PyTorch CPU training steps on the TrainStepBench workloads
                                        (or the ones named) on T threads,
                                        added to OUT.json; run it with OPENBLAS_NUM_THREADS=T so BLAS uses as many
  python3 baselines.py torch-gemm OUT.json T   PyTorch's CPU sgemm (torch.mm, NN) at 1024^3 and 2048^3 on T threads,
                                        added to OUT.json (the scaling run's yardstick)
  python3 baselines.py infer OUT.json T [numpy]   inference on the InferenceBench networks (mnist 784-256-128-10,
                                        wide 1024-1024-1024-10) at batch 1, 16 and 1024 on T threads: PyTorch eager
                                        and TorchScript (traced, frozen) under inference_mode, and with `numpy` also
                                        three matmuls + bias + ReLU + softmax in numpy; added to OUT.json. Each call is
                                        timed on its own: median, 99th percentile and the median absolute deviation.

Each figure is the median of 7 timed samples (each at least 0.2 s of repeated calls) with the median absolute
deviation as its error, so it reads like JMH's medians.
"""
import json
import os
import statistics
import sys
import time

SHAPES = ["64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "128x784x256",
          "784x128x256", "128x256x784", "256x1024x1024", "2048x2048x2048", "16x2x8", "16x8x8"]


def measure(fn, min_seconds=0.2, samples=7):
    fn()
    reps = 1
    while True:  # find a repeat count that takes at least min_seconds
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        elapsed = time.perf_counter() - t
        if elapsed >= min_seconds:
            break
        reps *= 2
    per_call = []
    for _ in range(samples):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        per_call.append((time.perf_counter() - t) / reps)
    median = statistics.median(per_call)
    mad = statistics.median([abs(x - median) for x in per_call])
    return median, mad


def loaded_blas():
    """The BLAS and LAPACK libraries this process has actually loaded (from /proc/self/maps): what a peer runs on,
    checked rather than assumed from its build flags (Debian's torch says only BLAS_INFO=generic)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps
                            if ("blas" in line.lower() or "lapack" in line.lower() or "mkl" in line.lower())
                            and line.split()[-1].startswith("/")})
    except OSError:
        return ["unknown (no /proc/self/maps)"]
    return [os.path.realpath(p) for p in paths] or ["none loaded"]


def thread_settings():
    """The environment variables that size the BLAS and OpenMP pools, as this process saw them."""
    return {k: os.environ.get(k, "unset") for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


def gemm(out_path, shapes=()):
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    import numpy as np
    rng = np.random.default_rng(42)
    results = []
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        sys.exit("baselines.py gemm: unknown shape(s) " + ", ".join(unknown) + " (known: " + ", ".join(SHAPES) + ")")
    for shape in shapes or SHAPES:
        m, k, n = (int(x) for x in shape.split("x"))
        for op in ("NN", "TN", "NT"):
            a = rng.uniform(-1, 1, (k, m) if op == "TN" else (m, k)).astype(np.float32)
            b = rng.uniform(-1, 1, (n, k) if op == "NT" else (k, n)).astype(np.float32)
            c = np.empty((m, n), dtype=np.float32)
            lhs = a.T if op == "TN" else a
            rhs = b.T if op == "NT" else b
            median, mad = measure(lambda: np.matmul(lhs, rhs, out=c))
            results.append({"op": op, "shape": shape, "seconds": median, "error": mad,
                            "gflops": 2 * m * n * k / median / 1e9})
            print(f"openblas {op} {shape}: {2 * m * n * k / median / 1e9:.1f} GFLOP/s", file=sys.stderr)
    info = {"numpy": np.__version__, "blas": str(np.show_config(mode="dicts")["Build Dependencies"]["blas"])
            if hasattr(np, "show_config") else "unknown", "threads": 1, "loaded": loaded_blas(),
            "thread_settings": thread_settings()}
    with open(out_path, "w") as f:
        json.dump({"library": "OpenBLAS via numpy", "info": info, "gemm": results}, f, indent=1)


def torch_steps(out_path, threads, only=()):
    import torch
    import torch.nn as nn
    workloads = {
        "playground": ([2, 8, 8, 1], nn.Tanh, "bce", 16),
        "mnist": ([784, 256, 128, 10], nn.ReLU, "ce", 128),
        "wide": ([1024, 1024, 1024, 10], nn.ReLU, "ce", 256),
        "deepSigmoid": ([32] + [64] * 8 + [1], nn.Sigmoid, "mse", 64),
    }
    results = []
    if os.path.exists(out_path):
        with open(out_path) as f:
            results = [r for r in json.load(f)["train_steps"]
                       if r["threads"] != threads or (only and r["workload"] not in only)]
    for threads in (threads,):
        torch.set_num_threads(threads)
        for name, (widths, act, loss_name, batch) in workloads.items():
            if only and name not in only:
                continue
            torch.manual_seed(1)
            layers = []
            for i in range(len(widths) - 1):
                layers.append(nn.Linear(widths[i], widths[i + 1]))
                if i < len(widths) - 2:
                    layers.append(act())
            model = nn.Sequential(*layers)
            x = torch.rand(batch, widths[0])
            if loss_name == "ce":
                y = torch.randint(0, widths[-1], (batch,))
                loss_fn = nn.CrossEntropyLoss()
            elif loss_name == "bce":
                y = torch.randint(0, 2, (batch, 1)).float()
                loss_fn = nn.BCEWithLogitsLoss()
            else:
                y = torch.rand(batch, 1) * 2 - 1
                loss_fn = nn.MSELoss()
            opt = torch.optim.SGD(model.parameters(), lr=1e-5)

            def step():
                opt.zero_grad(set_to_none=False)
                loss = loss_fn(model(x), y)
                loss.backward()
                opt.step()

            median, mad = measure(step)
            results.append({"workload": name, "threads": threads, "seconds": median, "error": mad,
                            "samples_per_second": batch / median, "torch_threads": torch.get_num_threads(),
                            "thread_settings": thread_settings()})
            print(f"pytorch {name} threads={threads}: {batch / median:,.0f} samples/s", file=sys.stderr)
    with open(out_path, "w") as f:
        json.dump({"library": "PyTorch " + torch.__version__ + " CPU", "blas_loaded": loaded_blas(),
                   "train_steps": results}, f, indent=1)


def torch_gemm(out_path, threads):
    import torch
    torch.set_num_threads(threads)
    results = []
    if os.path.exists(out_path):
        with open(out_path) as f:
            results = [r for r in json.load(f)["gemm"] if r["threads"] != threads]
    gen = torch.Generator().manual_seed(42)
    for shape in ("1024x1024x1024", "2048x2048x2048"):
        m, k, n = (int(x) for x in shape.split("x"))
        a = torch.rand(m, k, generator=gen) * 2 - 1
        b = torch.rand(k, n, generator=gen) * 2 - 1
        c = torch.empty(m, n)
        median, mad = measure(lambda: torch.mm(a, b, out=c))
        results.append({"op": "NN", "shape": shape, "threads": threads, "seconds": median, "error": mad,
                        "gflops": 2 * m * n * k / median / 1e9})
        print(f"pytorch sgemm {shape} threads={threads}: {2 * m * n * k / median / 1e9:.1f} GFLOP/s", file=sys.stderr)
    with open(out_path, "w") as f:
        json.dump({"library": "PyTorch " + torch.__version__ + " CPU (torch.mm)", "gemm": results}, f, indent=1)


INFER_NETWORKS = {"mnist": [784, 256, 128, 10], "wide": [1024, 1024, 1024, 10]}


def per_call(fn, seconds=2.0, max_calls=100_000):
    """Times calls one by one after a warm-up: (median, p99, MAD) in seconds."""
    warm_end = time.perf_counter() + 0.5
    while time.perf_counter() < warm_end:
        fn()
    times = []
    end = time.perf_counter() + seconds
    clock = time.perf_counter_ns
    while len(times) < max_calls and time.perf_counter() < end:
        t = clock()
        fn()
        times.append(clock() - t)
    times.sort()
    median = times[len(times) // 2] * 1e-9
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1e-9
    mad = statistics.median([abs(t * 1e-9 - median) for t in times[::max(1, len(times) // 2000)]])
    return median, p99, mad, len(times)


def infer(out_path, threads, with_numpy):
    results = []
    if os.path.exists(out_path):
        with open(out_path) as f:
            results = [r for r in json.load(f)["inference"] if r["threads"] != threads
                       or (with_numpy and r["library"] == "numpy")]
    import numpy as np
    libs = {}
    try:
        import torch
        torch.set_num_threads(threads)
        libs["torch"] = torch.__version__
    except ImportError:
        torch = None
        print("infer: PyTorch not found: numpy only", file=sys.stderr)
    rng = np.random.default_rng(42)
    for name, widths in INFER_NETWORKS.items():
        weights = [(rng.normal(0, (2 / widths[i]) ** 0.5, (widths[i], widths[i + 1])).astype(np.float32),
                    np.zeros(widths[i + 1], dtype=np.float32)) for i in range(len(widths) - 1)]
        for batch in (1, 16, 1024):
            x = rng.uniform(0, 1, (batch, widths[0])).astype(np.float32)
            peers = {}
            if torch is not None:
                layers = []
                for i, (w, b) in enumerate(weights):
                    lin = torch.nn.Linear(widths[i], widths[i + 1])
                    with torch.no_grad():
                        lin.weight.copy_(torch.from_numpy(w.T.copy()))
                        lin.bias.copy_(torch.from_numpy(b))
                    layers.append(lin)
                    layers.append(torch.nn.ReLU() if i < len(weights) - 1 else torch.nn.Softmax(dim=1))
                model = torch.nn.Sequential(*layers).eval()
                tx = torch.from_numpy(x)
                with torch.inference_mode():
                    scripted = torch.jit.freeze(torch.jit.trace(model, tx))

                def eager():
                    with torch.inference_mode():
                        return model(tx)

                def script():
                    with torch.inference_mode():
                        return scripted(tx)
                peers["pytorch-eager"] = eager
                peers["pytorch-torchscript"] = script
            if with_numpy:
                def numpy_mlp():
                    a = x
                    for i, (w, b) in enumerate(weights):
                        z = a @ w + b
                        if i < len(weights) - 1:
                            a = np.maximum(z, 0)
                        else:
                            z = np.exp(z - z.max(axis=1, keepdims=True))
                            a = z / z.sum(axis=1, keepdims=True)
                    return a
                peers["numpy"] = numpy_mlp
            for peer, fn in peers.items():
                median, p99, mad, calls = per_call(fn)
                results.append({"library": peer, "workload": name, "batch": batch, "threads": threads,
                                "median_seconds": median, "p99_seconds": p99, "error": mad, "calls": calls,
                                "rows_per_second": batch / median})
                print(f"{peer} {name} batch={batch} threads={threads}: median {median * 1e6:.1f} us, "
                      f"p99 {p99 * 1e6:.1f} us, {batch / median:,.0f} rows/s", file=sys.stderr)
    libs["numpy"] = np.__version__
    with open(out_path, "w") as f:
        json.dump({"libraries": libs, "inference": results}, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("gemm", "torch", "torch-gemm", "infer"):
        sys.exit(__doc__)
    if sys.argv[1] == "infer":
        infer(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1, "numpy" in sys.argv[4:])
        sys.exit(0)
    if sys.argv[1] == "gemm":
        gemm(sys.argv[2], tuple(sys.argv[3:]))
    elif sys.argv[1] == "torch-gemm":
        torch_gemm(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    else:
        torch_steps(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1, tuple(sys.argv[4:]))
