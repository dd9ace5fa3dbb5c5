#!/usr/bin/env bash
# study.sh [OUTDIR] — regenerates the tables of docs/tuning-study.md.
#
# Replays every Tennessee Eastman run through the naive catalog (docs/tuning-study/tep-naive.yaml,
# A) and the tuned one (tep.yaml, B) with `hazmon replay --report --compare`, keeps each run's printed report and
# JSON in OUTDIR (default /tmp/tep-study), and prints the study's markdown tables on stdout.
# Fault runs get `--reference 2026-01-01T08:00:00Z` (the fault starts after observation 160), so
# first fires count from the fault start; d00_te is normal operation throughout.
#
# Environment: HAZMON (default .build/debug/hazmon; build it with `swift build --product hazmon`),
# TEP_DATA (default ../shared/data/tep beside the repository). Needs bash, awk and python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
hazmon=${HAZMON:-$repo/.build/debug/hazmon}
data=${TEP_DATA:-$repo/../shared/data/tep}
out=${1:-/tmp/tep-study}
[[ -x $hazmon ]] || { echo "${0##*/}: no hazmon at $hazmon (swift build --product hazmon, or set HAZMON)" >&2; exit 1; }
[[ -d $data ]] || { echo "${0##*/}: no TEP data in $data (set TEP_DATA)" >&2; exit 1; }
mkdir -p "$out"

runs="d00_te d01_te d02_te d04_te d05_te d06_te d07_te d11_te d14_te"
for run in $runs; do
    "$here/tep-to-csv.sh" "$data/$run.dat" "$out/$run.csv"
    reference=()
    [[ $run == d00_te ]] || reference=(--reference 2026-01-01T08:00:00Z)
    "$hazmon" replay --sensors "$repo/docs/tuning-study/tep-naive.yaml" --compare "$here/tep.yaml" --input "$out/$run.csv" \
        --events "$out/$run.naive.jsonl" --report --report-json "$out/$run.json" "${reference[@]}" >"$out/$run.txt"
done

python3 - "$out" $runs <<'PY'
import json, sys
out, runs = sys.argv[1], sys.argv[2:]
FAULT_START = "2026-01-01T08:00:00.000Z"

def minutes(ts):  # "2026-01-01T08:06:00.000Z" -> minutes since 00:00 on the first day
    day, clock = int(ts[8:10]) - 1, ts[11:19]
    h, m, s = (int(x) for x in clock.split(":"))
    return day * 1440 + h * 60 + m + s / 60

def hm(mins):
    return f"+{int(mins) // 60}:{int(mins) % 60:02d}"

def load(run):
    with open(f"{out}/{run}.json") as f:
        return json.load(f)

d00 = load("d00_te")
print("Normal operation, d00_te (48 h, 21 tags):\n")
print("| figure | naive (A) | tuned (B) |")
print("|---|---:|---:|")
a, b = d00["a"]["report"], d00["b"]["report"]
rows = [
    ("annunciated activations", lambda r: r["overall"]["annunciated"]),
    ("per hour, average", lambda r: f'{r["overall"]["per_hour_avg"]:.2f}'),
    ("per hour, peak", lambda r: r["overall"]["per_hour_peak"]),
    ("per 10 min, peak", lambda r: r["overall"]["per_10min_peak"]),
    ("10-min periods in flood", lambda r: f'{100 * r["overall"]["flood_share"]:.1f} %'),
    ("alarms per tag per day", lambda r: f'{r["overall"]["per_tag_per_day"]:.3f}'),
    ("top-10 share of the load", lambda r: f'{100 * r["bad_actor_share"]:.1f} %'),
    ("chattering alarms", lambda r: len(r["chattering"])),
    ("standing alarms (> 24 h)", lambda r: len(r["standing"])),
    ("alarms with activity", lambda r: len(r["alarms"])),
]
for label, f in rows:
    print(f"| {label} | {f(a)} | {f(b)} |")
top = ", ".join(f'{x["id"].split("/", 1)[1]} {x["count"]}' for x in a["bad_actors"][:5])
print(f"\nNaive top five: {top}.\n")

print("Fault runs (fault at 08:00; detection delay = first activation at or after 08:00):\n")
print("| run | A before 08:00 | A from 08:00 | A delay | A first alarm | B before 08:00 | B from 08:00 | B delay | B first alarm |")
print("|---|---:|---:|---:|---|---:|---:|---:|---|")
for run in runs[1:]:
    d = load(run)
    cells = []
    for side in ("a", "b"):
        r = d[side]["report"]
        before = sum(x["before_reference"] for x in r["alarms"])
        total = sum(x["activations"] for x in r["alarms"])
        firsts = [(x["first_after_reference"], x["id"].split("/", 1)[1]) for x in r["alarms"] if x["first_after_reference"]]
        if firsts:
            t = min(firsts)[0]
            delay = hm(minutes(t) - minutes(FAULT_START))
            first = ", ".join(sorted(i for ts, i in firsts if ts == t))
        else:
            delay, first = "none", "-"
        cells += [str(before), str(total - before), delay, first]
    print(f"| {run} | " + " | ".join(cells) + " |")
PY
