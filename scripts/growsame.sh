#!/bin/sh
# growsame.sh SMALL LARGE ROUNDS BIN — the growth from the SMALL corpus to
# the LARGE one, measured so that the machine's phase cancels: one core
# builds LARGE once while the other builds SMALL k times in a row (k =
# LARGE/SMALL reports, rounded), at the same time, one core each
# (taskset, GOMAXPROCS=1), swapping cores every round. Prints each
# round's large time against the sum of the small ones and the geometric
# mean of those ratios: at or below 1.00, the build's time grows no faster
# than linearly on one core.
#
# `make scale` measures the issue's line itself, on both cores, runs taken
# in turn; in the README's VM those runs move with the machine (the growth
# was higher in its fast phases). This one cannot tell about parallelism,
# and its small builds each pay the fixed costs once, so it leans against
# the small corpus. Needs two cores, GNU time, and memory for two builds.
set -eu
small=$1
large=$2
rounds=$3
bin=$4
work=${GROWSAME_WORK:-.cache/growsame}
rm -rf "$work"
mkdir -p "$work"
printf 'sources: false\n' >"$work/gongkai.yaml"
count() { ls "$1/reports" | wc -l; }
ns=$(count "$small")
nl=$(count "$large")
k=$(( (nl + ns / 2) / ns ))
echo "growsame: $nl reports once against $ns reports $k times, one core each, $rounds rounds"

# build CORPUS CPU NAME ROUND: one cold build pinned to CPU, its wall time appended to times
build() {
	rm -rf "$work/$3-site" "$work/$3-cache"
	GOMAXPROCS=1 taskset -c "$2" /usr/bin/time -f "$4 $3 %e" -a -o "$work/times" \
		"$bin" build --config "$work/gongkai.yaml" --source "$1" \
		--destination "$work/$3-site" --cache "$work/$3-cache" >/dev/null 2>"$work/$3.log" ||
		{ cat "$work/$3.log"; exit 1; }
}
r=1
while [ "$r" -le "$rounds" ]; do
	rm -rf "$work"/*-site "$work"/*-cache
	sync
	sleep 2
	if [ $((r % 2)) = 1 ]; then cl=0 cs=1; else cl=1 cs=0; fi
	build "$large" "$cl" large "$r" &
	pl=$!
	(
		j=1
		while [ "$j" -le "$k" ]; do
			build "$small" "$cs" small "$r"
			j=$((j + 1))
		done
	) &
	ps=$!
	wait "$pl"
	wait "$ps"
	r=$((r + 1))
done
rm -rf "$work"/*-site "$work"/*-cache
awk -v k="$k" '$2 == "large" { l[$1] = $3 } $2 == "small" { s[$1] += $3 } { n = $1 > n ? $1 : n }
	END {
		g = 0
		for (r = 1; r <= n; r++) {
			printf "round %d: large %.2f s on cpu %d, %d small %.2f s on cpu %d: %.3f\n", r, l[r], (r % 2 ? 0 : 1), k, s[r], (r % 2 ? 1 : 0), l[r] / s[r]
			g += log(l[r] / s[r])
		}
		printf "large / %d small over %d rounds, geometric mean: %.3f (at or below 1.00: linear)\n", k, n, exp(g / n)
	}' "$work/times"
