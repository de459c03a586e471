#!/bin/sh
# faultcost.sh — what new memory costs on this machine, printed beside the
# figures of `make bench` and `make scale`: dd reads 1 GiB into a fresh
# buffer, each page of which the system maps (and zeroes) when it is first
# touched. Per 4 KiB that is well under a microsecond on bare metal and
# about 12 µs in the 2-core VM of the README's figures, where the 420,000
# new pages of a 100,000-report build are some 3–5 s of its CPU.
set -eu
out=$(/usr/bin/time -f '%e %R' dd if=/dev/zero of=/dev/null bs=1G count=1 status=none 2>&1 | tail -1) || exit 0
echo "$out" | awk 'NF == 2 && $1 > 0 {
	printf "memory: 4 KiB of new memory costs %.1f µs here (dd filling 1 GiB: %.2f s, %d page faults)\n", $1 * 1e6 / 262144, $1, $2 }'
