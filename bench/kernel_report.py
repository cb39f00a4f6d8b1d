#!/usr/bin/env python3
"""Runs the kernel microbenchmarks (build/orbit_kernel_bench) with repetitions and reports,
per kernel and size: reference and SIMD throughput (medians), SIMD/reference, and each
figure as a fraction of the memcpy bandwidth measured in the same run.

Usage: bench/kernel_report.py [--bench build/orbit_kernel_bench] [--repetitions 5]
Writes bench/results/kernels.json (Google Benchmark's own JSON is kept beside it).
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from provenance import provenance  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")


def medians(raw):
    """{(benchmark name without args, rows, simd): GB/s} from the run's median aggregates."""
    out = {}
    for b in raw["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]
        kernel = name.split("/")[0]
        if "bytes_per_second" not in b:  # BM_GroupedSumInt64 reports rows/s: see grouped_sums()
            continue
        rows = int(re.search(r"rows:(\d+)", name).group(1))
        simd = re.search(r"simd:(\d)", name)
        out[(kernel, rows, int(simd.group(1)) if simd else None)] = b["bytes_per_second"] / 1e9
    return out


def grouped_sums(raw):
    """Rows per second of the grouped SUM benchmark, by (simd, validity)."""
    out = {}
    for b in raw["benchmarks"]:
        if b.get("aggregate_name") == "median" and b["run_name"].startswith("BM_GroupedSumInt64"):
            out[b["run_name"].split("/", 1)[1]] = b["items_per_second"]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.path.join(ROOT, "build", "orbit_kernel_bench"))
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="report the last run's JSON without running again")
    args = parser.parse_args()

    os.makedirs(RESULTS, exist_ok=True)
    raw_path = os.path.join(RESULTS, "kernels_google_benchmark.json")
    if not args.reuse:
        subprocess.run([args.bench, f"--benchmark_repetitions={args.repetitions}",
                        "--benchmark_report_aggregates_only=true", f"--benchmark_out={raw_path}",
                        "--benchmark_out_format=json"], check=True)
    with open(raw_path) as f:
        raw = json.load(f)
    gbps = medians(raw)
    copy = next(v for (k, _, _), v in gbps.items() if k == "BM_MemoryCopy")
    read = next(v for (k, _, _), v in gbps.items() if k == "BM_MemoryRead")

    rows_out = []
    print(f"\nmemcpy bandwidth (read + write): {copy:.1f} GB/s; read-only scan (memchr): {read:.1f} GB/s; "
          f"SIMD target {raw['context'].get('simd_target')}")
    print(f"{'kernel':28} {'rows':>10} {'reference GB/s':>15} {'simd GB/s':>10} {'simd/ref':>9} {'simd/memcpy':>12} "
          f"{'simd/read':>10}")
    for (kernel, rows, simd), value in sorted(gbps.items()):
        if simd != 1:
            continue
        reference = gbps[(kernel, rows, 0)]
        entry = {"kernel": kernel, "rows": rows, "reference_gbps": reference, "simd_gbps": value,
                 "simd_over_reference": value / reference, "simd_fraction_of_memcpy": value / copy,
                 "simd_fraction_of_read_scan": value / read}
        rows_out.append(entry)
        print(f"{kernel:28} {rows:>10} {reference:15.2f} {value:10.2f} {value / reference:9.2f} {value / copy:12.2f} "
              f"{value / read:10.2f}")

    with open("/proc/cpuinfo") as f:
        model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "unknown")
    report = {"benchmark": "kernels", "date": datetime.datetime.now().isoformat(timespec="seconds"),
              "machine": {"cpu": model, "cores": os.cpu_count(), "platform": platform.platform(),
                          "simd_target": raw["context"].get("simd_target"),
                          "caches": raw["context"].get("caches")},
              "method": f"Google Benchmark, median of {args.repetitions} repetitions, one thread; "
                        "bytes = values read + selection written (filters), values read (sums), "
                        "read + written (memcpy), read (memchr scan)",
              "provenance": provenance(os.path.join(ROOT, "build", "orbit"), raw["context"].get("simd_target")),
              "answers_checked": False,
              "answers_note": "a microbenchmark; every kernel's answers are checked against the reference by the "
                              "differential suite (orbit_tests), not here",
              "memcpy_gbps": copy, "read_scan_gbps": read, "kernels": rows_out,
              "grouped_sum_int64_rows_per_second": grouped_sums(raw)}
    out = os.path.join(RESULTS, "kernels.json")
    with open(out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
