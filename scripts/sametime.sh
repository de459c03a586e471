#!/bin/sh
# sametime.sh CORPUS ROUNDS BIN_A BIN_B — compares two gongkai binaries by
# building CORPUS with both at the same time, one core each (taskset,
# GOMAXPROCS=1), swapping cores every round, and prints each round's times
# and the geometric mean of A/B over all rounds (above 1: B took less).
# SAMETIME_CORPUS_B and SAMETIME_TIMES_B (default CORPUS and 1) make B
# build another corpus, that many times in a row (scripts/growsame.sh).
#
# Runs taken in turn see the machine in different phases; runs at the same
# time see the same one. The cores need not be equal (in the VM of the
# README they differed by up to half, and which one was slow changed):
# swapping them each round cancels that, as far as it holds still for two
# rounds. Needs two cores, GNU time, and memory for two builds at once: a
# round during which the kernel reclaimed memory is flagged (reclaimed.sh).
set -eu
corpus=$1
rounds=$2
a=$3
b=$4
corpus_b=${SAMETIME_CORPUS_B:-$corpus}
times_b=${SAMETIME_TIMES_B:-1}
work=${SAMETIME_WORK:-.cache/sametime}
rm -rf "$work"
mkdir -p "$work"
printf 'sources: false\n' >"$work/gongkai.yaml"

# one NAME BIN CORPUS CPU ROUND: one cold build pinned to CPU, its times
# appended to times
one() {
	rm -rf "$work/site-$1" "$work/cache-$1"
	GOMAXPROCS=1 taskset -c "$4" /usr/bin/time -f "$5 $1 %e %U %S %M" -a -o "$work/times" \
		"$2" build --config "$work/gongkai.yaml" --source "$3" \
		--destination "$work/site-$1" --cache "$work/cache-$1" >/dev/null 2>"$work/$1.log" ||
		{ cat "$work/$1.log"; exit 1; }
}
r=1
while [ "$r" -le "$rounds" ]; do
	rm -rf "$work"/site-* "$work"/cache-*
	sync
	sleep 2
	if [ $((r % 2)) = 1 ]; then ca=0 cb=1; else ca=1 cb=0; fi
	before=$(sh "$(dirname "$0")/reclaimed.sh")
	one A "$a" "$corpus" "$ca" "$r" &
	pa=$!
	(
		j=1
		while [ "$j" -le "$times_b" ]; do
			one B "$b" "$corpus_b" "$cb" "$r"
			j=$((j + 1))
		done
	) &
	pb=$!
	wait "$pa"
	wait "$pb"
	scanned=$(($(sh "$(dirname "$0")/reclaimed.sh") - before))
	if [ "$scanned" -gt 0 ]; then
		echo "round $r: the kernel scanned $scanned pages to reclaim memory: short of memory, not the builds alone"
		echo "$r" >>"$work/short"
	fi
	r=$((r + 1))
done
rm -rf "$work"/site-* "$work"/cache-*
# B's builds of a round add up.
awk '{ t[$1, $2] += $3; cpu[$1, $2] += $4 + $5; n = $1 > n ? $1 : n }
	END {
		s = 0
		for (r = 1; r <= n; r++) {
			printf "round %d: A %.2f s on cpu %d, B %.2f s on cpu %d (CPU %.2f and %.2f s)\n", r, t[r, "A"], (r % 2 ? 0 : 1), t[r, "B"], (r % 2 ? 1 : 0), cpu[r, "A"], cpu[r, "B"]
			s += log(t[r, "A"] / t[r, "B"])
		}
		printf "A/B over %d rounds, geometric mean: %.3f (above 1: B took less)\n", n, exp(s / n)
	}' "$work/times"
if [ -s "$work/short" ]; then
	echo "$(wc -l <"$work/short") of $rounds rounds were short of memory: free memory and measure again"
fi
