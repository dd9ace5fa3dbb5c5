#!/usr/bin/env python3
"""Reference check of the TEP catalog's limits against the recorded Tennessee Eastman runs.

Replays shared/data/tep/*_te.dat (or CSV written by tep-to-csv.sh) through an independent,
minimal implementation of SPEC Appendix B for the rules tep.yaml uses: absolute limits
HH/H/L/LL with deadband, on_delay and off_delay, and BAD for values outside the instrument
range. It is not hazmon: it exists to tune the limits and to give hazmon's own replay numbers
to agree with. Python 3 standard library only.

    check_limits.py                       # d00_te and d06_te: summary
    check_limits.py --derive              # mean/σ of normal operation (d00.dat), suggested limits
    check_limits.py --events d06_te.dat   # every activate/return
    check_limits.py --all                 # every *_te.dat in the data folder
    check_limits.py --assert              # exit 1 unless the tuning targets hold
    check_limits.py run.csv               # CSV from tep-to-csv.sh instead of a .dat file

Times are reported from the first sample (row 1 at 0:00) and relative to the fault start:
the fault is introduced after observation 160, i.e. at row 161 = 8 h = 480 min.
"""

import argparse
import glob
import math
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CATALOG = os.path.join(HERE, "tep.yaml")
DEFAULT_DATA = os.environ.get(
    "TEP_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "tep"))
SAMPLE_MS = 180_000            # one row every 3 minutes
FAULT_ROW = 161                # first faulted row (1-based)
FAULT_MS = (FAULT_ROW - 1) * SAMPLE_MS

# Tuning targets (README.md): few activations in normal operation, reactor pressure H and HH
# on the A-feed loss of fault 6 before the 3000 kPa shutdown.
MAX_NORMAL_ACTIVATIONS = 10


# ---------------------------------------------------------------------------------------------
# A small YAML subset reader: block mappings and sequences, flow maps and lists, quoted and plain
# scalars, comments. Enough for the catalogs in Sensors/; it refuses what it does not understand.
# ---------------------------------------------------------------------------------------------

class YamlError(Exception):
    pass


def _strip_comment(line):
    out, quote = [], None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        out.append(ch)
    return "".join(out).rstrip()


def _scalar(text):
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"":
        return t[1:-1]
    if t in ("true", "True"):
        return True
    if t in ("false", "False"):
        return False
    if t in ("null", "~", ""):
        return None
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        return t


def _flow(text, pos=0):
    """Parse a flow value starting at text[pos]; return (value, next position)."""
    def skip(p):
        while p < len(text) and text[p] in " \t":
            p += 1
        return p

    pos = skip(pos)
    if pos < len(text) and text[pos] in "{[":
        closing = "}" if text[pos] == "{" else "]"
        is_map = text[pos] == "{"
        result = {} if is_map else []
        pos = skip(pos + 1)
        if pos < len(text) and text[pos] == closing:
            return result, pos + 1
        while True:
            if is_map:
                colon = text.find(":", pos)
                if colon < 0:
                    raise YamlError(f"missing ':' in flow map: {text}")
                key = _scalar(text[pos:colon])
                value, pos = _flow(text, colon + 1)
                result[key] = value
            else:
                value, pos = _flow(text, pos)
                result.append(value)
            pos = skip(pos)
            if pos < len(text) and text[pos] == ",":
                pos = skip(pos + 1)
                continue
            if pos < len(text) and text[pos] == closing:
                return result, pos + 1
            raise YamlError(f"bad flow collection: {text}")
    # plain or quoted scalar up to the next ',', '}' or ']' outside quotes
    start, quote = pos, None
    while pos < len(text):
        ch = text[pos]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in ",}]":
            break
        pos += 1
    return _scalar(text[start:pos]), pos


def _value(text):
    text = text.strip()
    if text.startswith(("{", "[")):
        value, end = _flow(text)
        if text[end:].strip():
            raise YamlError(f"trailing text after flow value: {text}")
        return value
    return _scalar(text)


def load_yaml(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = _strip_comment(raw.rstrip("\n"))
            if line.strip():
                if "\t" in line[: len(line) - len(line.lstrip())]:
                    raise YamlError(f"tab indentation: {raw!r}")
                lines.append((len(line) - len(line.lstrip(" ")), line.strip()))
    value, end = _block(lines, 0, lines[0][0] if lines else 0)
    if end != len(lines):
        raise YamlError(f"unexpected indentation at: {lines[end][1]}")
    return value


def _split_key(content):
    m = re.match(r'^("[^"]*"|\'[^\']*\'|[^:\s][^:]*?):(\s+(.*))?$', content)
    if not m:
        raise YamlError(f"expected 'key: value': {content}")
    return _scalar(m.group(1)), (m.group(3) or "")


def _block(lines, i, indent):
    if lines[i][1].startswith("- ") or lines[i][1] == "-":
        seq = []
        while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("-"):
            rest = lines[i][1][1:].strip()
            if not rest:
                item, i = _block(lines, i + 1, lines[i + 1][0])
            elif re.match(r'^("[^"]*"|\'[^\']*\'|[^:\s{\["\'][^:]*?):(\s|$)', rest):
                # "- key: value" opens a mapping whose further keys sit at indent + 2
                sub = [(indent + 2, rest)]
                j = i + 1
                while j < len(lines) and lines[j][0] > indent:
                    sub.append(lines[j])
                    j += 1
                item, end = _block(sub, 0, indent + 2)
                if end != len(sub):
                    raise YamlError(f"unexpected indentation at: {sub[end][1]}")
                i = j
            else:
                item, i = _value(rest), i + 1
            seq.append(item)
        return seq, i
    mapping = {}
    while i < len(lines) and lines[i][0] == indent:
        key, rest = _split_key(lines[i][1])
        if key in mapping:
            raise YamlError(f"duplicate key {key!r}")
        i += 1
        if rest:
            mapping[key] = _value(rest)
        elif i < len(lines) and (lines[i][0] > indent or
                                 (lines[i][0] == indent and lines[i][1].startswith("-"))):
            mapping[key], i = _block(lines, i, lines[i][0])
        else:
            mapping[key] = None
    return mapping, i


# ---------------------------------------------------------------------------------------------
# Catalog → limit rules
# ---------------------------------------------------------------------------------------------

def duration_ms(text):
    if isinstance(text, (int, float)):
        raise ValueError(f"duration needs a unit (500ms, 10s, 5m, 2h): {text}")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)", str(text).strip())
    if not m:
        raise ValueError(f"bad duration {text!r}")
    return round(float(m.group(1)) * {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}[m.group(2)])


def deadband_value(raw, span):
    if raw is None:
        return 0.0
    if isinstance(raw, str) and raw.strip().endswith("%"):
        return float(raw.strip()[:-1]) / 100.0 * span
    return float(raw)


class Limit:
    def __init__(self, tag, condition, value, deadband, on_ms, off_ms):
        self.tag, self.condition = tag, condition
        self.value, self.deadband, self.on_ms, self.off_ms = value, deadband, on_ms, off_ms
        self.high = condition in ("HH", "H")


class Tag:
    def __init__(self, spec):
        self.id = spec["id"]
        self.name = spec.get("name", "")
        m = re.search(r"XMEAS\((\d+)\)", self.name)
        self.column = int(m.group(1)) if m else None
        self.kind, self.unit = spec.get("kind"), spec.get("unit", "")
        lo, hi = spec.get("range", [None, None])
        self.range = (float(lo), float(hi)) if lo is not None else None
        span = (self.range[1] - self.range[0]) if self.range else 0.0
        self.limits = []
        for cond, raw in (spec.get("limits") or {}).items():
            if cond not in ("HH", "H", "L", "LL"):
                raise ValueError(f"{self.id}: unknown limit {cond}")
            obj = raw if isinstance(raw, dict) else {"value": raw}
            self.limits.append(Limit(
                self.id, cond, float(obj["value"]),
                deadband_value(obj.get("deadband", spec.get("deadband")), span),
                duration_ms(obj.get("on_delay", spec.get("on_delay", "0s"))),
                duration_ms(obj.get("off_delay", spec.get("off_delay", "0s")))))
        order = {"HH": 0, "H": 1, "L": 2, "LL": 3}
        self.limits.sort(key=lambda l: order[l.condition])


def load_catalog(path):
    doc = load_yaml(path)
    try:
        import yaml  # optional: cross-check the subset reader against PyYAML when present
        with open(path, encoding="utf-8") as f:
            if yaml.safe_load(f) != doc:
                raise YamlError("subset YAML reader disagrees with PyYAML on " + path)
    except ImportError:
        pass
    tags = []
    for hs in doc["hazard_sources"]:
        for spec in hs["tags"]:
            tags.append(Tag(spec))
    ids = [t.id for t in tags]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate tag ids")
    return doc["enterprise"]["id"], tags


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

def load_dat(path):
    rows = [list(map(float, line.split())) for line in open(path) if line.strip()]
    if len(rows) == 52 and len(rows[0]) != 52:      # d00.dat is stored transposed
        rows = [list(r) for r in zip(*rows)]
    if any(len(r) != 52 for r in rows):
        raise ValueError(f"{path}: expected 52 columns")
    return rows


def series_from_dat(path, tags):
    rows = load_dat(path)
    out = {}
    for t in tags:
        out[t.id] = [(i * SAMPLE_MS, r[t.column - 1], "good") for i, r in enumerate(rows)]
    return out, 0


def series_from_csv(path, tags, enterprise):
    known = {t.id for t in tags}
    out = {t.id: [] for t in tags}
    first = None
    with open(path) as f:
        header = f.readline().strip().split(",")
        if header[:4] != ["ts", "enterprise", "tag", "value"]:
            raise ValueError(f"{path}: expected header ts,enterprise,tag,value[,quality]")
        for line in f:
            parts = line.rstrip("\n").split(",")
            ts, ent, tag, value = int(parts[0]), parts[1], parts[2], float(parts[3])
            quality = parts[4] if len(parts) > 4 and parts[4] else "good"
            if ent != enterprise or tag not in known:
                raise ValueError(f"{path}: unknown {ent}/{tag}")
            first = ts if first is None else min(first, ts)
            out[tag].append((ts, value, quality))
    return out, first


# ---------------------------------------------------------------------------------------------
# Appendix B semantics
# ---------------------------------------------------------------------------------------------

def evaluate_limit(limit, series):
    """Yield (ts, transition, value) for one absolute limit over one tag's samples."""
    active, pending, clearing, last_ts = False, None, None, None
    for ts, v, q in series:
        if last_ts is not None and ts <= last_ts:
            continue                       # late or duplicate: dropped
        last_ts = ts
        if q == "bad" or not math.isfinite(v):
            continue                       # seen only by BAD and STALE
        if not active:
            hit = v >= limit.value if limit.high else v <= limit.value
            if hit:
                pending = ts if pending is None else pending
                if ts - pending >= limit.on_ms:
                    active, pending, clearing = True, None, None
                    yield ts, "activate", v
            else:
                pending = None
        else:
            clear = (v < limit.value - limit.deadband) if limit.high else (v > limit.value + limit.deadband)
            if clear:
                clearing = ts if clearing is None else clearing
                if ts - clearing >= limit.off_ms:
                    active, pending, clearing = False, None, None
                    yield ts, "return", v
            else:
                clearing = None


def evaluate_bad(tag, series):
    active, last_ts = False, None
    for ts, v, q in series:
        if last_ts is not None and ts <= last_ts:
            continue
        last_ts = ts
        bad = q == "bad" or not math.isfinite(v) or (
            tag.range is not None and not (tag.range[0] <= v <= tag.range[1]))
        if bad and not active:
            active = True
            yield ts, "activate", v
        elif not bad and active:
            active = False
            yield ts, "return", v


def run(tags, series):
    events = []
    for t in tags:
        s = series[t.id]
        for lim in t.limits:
            for ts, tr, v in evaluate_limit(lim, s):
                events.append((ts, t.id, lim.condition, tr, v, lim.value))
        for ts, tr, v in evaluate_bad(t, s):
            events.append((ts, t.id, "BAD", tr, v, None))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    return events


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------

def hm(ms):
    sign = "-" if ms < 0 else "+"
    minutes = abs(ms) // 60_000
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


def report(name, events, t0, show_events):
    acts = [e for e in events if e[3] == "activate"]
    print(f"== {name}: {len(acts)} activations, "
          f"{sum(1 for e in events if e[3] == 'return')} returns")
    by_alarm = {}
    for e in acts:
        by_alarm.setdefault((e[1], e[2]), []).append(e)
    for (tag, cond), lst in sorted(by_alarm.items(), key=lambda kv: kv[1][0][0]):
        first = lst[0]
        print(f"   {tag:<12} {cond:<3} x{len(lst):<3} first at {hm(first[0] - t0)[1:]:>6} "
              f"(fault {hm(first[0] - t0 - FAULT_MS)})  value {first[4]:.6g}"
              + (f"  limit {first[5]:g}" if first[5] is not None else ""))
    if show_events:
        for ts, tag, cond, tr, v, lim in events:
            print(f"   {hm(ts - t0)[1:]:>6} {tag:<12} {cond:<3} {tr:<8} {v:.6g}")
    return acts


def derive(data_dir, tags, k):
    rows = load_dat(os.path.join(data_dir, "d00.dat"))
    print(f"normal operation d00.dat: {len(rows)} samples; suggested H/L = mean ± {k}σ, rounded "
          f"outwards to 10^(floor(log10 σ) - 1); deadband σ to 2 significant digits")
    print(f"{'tag':<12} {'col':>3} {'mean':>10} {'σ':>9} {'L':>10} {'H':>10} {'deadband':>8}   catalog")
    for t in tags:
        col = [r[t.column - 1] for r in rows]
        mean, sd = statistics.mean(col), statistics.stdev(col)
        step = 10 ** (math.floor(math.log10(sd)) - 1)
        lo = math.floor(round((mean - k * sd) / step, 6)) * step
        hi = math.ceil(round((mean + k * sd) / step, 6)) * step
        digits = max(0, -int(math.floor(math.log10(step))))
        cat = " ".join(f"{l.condition}={l.value:g}" for l in t.limits)
        print(f"{t.id:<12} {t.column:>3} {mean:>10.5g} {sd:>9.3g} {lo:>10.{digits}f} {hi:>10.{digits}f} "
              f"{float(f'{sd:.2g}'):>8g}   {cat}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help=".dat or .csv runs (default: d00_te.dat d06_te.dat)")
    ap.add_argument("--catalog", default=DEFAULT_CATALOG)
    ap.add_argument("--data", default=DEFAULT_DATA, help="folder of the .dat files ($TEP_DATA)")
    ap.add_argument("--all", action="store_true", help="every *_te.dat in --data")
    ap.add_argument("--events", action="store_true", help="list every transition")
    ap.add_argument("--derive", action="store_true", help="statistics of d00.dat and suggested limits")
    ap.add_argument("-k", type=float, default=5.0, help="σ multiple for --derive (default 5)")
    ap.add_argument("--assert", dest="check", action="store_true", help="exit 1 unless the targets hold")
    args = ap.parse_args()

    enterprise, tags = load_catalog(args.catalog)
    missing = [t.id for t in tags if t.column is None]
    if missing:
        sys.exit(f"tags without XMEAS(n) in their name: {missing}")
    if args.derive:
        derive(args.data, tags, args.k)
        return

    files = args.files or ["d00_te.dat", "d06_te.dat"]
    if args.all:
        files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(args.data, "d*_te.dat")))
    print(f"catalog {os.path.relpath(args.catalog)}: {len(tags)} tags, "
          f"{sum(len(t.limits) for t in tags)} limits; fault start = row {FAULT_ROW} = +8:00")
    failures = []
    for name in files:
        path = name if os.path.exists(name) else os.path.join(args.data, name)
        if path.endswith(".csv"):
            series, t0 = series_from_csv(path, tags, enterprise)
        else:
            series, t0 = series_from_dat(path, tags)
        acts = report(os.path.basename(path), run(tags, series), t0, args.events)
        base = os.path.basename(path)
        if base.startswith("d00_te") and len(acts) >= MAX_NORMAL_ACTIVATIONS:
            failures.append(f"{base}: {len(acts)} activations in normal operation "
                            f"(target < {MAX_NORMAL_ACTIVATIONS})")
        if base.startswith("d06_te"):
            for cond in ("H", "HH"):
                hit = [e for e in acts if e[1] == "R.PT" and e[2] == cond]
                if not hit or hit[0][0] - t0 < FAULT_MS:
                    failures.append(f"{base}: R.PT {cond} did not fire after the fault")
    if args.check:
        for f in failures:
            print("FAIL:", f)
        if failures:
            sys.exit(1)
        print("OK: targets hold")


if __name__ == "__main__":
    main()
