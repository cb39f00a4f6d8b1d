#!/usr/bin/env python3
"""Summarizes a run of orbit_gpu_bench (Google Benchmark's JSON, RAW) into OUT: per kernel,
GPU throughput resident (warm) and from host (cold) with the fraction of the measured bound
(device bandwidth, host->device bandwidth), the CPU engine's throughput on the same rows on
one thread and on every core, and GPU / CPU-on-every-core. Warm and cold are reported side
by side, never divided by each other. The answers are not checked here: the kernel
differential suite checks every backend's answers against the reference, in the same
gpu-check run. Exits non-zero when any benchmark reported an error (no device, a device
failure): such a run has no GPU figures.

Usage: bench/gpu_report.py RAW_JSON OUT_JSON   (scripts/gpu-check runs it)"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from provenance import provenance  # noqa: E402


def main(raw_path, out_path):
    raw = json.load(open(raw_path))
    errors = [b["name"] + ": " + b.get("error_message", "") for b in raw["benchmarks"] if b.get("error_occurred")]
    medians = {b["run_name"]: b for b in raw["benchmarks"] if b.get("aggregate_name") == "median"}
    results = []
    for kernel in ("Sum", "Filter"):
        for type_name in ("int64_t", "double"):
            one = medians.get(f"BM_Cpu{kernel}<{type_name}>/threads:1/real_time")
            every = medians.get(f"BM_Cpu{kernel}<{type_name}>/threads:0/real_time")
            row = {"kernel": kernel.lower(), "type": type_name,
                   "cpu_1_thread_GBps": one["bytes_per_second"] / 1e9 if one else None,
                   "cpu_all_cores_GBps": every["bytes_per_second"] / 1e9 if every else None,
                   "cpu_all_cores_threads": int(every["threads"]) if every and "threads" in every else None}
            for resident, label in ((1, "resident"), (0, "from_host")):
                gpu = medians.get(f"BM_Gpu{kernel}<{type_name}>/resident:{resident}/real_time")
                if gpu is None:
                    continue
                row[f"gpu_{label}_GBps"] = gpu["bytes_per_second"] / 1e9
                row[f"gpu_{label}_bound_GBps"] = gpu["bound_GBps"]
                row[f"gpu_{label}_fraction_of_bound"] = gpu["fraction_of_bound"]
                if every:
                    row[f"gpu_{label}_vs_cpu_all_cores"] = gpu["bytes_per_second"] / every["bytes_per_second"]
            results.append(row)
    summary = {"benchmark": "gpu_kernels",
               "provenance": provenance(os.environ.get("ORBIT_BIN"),
                                        raw.get("context", {}).get("simd_target")),
               "benchmark_context": raw.get("context", {}),
               "bounds": "resident: device-to-device copy bandwidth (read+write); from_host: pinned "
                         "host->device bandwidth; both measured by Orbit on this device in this run",
               "answers_checked": False,
               "answers_note": "a microbenchmark; the answers of every backend are the kernel differential "
                               "suite's to check (gpu-check's cxx-tests step, same run)",
               "errors": errors, "results": results}
    with open(out_path, "w") as f:
        json.dump(summary, f, indent=2)
    for r in results:
        print(json.dumps(r))
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
