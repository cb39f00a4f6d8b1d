#!/usr/bin/env python3
"""Summarizes scripts/gpu-check's benchmark run (gpu_kernels_raw.json in the results folder
given) into gpu_kernels.json: per kernel, GPU throughput resident (warm) and from host
(cold) with the fraction of the measured bound (device bandwidth, host->device bandwidth),
the CPU engine's throughput on the same rows, and GPU/CPU. Warm and cold are reported side
by side, never divided by each other. Exits non-zero when any benchmark reported an error
(no device, a device failure): such a run has no GPU figures."""
import json
import os
import platform
import sys


def main(out_dir):
    raw = json.load(open(os.path.join(out_dir, "gpu_kernels_raw.json")))
    errors = [b["name"] + ": " + b.get("error_message", "") for b in raw["benchmarks"] if b.get("error_occurred")]
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    medians = {b["run_name"]: b for b in raw["benchmarks"] if b.get("aggregate_name") == "median"}
    results = []
    for kernel in ("Sum", "Filter"):
        for type_name in ("int64_t", "double"):
            cpu = medians.get(f"BM_Cpu{kernel}<{type_name}>/real_time")
            row = {"kernel": kernel.lower(), "type": type_name,
                   "cpu_GBps": cpu["bytes_per_second"] / 1e9 if cpu else None}
            for resident, label in ((1, "resident"), (0, "from_host")):
                gpu = medians.get(f"BM_Gpu{kernel}<{type_name}>/resident:{resident}/real_time")
                if gpu is None:
                    continue
                row[f"gpu_{label}_GBps"] = gpu["bytes_per_second"] / 1e9
                row[f"gpu_{label}_bound_GBps"] = gpu["bound_GBps"]
                row[f"gpu_{label}_fraction_of_bound"] = gpu["fraction_of_bound"]
                if cpu:
                    row[f"gpu_{label}_vs_cpu"] = gpu["bytes_per_second"] / cpu["bytes_per_second"]
            results.append(row)
    devices = open(os.path.join(out_dir, "devices.txt")).read()
    summary = {"machine": {"host": platform.node(), "cpu": platform.processor() or platform.machine(),
                           "orbit_devices": devices, "benchmark_context": raw.get("context", {})},
               "bounds": "resident: device-to-device copy bandwidth (read+write); from_host: pinned "
                         "host->device bandwidth; both measured by Orbit on this device in this run",
               "results": results}
    with open(os.path.join(out_dir, "gpu_kernels.json"), "w") as f:
        json.dump(summary, f, indent=2)
    for r in results:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
