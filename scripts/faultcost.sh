#!/bin/sh
# faultcost.sh — what a new page of memory costs on this machine, printed
# beside the figures of `make bench` and `make scale`: dd reads 1 GiB into
# a fresh buffer, and each 4 KiB of it is a page fault the first time it is
# touched. On bare metal that is well under a microsecond; in the 2-core VM
# of the README's figures about 12 µs, which is most of a large build's
# system time (each page of its heap is new once).
set -eu
out=$(/usr/bin/time -f '%e %R' dd if=/dev/zero of=/dev/null bs=1G count=1 status=none 2>&1 | tail -1) || exit 0
echo "$out" | awk 'NF == 2 && $2 > 0 {
	printf "memory: a new 4 KiB page costs %.1f µs here (dd filling 1 GiB: %.2f s, %d page faults)\n", $1 * 1e6 / $2, $1, $2 }'
