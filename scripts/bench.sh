#!/bin/sh
# bench.sh CORPUS BIN — build CORPUS/reports with gongkai (cold builds with
# an empty cache, then a rebuild after one report changed) and with Hugo
# (the same reports as plain Markdown pages, minimal layout), side by side,
# taking turns for BENCH_ROUNDS rounds (default 2), and print each run's
# wall time, CPU time, peak RSS, files and bytes and reports/s, and the
# ratio gongkai / Hugo of the best wall times. Run by `make bench`.
set -eu
corpus=$1
bin=$2
work=${BENCH_WORK:-.cache/bench}
n=$(ls "$corpus/reports" | wc -l)

need() { command -v "$1" >/dev/null 2>&1; }
if [ ! -x /usr/bin/time ]; then
	echo "bench: installing GNU time (apt-get install -y time)"
	apt-get install -y time >/dev/null || { echo "bench: need /usr/bin/time (Debian package time)"; exit 1; }
fi
if ! need hugo; then
	echo "bench: installing Hugo (apt-get install -y hugo)"
	apt-get install -y hugo >/dev/null || { echo "bench: need hugo (Debian package hugo), run as root"; exit 1; }
fi

# The previous run's files are deleted first, and the timings wait a
# minute after that: this VM's ext4 (no journal, online discard) skips, for
# each new inode, every free inode deleted in the last 60 s, one buffer-cache
# lookup each (perf: ext4 recently_deleted → find_get_block_common). Right
# after deleting a previous site, creating 60,000 small files took up to 12 s
# of system time instead of 1.5–4 s, charged to whichever tool ran first.
if [ -e "$work" ]; then
	echo "bench: deleting the previous run's files, then waiting 65 s (see scripts/bench.sh)"
	rm -rf "$work"
	sync
	sleep 65
fi
mkdir -p "$work"
# gongkai: sources off (the size target), its own cache and destination.
cat >"$work/gongkai.yaml" <<YAML
sources: false
YAML

# field NAME FILE: one value of /usr/bin/time -v's report.
field() { sed -n "s/^[[:space:]]*$1: //p" "$2" | head -1; }
secs() { # h:mm:ss or m:ss.xx → seconds
	echo "$1" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }'
}
report() { # NAME TIMEFILE DIR
	wall=$(secs "$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$2")")
	user=$(field 'User time (seconds)' "$2")
	sys=$(field 'System time (seconds)' "$2")
	rss=$(field 'Maximum resident set size (kbytes)' "$2")
	files=$(find "$3" -type f | wc -l)
	bytes=$(find "$3" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
	awk -v name="$1" -v n="$n" -v wall="$wall" -v user="$user" -v sys="$sys" -v rss="$rss" -v files="$files" -v bytes="$bytes" 'BEGIN {
		printf "%-18s %8.2f s wall %8.2f s cpu %7.0f MiB peak RSS %8d files %9.1f MB %7.1f KB/report %8.0f reports/s\n",
			name, wall, user + sys, rss / 1024, files, bytes / 1e6, bytes / n / 1024, n / wall }'
	echo "$wall" >"$work/$1.wall"
}

echo "bench: $n reports in $corpus on $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }')"
sh "$(dirname "$0")/faultcost.sh"

# Each timed run starts with the disk's dirty pages written out: creating
# files while the kernel flushes a previous gigabyte costs several times the
# system time (measured on ext4 in a VM), and would charge one tool for the
# other's writes.
settle() { sync; sleep 2; }

# gongkai, cold: no cache, no previous site; GONGKAI_TIMING prints each
# stage's time, Go heap and peak RSS into the log.
export GONGKAI_TIMING=1
# Both tools start with their input in the page cache: Hugo's content is
# written just before its first run, so gongkai's corpus is read once here.
find "$corpus/reports" -type f -exec cat {} + >/dev/null
go run ./scripts/hugosite -in "$corpus/reports" -out "$work/hugo"

