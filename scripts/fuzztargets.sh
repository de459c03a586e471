#!/bin/sh
# Every fuzz target in the tree is in `make fuzz`: prints any that is not
# and fails. Run by CI.
set -eu
cd "$(dirname "$0")/.."
plan=$(make --no-print-directory -n fuzz)
missing=0
for f in $(grep -rl --include='*_test.go' '^func Fuzz' internal cmd); do
	dir=./$(dirname "$f")
	for name in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$f"); do
		if ! echo "$plan" | grep -F -- "$dir " | grep -qE -- "-fuzz $name( |\$)"; then
			echo "make fuzz does not run $dir $name"
			missing=1
		fi
	done
done
exit $missing
