#!/bin/sh
# scale.sh SMALL LARGE BIN — cold builds of two benchmark corpora taking
# turns, small first and last (S L S L … S, SCALE_ROUNDS large runs,
# default 1), each with an empty cache into a new destination, and print
# each run's wall time, CPU time, peak RSS and reports/s, each large run's
# growth over the small runs just before and after it (the same phase of
# the machine), and issue 6's lines for the large corpus: under 60 s, under
# 2 GiB, growth no more than the ratio of the corpora. Run by `make scale`.
#
# SCALE_WORK (default .cache/scale) holds the sites and caches; on tmpfs each
# run's files are deleted as soon as it is measured (memory), elsewhere at
# the start of the next `make scale` (see scripts/bench.sh on deleting).
set -eu
small=$1
large=$2
bin=$3
work=${SCALE_WORK:-.cache/scale}
rounds=${SCALE_ROUNDS:-1}

if [ ! -x /usr/bin/time ]; then
	echo "scale: installing GNU time (apt-get install -y time)"
	apt-get install -y time >/dev/null || { echo "scale: need /usr/bin/time (Debian package time)"; exit 1; }
fi
mkdir -p "$work"
# The file system's type: findmnt names ext4 where stat -f says ext2/ext3;
# of mounts stacked on one folder, the last is the one in use.
fstype=$(findmnt -n -o FSTYPE -T "$work" 2>/dev/null | tail -1)
[ -n "$fstype" ] || fstype=$(stat -f -c %T "$work")
tmpfs=false
[ "$fstype" = tmpfs ] && tmpfs=true
if [ -e "$work/runs" ]; then
	rm -rf "$work"
	if ! $tmpfs; then
		echo "scale: deleted the previous run's files, waiting 65 s (see scripts/bench.sh)"
		sync
		sleep 65
	fi
	mkdir -p "$work"
fi
printf 'sources: false\n' >"$work/gongkai.yaml"

count() { ls "$1/reports" | wc -l; }
reclaimed() { sh "$(dirname "$0")/reclaimed.sh"; }
avail() { awk '/^MemAvailable:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo 2>/dev/null; }
ns=$(count "$small")
nl=$(count "$large")
echo "scale: $ns and $nl reports on $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') ($(avail) GiB available), into $fstype"
sh "$(dirname "$0")/faultcost.sh"
# Both corpora start in the page cache.
for c in "$small" "$large"; do find "$c/reports" -type f -exec cat {} + >/dev/null; done

field() { sed -n "s/^[[:space:]]*$1: //p" "$2" | head -1; }
secs() { echo "$1" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }'; }

# run NAME CORPUS N: one cold build; appends "NAME N wall user sys rssKiB"
# to runs and its stage times to stages.
i=0
run() {
	i=$((i + 1))
	dir="$work/run-$i"
	sync
	sleep 2
	before=$(reclaimed)
	GONGKAI_TIMING=1 /usr/bin/time -v -o "$dir.time" "$bin" build --config "$work/gongkai.yaml" --source "$2" \
		--destination "$dir/site" --cache "$dir/cache" 2>"$dir.log" >/dev/null ||
		{ cat "$dir.log"; exit 1; }
	wall=$(secs "$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$dir.time")")
	user=$(field 'User time (seconds)' "$dir.time")
	sys=$(field 'System time (seconds)' "$dir.time")
	rss=$(field 'Maximum resident set size (kbytes)' "$dir.time")
	scanned=$(($(reclaimed) - before))
	echo "$1 $3 $wall $user $sys $rss $scanned" >>"$work/runs"
	# stage lines as "size stage seconds", for the growth of each stage
	sed -n -E 's/^gongkai: ([a-z]+) +([0-9.hms]+) .*/\1 \2/p' "$dir.log" | awk -v size="$1" '{
		t = $2; s = 0
		if (t ~ /h/) { split(t, a, "h"); s += a[1] * 3600; t = a[2] }
		if (t ~ /m[0-9]/) { split(t, a, "m"); s += a[1] * 60; t = a[2] }
		if (t ~ /ms$/) { sub(/ms$/, "", t); s += t / 1000 } else { sub(/s$/, "", t); s += t }
		print size, $1, s }' >>"$work/stages"
	awk -v name="$1" -v n="$3" -v wall="$wall" -v user="$user" -v sys="$sys" -v rss="$rss" -v scanned="$scanned" 'BEGIN {
		printf "%-6s %7d reports %8.2f s wall %8.2f s cpu (%.2f user, %.2f sys) %6.0f MiB peak RSS %7.0f reports/s\n",
			name, n, wall, user + sys, user, sys, rss / 1024, n / wall
		if (scanned > 0) printf "       the kernel scanned %d pages to reclaim memory during this run: short of memory, not the build alone\n", scanned }'
	if $tmpfs; then rm -rf "$dir"; fi
}

: >"$work/runs"
: >"$work/stages"
run small "$small" "$ns"
r=1
while [ "$r" -le "$rounds" ]; do
	run large "$large" "$nl"
	run small "$small" "$ns"
	r=$((r + 1))
done

# Each large run against the mean of the small runs beside it.
awk -v ns="$ns" -v nl="$nl" '
	{ name[NR] = $1; wall[NR] = $3; rss[NR] = $6; if ($7 > 0) short++ }
	END {
		ideal = nl / ns
		linear = 1; fast = 1; small = 1
		for (k = 2; k < NR; k += 2) {
			g = wall[k] / ((wall[k-1] + wall[k+1]) / 2)
			printf "growth %d → %d, run %d: %.2f s against %.2f and %.2f s: %.2f× (linear: %.2f×)\n", ns, nl, k / 2, wall[k], wall[k-1], wall[k+1], g, ideal
			if (g > ideal) linear = 0
			if (wall[k] >= 60) fast = 0
			if (rss[k] >= 2 * 1024 * 1024) small = 0
			gs[++ng] = g
		}
		# the median of the runs: one run moves with the machine
		for (a = 2; a <= ng; a++) for (b = a; b > 1 && gs[b-1] > gs[b]; b--) { t = gs[b]; gs[b] = gs[b-1]; gs[b-1] = t }
		if (ng > 1) printf "growth over %d runs: median %.2f×, %.2f–%.2f×\n", ng, (ng % 2 ? gs[(ng+1)/2] : (gs[ng/2] + gs[ng/2+1]) / 2), gs[1], gs[ng]
		if (short) printf "%d of %d runs were short of memory (the kernel reclaimed pages): free memory and measure again\n", short, NR
		printf "%d reports under 60 s: %s; peak RSS under 2 GiB: %s; growth no faster than linear: %s\n", nl, fast ? "yes" : "no", small ? "yes" : "no", linear ? "yes" : "no"
	}' "$work/runs"

# Each stage's mean wall time at both sizes, in the order the build runs them.
echo "stages (mean wall time; GONGKAI_TIMING):"
awk -v ns="$ns" -v nl="$nl" '
	!($2 in seen) { seen[$2] = 1; order[++n] = $2 }
	{ sum[$1, $2] += $3; cnt[$1, $2]++ }
	END {
		printf "  %-10s %10s %10s %8s\n", "stage", ns, nl, "growth"
		for (k = 1; k <= n; k++) {
			st = order[k]
			a = sum["small", st] / cnt["small", st]; b = sum["large", st] / cnt["large", st]
			if (a < 0.05 && b < 0.05) continue
			printf "  %-10s %9.2fs %9.2fs %7.2f×\n", st, a, b, (a > 0 ? b / a : 0)
		}
	}' "$work/stages"
