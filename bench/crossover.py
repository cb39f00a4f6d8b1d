#!/usr/bin/env python3
"""Where each device wins: throughput of three kernels as whole pipelines (filter, sum,
grouped sum over int64 columns) on each device, from 1K to 100M rows, and what `auto`
chooses at each size compared with the best forced device.

  filter       SELECT count(*) FROM t WHERE x < 500          (half the rows pass)
  sum          SELECT sum(x) FROM t
  grouped sum  SELECT g, sum(x) FROM t GROUP BY g             (16 groups)

Each (kernel, size) runs --repeats rounds in which the devices take turns in rotating
order, each timed run right after an untimed one on the same device (a run just after
another device's measured up to 2x slower); the median per device is kept. Forced devices run with fallback = 'error', so a CPU re-run can never be recorded as
a device run (DESIGN rule 4). A device pipeline copies its columns to the device on every
run (Orbit keeps no column on a device between pipelines), so device figures include the
host->device transfer: these are "cold" figures in DESIGN rule 8's sense. The peer is
NumPy on the same arrays in the same process (np.count_nonzero, ndarray.sum, np.bincount),
with Orbit/NumPy ratios. `auto` uses its own cache folder (calibrated first with `orbit
calibrate` unless --no-calibrate) and learns while it runs: its median is over the runs
after its warm-up.

Writes bench/results/crossover_<max rows>.json and an SVG chart beside it (drawn here, no
plotting library): throughput per size and device, the winner per size along the bottom,
and `auto`'s line. Usage:
  bench/crossover.py [--max-rows 100000000] [--min-rows 1000] [--repeats 6] [--threads 0]
                     [--devices cpu,opencl] [--out bench/results/crossover_<N>.json]
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "build", "python"))  # the build tree's package, unless one is installed
sys.path.insert(0, os.path.join(ROOT, "bench"))

KERNELS = {
    "filter": "SELECT count(*) FROM {t} WHERE x < 500",
    "sum": "SELECT sum(x) FROM {t}",
    "grouped sum": "SELECT g, sum(x) FROM {t} GROUP BY g",
}
COLORS = {"cpu": "#1f77b4", "opencl": "#d62728", "cuda": "#2ca02c", "auto": "#111111", "numpy": "#999999"}


def sizes_between(low, high):
    """1, 3.16, 10, ... times `low` (half-decades), up to and including `high`."""
    sizes, exponent = [], math.log10(low)
    while True:
        n = int(round(10 ** exponent))
        if n > high:
            break
        sizes.append(n)
        exponent += 0.5
    if sizes[-1] != high:
        sizes.append(high)
    return sizes


def median_seconds(run, repeats):
    run()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def use(con, device):
    """Forced devices fail rather than fall back (a CPU re-run must not pass for a device run)."""
    con.sql(f"SET device = '{device}'")
    con.sql("SET fallback = 'cpu'" if device == "auto" else "SET fallback = 'error'")


def interleaved_medians(con, sql, candidates, repeats):
    """Median seconds per device, the devices taking turns in rotating order, each timed run
    right after an untimed one on the same device: a run just after another device's (PoCL's
    threads winding down, the other run's buffers in the caches) measured up to 2x slower,
    whichever device it was."""
    times = {d: [] for d in candidates}
    for r in range(repeats):
        for k in range(len(candidates)):
            device = candidates[(r + k) % len(candidates)]
            use(con, device)
            con.execute(sql).fetch_arrow_table()
            start = time.perf_counter()
            con.execute(sql).fetch_arrow_table()
            times[device].append(time.perf_counter() - start)
    return {d: statistics.median(t) for d, t in times.items()}


def orbit_binary():
    return os.environ.get("ORBIT_BIN", os.path.join(ROOT, "build", "orbit"))


def machine(cache):
    devices = subprocess.run([orbit_binary(), "devices"], capture_output=True, text=True,
                             env={**os.environ, "ORBIT_CACHE_DIR": cache}).stdout
    return {"platform": platform.platform(), "processor": platform.processor(), "cpus": os.cpu_count(),
            "python": platform.python_version(), "orbit_devices": devices}


def same_as_numpy(kernel, rows, answer, groups):
    """Orbit's rows (dicts) against NumPy's answer for the same kernel; `groups`: how many
    groups the rows hold."""
    values = [list(r.values()) for r in rows]
    if kernel == "grouped sum":
        return len(values) == groups and all(float(s) == float(answer[int(g)]) for g, s in values)
    return len(values) == 1 and int(values[0][0]) == int(answer)


def present_devices(wanted, listing):
    return [d for d in wanted if re.search(rf"^{d}:0: ", listing, re.M) or d == "cpu"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-rows", type=int, default=100_000_000)
    parser.add_argument("--min-rows", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=6)
    parser.add_argument("--threads", type=int, default=0, help="worker threads (0 = every core)")
    parser.add_argument("--devices", default="cpu,opencl,cuda", help="devices to force (absent ones are skipped)")
    parser.add_argument("--no-calibrate", action="store_true", help="let auto start from uncalibrated defaults")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.min_rows < 1 or args.max_rows < args.min_rows or args.repeats < 1:
        parser.error("need 1 <= --min-rows <= --max-rows and --repeats >= 1")

    # auto's calibration and history live in a folder of this run, not the user's.
    cache = tempfile.mkdtemp(prefix="orbit_crossover_")
    os.environ["ORBIT_CACHE_DIR"] = cache
    if not args.no_calibrate:
        subprocess.run([orbit_binary(), "calibrate", "--rows", str(min(args.max_rows, 1 << 22))], check=True,
                       stdout=subprocess.DEVNULL, env=os.environ)
    import numpy as np
    import pyarrow as pa
    import orbit
    from provenance import provenance

    described = machine(cache)
    devices = present_devices(args.devices.split(","), described["orbit_devices"])
    sizes = sizes_between(args.min_rows, args.max_rows)
    random = np.random.default_rng(42)
    x_all = random.integers(0, 1000, size=args.max_rows, dtype=np.int64)
    g_all = random.integers(0, 16, size=args.max_rows, dtype=np.int64)
    numpy_runs = {
        "filter": lambda x, g: np.count_nonzero(x < 500),
        "sum": lambda x, g: x.sum(),
        "grouped sum": lambda x, g: np.bincount(g, weights=x, minlength=16),
    }

    con = orbit.connect()
    con.sql(f"SET threads = {args.threads}")
    results = []
    for n in sizes:
        x, g = x_all[:n], g_all[:n]
        table = f"t{n}"
        con.register(table, pa.table({"x": x, "g": g}))  # zero-copy views of the arrays
        for kernel, template in KERNELS.items():
            sql = template.format(t=table)
            expected = None
            row = {"kernel": kernel, "rows": n, "seconds": {}}
            candidates = devices + ["auto"]
            for device in candidates:
                use(con, device)
                answer = con.execute(sql).fetch_arrow_table().to_pylist()
                if expected is None:
                    expected = answer
                assert sorted(map(str, answer)) == sorted(map(str, expected)), (kernel, n, device, answer, expected)
            row["answers_checked"] = True  # every device's answer equals the first's and NumPy's
            row["answer_equals_numpy"] = same_as_numpy(kernel, expected, numpy_runs[kernel](x, g),
                                                       np.count_nonzero(np.bincount(g, minlength=16)))
            assert row["answer_equals_numpy"], (kernel, n, expected)
            row["seconds"] = interleaved_medians(con, sql, candidates, args.repeats)
            row["seconds"]["numpy"] = median_seconds(lambda: numpy_runs[kernel](x, g), args.repeats)
            forced = {d: row["seconds"][d] for d in devices}
            row["best_forced"] = min(forced, key=forced.get)
            row["auto_over_best"] = row["seconds"]["auto"] / forced[row["best_forced"]]
            row["orbit_best_over_numpy"] = forced[row["best_forced"]] / row["seconds"]["numpy"]
            row["rows_per_second"] = {d: n / s for d, s in row["seconds"].items()}
            results.append(row)
            print(f"{kernel:12s} {n:>11,d} rows  " +
                  "  ".join(f"{d} {s * 1e3:9.3f} ms" for d, s in row["seconds"].items()) +
                  f"  best {row['best_forced']}  auto/best {row['auto_over_best']:.2f}"
                  f"  orbit/numpy {row['orbit_best_over_numpy']:.2f}", flush=True)
        con.sql(f"DROP TABLE {table}")
    con.close()

    out = args.out or os.path.join(ROOT, "bench", "results", f"crossover_{args.max_rows}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    report = {"benchmark": "crossover", "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
              "machine": described, "provenance": provenance(orbit_binary()),
              "threads": args.threads, "repeats": args.repeats, "devices": devices,
              "calibrated": not args.no_calibrate,
              "note": "device times include copying the columns to the device on each run (cold); "
                      "devices take turns in rotating order, each timed run after an untimed one on the same device; "
                      "peer: NumPy in the same process",
              "results": results}
    with open(out, "w") as f:
        json.dump(report, f, indent=1)
    svg = os.path.splitext(out)[0] + ".svg"
    with open(svg, "w") as f:
        f.write(chart(results, devices))
    print(f"wrote {out} and {svg}")


def chart(results, devices):
    """One panel per kernel: log-log throughput (rows/s) against rows, a line per device,
    `auto` in black, NumPy dashed, and a band along the bottom coloured by the fastest
    forced device at each size."""
    kernels = list(dict.fromkeys(r["kernel"] for r in results))
    width, panel_h, left, right, top = 900, 300, 80, 130, 40
    height = top + len(kernels) * (panel_h + 60)
    sizes = sorted({r["rows"] for r in results})
    rates = [v for r in results for v in r["rows_per_second"].values() if v > 0]
    lo_x, hi_x = math.log10(sizes[0]), math.log10(sizes[-1]) if sizes[-1] > sizes[0] else math.log10(sizes[0]) + 1
    lo_y, hi_y = math.floor(math.log10(min(rates))), math.ceil(math.log10(max(rates)))
    if hi_y == lo_y:
        hi_y += 1
    plot_w = width - left - right

    def px(n):
        return left + (math.log10(n) - lo_x) / (hi_x - lo_x) * plot_w

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="22" font-size="15">Throughput by device and input size (rows/s, log-log; '
             f'band: fastest forced device)</text>']
    for k, kernel in enumerate(kernels):
        y0 = top + k * (panel_h + 60)

        def py(rate, y0=y0):
            return y0 + panel_h - (math.log10(rate) - lo_y) / (hi_y - lo_y) * panel_h

        rows = sorted((r for r in results if r["kernel"] == kernel), key=lambda r: r["rows"])
        parts.append(f'<text x="{left}" y="{y0 - 6}" font-size="13" font-weight="bold">{kernel}</text>')
        parts.append(f'<rect x="{left}" y="{y0}" width="{plot_w}" height="{panel_h}" fill="none" stroke="#ccc"/>')
        for e in range(lo_y, hi_y + 1):
            y = py(10 ** e)
            parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
            parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">1e{e}</text>')
        for n in sizes:
            parts.append(f'<text x="{px(n):.1f}" y="{y0 + panel_h + 32}" text-anchor="middle" font-size="10">'
                         f'{n:.0e}</text>')
        # The winner band: each size's stretch coloured by its fastest forced device.
        for i, r in enumerate(rows):
            a = px(rows[i - 1]["rows"]) if i else px(r["rows"])
            b = px(rows[i + 1]["rows"]) if i + 1 < len(rows) else px(r["rows"])
            x1, x2 = (a + px(r["rows"])) / 2, (b + px(r["rows"])) / 2
            parts.append(f'<rect x="{x1:.1f}" y="{y0 + panel_h + 4}" width="{max(x2 - x1, 2):.1f}" height="10" '
                         f'fill="{COLORS.get(r["best_forced"], "#888")}"><title>{r["rows"]} rows: '
                         f'{r["best_forced"]} fastest; auto/best {r["auto_over_best"]:.2f}</title></rect>')
        for series in devices + ["auto", "numpy"]:
            points = " ".join(f'{px(r["rows"]):.1f},{py(r["rows_per_second"][series]):.1f}' for r in rows)
            dash = ' stroke-dasharray="5,4"' if series == "numpy" else ""
            parts.append(f'<polyline points="{points}" fill="none" stroke="{COLORS.get(series, "#888")}" '
                         f'stroke-width="{2.5 if series == "auto" else 1.8}"{dash}/>')
        for i, series in enumerate(devices + ["auto", "numpy"]):
            y = y0 + 14 + i * 18
            parts.append(f'<line x1="{left + plot_w + 12}" x2="{left + plot_w + 36}" y1="{y}" y2="{y}" '
                         f'stroke="{COLORS.get(series, "#888")}" stroke-width="2.5"/>')
            parts.append(f'<text x="{left + plot_w + 42}" y="{y + 4}">{series}</text>')
    parts.append("</svg>\n")
    return "\n".join(parts)


if __name__ == "__main__":
    main()
