#!/usr/bin/env python3
"""Turns run.sh's raw lines (key=value, one per measurement) into the README's markdown tables.

Throughput: the median over the repetitions of each side, and hazmon/ceiling = ratio of the medians
(the per-repetition ratios are shown too: the runs of one repetition are back to back).
Latency: hazmon's publish→event latency percentiles at the paced rate.
"""
import os
import platform
import statistics
import subprocess
import sys
from collections import defaultdict


SHAPES = ("single", "batch", "batch-quiet")  # -quiet: the same workload without limit crossings


def parse(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
            if fields:
                rows.append(fields)
    return rows


def num(row, key, default=float("nan")):
    try:
        return float(row[key])
    except (KeyError, ValueError):
        return default


def fmt_int(x):
    return "–" if x != x else f"{x:,.0f}".replace(",", " ")


def machine():
    model = "?"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def main():
    rows = parse(sys.argv[1])
    commits = sorted({f"{r.get('commit', '?')} ({r.get('src_changed', '?')} changed files under Sources/)"
                      for r in rows})
    commit = ", ".join(commits)
    loads = [num(r, "load1") for r in rows]
    print(f"Machine: {machine()}; hazmon at commit {commit}; "
          f"1-min load average at the start of each measurement: {min(loads):.2f}–{max(loads):.2f}\n")

    groups = defaultdict(list)
    for r in rows:
        if r.get("shape") in SHAPES:
            groups[(r["qos"], r["shape"], r["side"])].append(r)

    print("| QoS | workload | ceiling msg/s | ceiling points/s | hazmon msg/s | hazmon points/s "
          "| hazmon/ceiling (per rep) | subscriber CPU µs/msg ceiling / hazmon | CPU cores broker / load gen (h) "
          "| other CPU (max) | dropped |")
    print("|---|---|---:|---:|---:|---:|---|---|---|---|---|")
    for shape in SHAPES:
        for qos in ("0", "1"):
            c, h = groups.get((qos, shape, "ceiling"), []), groups.get((qos, shape, "hazmon"), [])
            if not c or not h:
                continue
            cm = statistics.median(num(r, "msgs_per_s") for r in c)
            hm = statistics.median(num(r, "msgs_per_s") for r in h)
            cp = statistics.median(num(r, "points_per_s") for r in c)
            hp = statistics.median(num(r, "points_per_s") for r in h)
            per_rep = [num(b, "msgs_per_s") / num(a, "msgs_per_s") for a, b in zip(c, h)]
            # CPU time per message of each subscriber (cores used / messages per second), medians
            us_c = statistics.median(num(r, "cpu_sub") / num(r, "msgs_per_s") * 1e6 for r in c)
            us_h = statistics.median(num(r, "cpu_sub") / num(r, "msgs_per_s") * 1e6 for r in h)
            cores = (statistics.median(num(r, "cpu_broker") for r in h), statistics.median(num(r, "cpu_load") for r in h))
            dropped = sorted({r.get("dropped", "?") for r in c + h})
            ppm = int(num(c[0], "points_per_msg", 1))
            what = f"{int(num(c[0], 'messages', 0)):,} {'singles' if ppm == 1 else f'batches of {ppm}'}".replace(",", " ")
            events = statistics.median(num(r, "events") / num(r, "points") * 100 for r in h)
            what += f", events {events:.2g} % of points" if events else ", no events"
            print(f"| {qos} | {what} | {fmt_int(cm)} | {fmt_int(cp)} | {fmt_int(hm)} | {fmt_int(hp)} "
                  f"| **{hm / cm:.2f}** ({', '.join(f'{x:.2f}' for x in per_rep)}) "
                  f"| {us_c:.1f} / {us_h:.1f} | {cores[0]:.2f} / {cores[1]:.2f} "
                  f"| {max(num(r, 'cpu_other', 0) for r in c + h):.2f} | {', '.join(dropped)} |")

    lat = [r for r in rows if r.get("shape") == "latency"]
    if lat:
        print("\n| QoS | paced rate | events timed | p50 | p99 | p99.9 | max | from `ts` (ms): p50 / p99 / max "
              "| hazmon CPU | dropped |")
        print("|---|---:|---:|---:|---:|---:|---:|---|---:|---|")
        for r in lat:
            us = lambda k: f"{num(r, k) / 1000:.2f} ms"
            print(f"| {r['qos']} | {fmt_int(num(r, 'msgs_per_s'))} msg/s | {r.get('lat_n', '?')} | {us('lat_p50_us')} "
                  f"| **{us('lat_p99_us')}** | {us('lat_p999_us')} | {us('lat_max_us')} "
                  f"| {r.get('ts_lat_p50_ms')} / {r.get('ts_lat_p99_ms')} / {r.get('ts_lat_max_ms')} "
                  f"| {num(r, 'cpu_sub'):.2f} | {r.get('dropped', '?')} |")

    other = [num(r, "cpu_other") for r in rows if "cpu_other" in r and r.get("shape") in SHAPES]
    if other:
        print(f"\nOther CPU = what the rest of the machine used during a timed window (other people's builds and "
              f"tests), in cores of 2: /proc/stat busy time minus broker, subscriber and load generator. Median "
              f"{statistics.median(other):.2f}, max {max(other):.2f} over the throughput runs. It is meaningful when "
              f"the machine is busy; at light, bursty load /proc/stat's tick sampling under-counts.")
    bad = [r for r in rows if r.get("dropped") not in ("0",)]
    print(f"\nBroker drop counter ($SYS/broker/publish/messages/dropped) after every run: "
          f"{'0 in all ' + str(len(rows)) + ' runs' if not bad else 'NONZERO in ' + str(len(bad)) + ' run(s)'}.")
    short = [r for r in rows if r.get("side") == "hazmon" and r.get("sub_consumed", "?") != "?"
             and int(r["sub_consumed"]) < int(num(r, "messages", 0))]
    if short:
        print(f"WARNING: hazmon's own summary counted fewer messages than were published in {len(short)} run(s).")


if __name__ == "__main__":
    main()
