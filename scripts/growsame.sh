#!/bin/sh
# growsame.sh SMALL LARGE ROUNDS BIN — the growth from the SMALL corpus to
# the LARGE one, measured so that the machine's phase cancels: one core
# builds LARGE once (A) while the other builds SMALL k times in a row (B;
# k = LARGE/SMALL reports, rounded), at the same time, one core each,
# swapping cores every round (scripts/sametime.sh). A/B at or below 1.00:
# the build's time grows no faster than linearly on one core.
#
# `make scale` measures the issue's line itself, on both cores, runs taken
# in turn; in the README's VM those runs move with the machine (the growth
# was higher in its fast phases). This one cannot tell about parallelism,
# and its small builds each pay the fixed costs once, so it leans against
# the small corpus.
set -eu
small=$1
large=$2
rounds=$3
bin=$4
count() { ls "$1/reports" | wc -l; }
ns=$(count "$small")
nl=$(count "$large")
k=$(((nl + ns / 2) / ns))
echo "growsame: A builds $nl reports once, B $ns reports $k times; A/B at or below 1.00: linear"
SAMETIME_WORK=${GROWSAME_WORK:-.cache/growsame} SAMETIME_CORPUS_B=$small SAMETIME_TIMES_B=$k \
	exec sh "$(dirname "$0")/sametime.sh" "$large" "$rounds" "$bin" "$bin"
