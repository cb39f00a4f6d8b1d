#!/usr/bin/env python3
"""Runs the vector similarity benchmarks of build/orbit_kernel_bench (bench/vector_kernel_bench.cpp)
beside the machine's read bandwidth measured in the same run (BM_MemoryRead: memchr over 512 MB,
one thread) and reports, per backend and dimension: 1:N cosine over 1M float32 rows, alone and
fused with a top-10 per morsel, as GB/s (row values read + scores written) and as a fraction of
that read bandwidth.

Both are given on two time bases: the calling thread's CPU time, which a busy machine (other
processes on the same cores) disturbs far less than the wall clock, and real time. Host backends
run on the calling thread, so their primary figure is the CPU-time one; a device backend (opencl on
PoCL's threads, cuda) does its work elsewhere, so its only meaningful figure is real time.

Usage: bench/vector_report.py [--bench build/orbit_kernel_bench] [--repetitions 3]
Writes bench/results/vector_kernels.json (Google Benchmark's own JSON beside it).
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from provenance import provenance  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
BACKENDS = ["reference", "cpu-simd", "opencl", "cuda"]  # kBackends in vector_kernel_bench.cpp


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.path.join(ROOT, "build", "orbit_kernel_bench"))
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--out", default=os.path.join(RESULTS, "vector_kernels.json"))
    args = parser.parse_args()

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    raw_path = os.path.splitext(args.out)[0] + "_google_benchmark.json"
    subprocess.run([args.bench, "--benchmark_filter=BM_MemoryRead|BM_Cosine",
                    f"--benchmark_repetitions={args.repetitions}", "--benchmark_report_aggregates_only=true",
                    f"--benchmark_out={raw_path}", "--benchmark_out_format=json"], check=True)
    with open(raw_path) as f:
        raw = json.load(f)
    medians = [b for b in raw["benchmarks"] if b.get("aggregate_name") == "median"]
    memory = next(b for b in medians if b["run_name"].startswith("BM_MemoryRead"))
    # BM_MemoryRead counts bytes per CPU second; the cosine benchmarks per real second.
    read_bytes = memory["bytes_per_second"] * memory["cpu_time"] / 1e9
    read = {"cpu": read_bytes / (memory["cpu_time"] / 1e9) / 1e9, "real": read_bytes / (memory["real_time"] / 1e9) / 1e9}
    skipped = sorted({b["run_name"] + ": " + b.get("error_message", "")
                      for b in raw["benchmarks"] if b.get("error_occurred")})

    rows = []
    print(f"\nread bandwidth (memchr, one thread): {read['cpu']:.2f} GB/s by CPU time, {read['real']:.2f} by real "
          f"time; load average {raw['context'].get('load_avg')}; SIMD target {raw['context'].get('simd_target')}")
    print(f"{'benchmark':18} {'backend':10} {'dim':>5} {'rows':>8} {'basis':>5} {'ms':>9} {'GB/s':>7} {'of read bw':>10}")
    for b in medians:
        name = b["run_name"]
        if not name.startswith("BM_Cosine"):
            continue
        fields = dict(re.findall(r"(\w+):(\d+)", name))
        backend, dim, n = BACKENDS[int(fields["backend"])], int(fields["dim"]), int(fields["rows"])
        gigabytes = b["bytes_per_second"] * b["real_time"] / 1e3 / 1e9  # real_time in ms
        basis = "real" if backend in ("opencl", "cuda") else "cpu"
        ms = b["real_time"] if basis == "real" else b["cpu_time"]
        gbps = gigabytes / (ms / 1e3)
        entry = {"benchmark": name.split("/")[0], "backend": backend, "dim": dim, "rows": n, "time_basis": basis,
                 "ms": ms, "real_time_ms": b["real_time"], "cpu_time_ms": b["cpu_time"], "gbps": gbps,
                 "fraction_of_read_bandwidth": gbps / read[basis],
                 "real_time_gbps": gigabytes / (b["real_time"] / 1e3),
                 "answers_within_bound": b.get("answers_within_bound")}
        rows.append(entry)
        print(f"{entry['benchmark']:18} {backend:10} {dim:5} {n:8} {basis:>5} {ms:9.1f} {gbps:7.2f} "
              f"{gbps / read[basis]:10.2f}")
    checked = [e for e in rows if e["answers_within_bound"] is not None]
    wrong = [e for e in checked if e["answers_within_bound"] != 1]
    print(f"answers checked against the reference: {len(checked)} results, {len(wrong)} outside the bound")
    for line in skipped:
        print("skipped:", line)

    report = {"benchmark": "vector_kernels", "date": datetime.datetime.now().isoformat(timespec="seconds"),
              "method": f"Google Benchmark, median of {args.repetitions} repetitions, one host thread per kernel "
                        "call (the opencl backend runs on PoCL's own threads); bytes = float32 row values read + "
                        "one double score written per row; the query vector stays in cache; GB/s by the calling "
                        "thread's CPU time for host backends, by real time for device backends, each divided by "
                        "memchr's read bandwidth on the same basis",
              "provenance": provenance(os.path.join(ROOT, "build", "orbit"), raw["context"].get("simd_target")),
              "answers_checked": bool(checked) and all(e["answers_within_bound"] == 1 for e in checked),
              "answers_note": "BM_CosineOneToN compares every score of its last run with the reference's, within the "
                              "cosine bound 2e-6 (answers_within_bound per result); BM_CosineTop10 is not checked "
                              "here; the differential suite (kernel_vector_differential_test.cpp) checks every "
                              "kernel on every backend",
              "load_average": raw["context"].get("load_avg"),
              "read_bandwidth_gbps": read, "results": rows, "skipped": skipped}
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
