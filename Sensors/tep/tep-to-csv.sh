#!/usr/bin/env bash
# tep-to-csv.sh IN.dat OUT.csv [START_EPOCH_MS]
#
# Turns one Tennessee Eastman data file (Braatz et al., shared/data/tep) into hazmon replay CSV:
#   ts,enterprise,tag,value,quality
# one row per catalogued variable per observation, enterprise TEP, quality good, ts in epoch ms:
# START_EPOCH_MS (default 1767225600000 = 2026-01-01T00:00:00Z) + 180000 per observation (3 min).
#
# Only the 21 process measurements that Sensors/tep/tep.yaml catalogues are written: XMEAS(1..19),
# XMEAS(21), XMEAS(22). Compressor work XMEAS(20) has no hazmon tag kind, the analysers
# XMEAS(23..41) are compositions and XMV(1..11) are valve positions; none is in the catalog, so
# writing them would only fill the dead-letter store. Column → tag map: Sensors/tep/README.md.
#
# Works for the *_te.dat files (one observation per line, 52 columns) and for d00.dat, which is
# stored transposed (52 lines of 500 values) and is turned back here. Needs bash and awk only
# (mawk, gawk or busybox awk). OUT.csv may be '-' for stdout.
set -euo pipefail

usage() {
    echo "usage: ${0##*/} IN.dat OUT.csv [START_EPOCH_MS]" >&2
    exit 2
}

[[ $# -eq 2 || $# -eq 3 ]] || usage
in=$1
out=$2
start=${3:-1767225600000}
[[ -r $in ]] || { echo "${0##*/}: cannot read $in" >&2; exit 1; }
[[ $start =~ ^[0-9]+$ ]] || { echo "${0##*/}: START_EPOCH_MS must be a non-negative integer: $start" >&2; exit 2; }

# column:tag, in column order. Keep in step with tep.yaml (the tag names say XMEAS(n)).
map="1:FEED.A.FT 2:FEED.D.FT 3:FEED.E.FT 4:FEED.AC.FT 5:RECY.FT 6:R.FEED.FT 7:R.PT 8:R.LT 9:R.TT
10:PURGE.FT 11:SEP.TT 12:SEP.LT 13:SEP.PT 14:SEP.UF.FT 15:STR.LT 16:STR.PT 17:STR.UF.FT 18:STR.TT
19:STR.STM.FT 21:R.CWR.TT 22:SEP.CWR.TT"

convert() {
    awk -v start="$start" -v step=180000 -v map="$map" -v src="$in" '
        BEGIN {
            n = split(map, pairs, /[ \n]+/)
            ncols = 0
            for (i = 1; i <= n; i++) {
                if (pairs[i] == "") continue
                split(pairs[i], kv, ":")
                ncols++; col[ncols] = kv[1] + 0; tag[ncols] = kv[2]
            }
        }
        { sub(/\r$/, "") }
        NF == 0 { next }
        {
            lines++
            if (lines == 1) width = NF
            else if (NF != width) { printf "%s:%d: %d fields, expected %d\n", src, NR, NF, width > "/dev/stderr"; bad = 1; exit 1 }
            for (j = 1; j <= NF; j++) cell[lines, j] = $j
        }
        END {
            if (bad) exit 1
            if (lines == 52 && width != 52) { obs = width; transposed = 1 }   # d00.dat: variables as rows
            else if (width == 52) { obs = lines; transposed = 0 }
            else { printf "%s: neither 52 columns nor 52 rows (%d x %d)\n", src, lines, width > "/dev/stderr"; exit 1 }
            print "ts,enterprise,tag,value,quality"
            for (r = 1; r <= obs; r++) {
                ts = sprintf("%.0f", start + (r - 1) * step)
                for (c = 1; c <= ncols; c++) {
                    v = transposed ? cell[col[c], r] : cell[r, col[c]]
                    printf "%s,TEP,%s,%.10g,good\n", ts, tag[c], v + 0
                }
            }
        }
    ' "$in"
}

if [[ $out == - ]]; then
    convert
else
    tmp="$out.tmp.$$"
    trap 'rm -f "$tmp"' EXIT
    convert >"$tmp"
    mv "$tmp" "$out"
    trap - EXIT
fi
