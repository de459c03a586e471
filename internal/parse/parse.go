// Package parse turns the text of one annual report into a report.Report:
// title, year, period, the six sections and tables 二, 三 and 四.
package parse

import (
	"errors"

	"gongkai/internal/report"
)

// File parses one report file. path is used for the source and in errors;
// data is the file's raw bytes (any supported encoding and format).
// The returned report has no checks yet: see package validate.
func File(path string, data []byte) (*report.Report, error) {
	return nil, errors.New(path + ": parser not written yet")
}