# BENCH_ROUNDS rounds (default 2), the tools taking turns, each into new
# directories (deleting would slow the next run's file creation, see above).
# The ratio is of the best wall times: in this VM the first touch of memory
# it has not used lately costs several times a later one (a process
# touching 4 GiB: 8.3 s of system time, then 1.5 s when run again), which
# charges whichever run comes first, most of all Hugo's 4.5 GiB heap.
rounds=${BENCH_ROUNDS:-2}
r=1
while [ "$r" -le "$rounds" ]; do
	settle
	/usr/bin/time -v -o "$work/gongkai.time" "$bin" build --config "$work/gongkai.yaml" --source "$corpus" \
		--destination "$work/gongkai-public-$r" --cache "$work/gongkai-cache-$r" 2>"$work/gongkai.log" >/dev/null ||
		{ cat "$work/gongkai.log"; exit 1; }
	[ "$r" -eq 1 ] && cp "$work/gongkai.log" "$work/gongkai-first.log"
	report "gongkai-$r" "$work/gongkai.time" "$work/gongkai-public-$r"
	settle
	(cd "$work/hugo" && /usr/bin/time -v -o ../hugo.time hugo --quiet -d "public-$r" >/dev/null 2>../hugo.log) ||
		{ cat "$work/hugo.log"; exit 1; }
	report "hugo-$r" "$work/hugo.time" "$work/hugo/public-$r"
	r=$((r + 1))
done
echo "gongkai stages (cold, round 1):"
grep -E '^gongkai: [a-z]+ +[0-9.]+m?s ' "$work/gongkai-first.log" | sed 's/^gongkai: /  /'
best() { cat "$work/$1"-*.wall | sort -n | head -1; }
awk -v g="$(best gongkai)" -v h="$(best hugo)" -v r="$rounds" 'BEGIN {
	printf "best of %d: gongkai %.2f s, hugo %.2f s wall\nratio gongkai / hugo (wall, best of %d): %.2f\n", r, g, h, r, g / h }'
echo "gongkai bytes per report, by kind of file:"
find "$work/gongkai-public-1" -type f -printf '%s %P\n' | awk -v n="$n" '
	{
		k = $2
		if (k ~ /^agencies\/[^\/]+\/[^\/]+\//) { sub(/.*\//, "report/", k) }
		else if (k ~ /^agencies\/[^\/]+\//) { sub(/.*\//, "agency/", k) }
		else if (k ~ /^data\//) { k = "data/ (bulk downloads)" }
		else if (k ~ /\//) { sub(/\/.*/, "/", k) }
		b[k] += $1; c[k]++
	}
	END { for (k in b) printf "  %-24s %8.2f KB/report %7d files\n", k, b[k] / n / 1024, c[k] }' | sort -k2 -rn

# One report changes: the rebuild.
first=$(ls "$corpus/reports" | head -1)
cp "$corpus/reports/$first" "$work/$first.orig"
printf '\n' >>"$corpus/reports/$first"
settle
/usr/bin/time -v -o "$work/gongkai-1.time" "$bin" build --config "$work/gongkai.yaml" --source "$corpus" \
	--destination "$work/gongkai-public-$rounds" --cache "$work/gongkai-cache-$rounds" 2>"$work/gongkai-1.log" >/dev/null ||
	{ cp "$work/$first.orig" "$corpus/reports/$first"; cat "$work/gongkai-1.log"; exit 1; }
cp "$work/$first.orig" "$corpus/reports/$first"
wall=$(secs "$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$work/gongkai-1.time")")
rss=$(field 'Maximum resident set size (kbytes)' "$work/gongkai-1.time")
echo "gongkai, one report changed: ${wall} s wall, $((rss / 1024)) MiB peak RSS — $(grep -o '[0-9]* files written ([^)]*)' "$work/gongkai-1.log")"
echo "gongkai stages (one report changed):"
grep -E '^gongkai: [a-z]+ +[0-9.]+m?s ' "$work/gongkai-1.log" | sed 's/^gongkai: /  /'
grep -h 'gongkai: .*files parsed' "$work/gongkai.log" "$work/gongkai-1.log" | sed 's/^/  /'
