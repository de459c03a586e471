package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/validate"
)

func init() {
	commands["parse"] = runParse
	commands["validate"] = runValidate
}

// parseOne reads and parses one file with its checks.
func parseOne(path string) (*report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, parse.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	r, err := parse.File(path, data)
	if err != nil {
		return nil, err
	}
	validate.Report(r)
	return r, nil
}

// runParse implements `gongkai parse [--json] FILE...` (SPEC §4).
func runParse(args []string) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print one report object per line (JSON Lines)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: gongkai parse [--json] FILE...")
		return 2
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	code := 0
	for _, path := range fs.Args() {
		r, err := parseOne(path)
		if err != nil {
			code = 1
			if *asJSON {
				out.Encode(map[string]any{"source": map[string]string{"path": path}, "error": err.Error()})
			} else {
				fmt.Printf("%s\n  错误 error: %v\n", path, err)
			}
			continue
		}
		if *asJSON {
			if err := out.Encode(r); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			continue
		}
		printSummary(r)
	}
	return code
}

func printSummary(r *report.Report) {
	filled, all := 0, 0
	for _, p := range r.TemplateDef().Paths() {
		all++
		if _, ok := r.Tables.Get(p); ok {
			filled++
		}
	}
	fmt.Printf("%s\n  %s %d  template %s  cells %d/%d  badge %s\n", r.Source.Path, r.Agency, r.Year, r.Template, filled, all, r.Badge)
	for _, c := range r.Checks {
		if c.Status == report.Warn || c.Status == report.Fail {
			fmt.Printf("  %-4s %-22s %s\n", c.Status, c.ID, c.Message)
		}
	}
}

// reportFiles expands directories into the report files below them, sorted.
func reportFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && isReportFile(p) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

func isReportFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".txt", ".md", ".markdown", ".html", ".htm":
		return !strings.HasSuffix(p, ".source.txt")
	}
	return false
}

// runValidate implements `gongkai validate [DIR|FILE...]`.
func runValidate(args []string) int {
	if len(args) == 0 {
		args = []string{"content"}
	}
	files, err := reportFiles(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	counts := map[string]int{}
	for _, path := range files {
		r, err := parseOne(path)
		if err != nil {
			counts["error"]++
			fmt.Printf("%-8s %s\n         %v\n", "错误", path, err)
			continue
		}
		counts[r.Badge]++
		var failing []string
		for _, c := range r.Checks {
			if c.Status == report.Fail || c.Status == report.Warn {
				failing = append(failing, c.Status+":"+c.ID)
			}
		}
		fmt.Printf("%-8s %s  %s %d  %s\n", badgeWord(r.Badge), path, r.Agency, r.Year, strings.Join(failing, " "))
	}
	fmt.Printf("%d reports: %d 通过 pass, %d 警告 warn, %d 未通过 fail, %d 错误 error\n",
		len(files), counts[report.Pass], counts[report.Warn], counts[report.Fail], counts["error"])
	if counts[report.Fail] > 0 || counts["error"] > 0 {
		return 1
	}
	return 0
}

func badgeWord(b string) string {
	switch b {
	case report.Pass:
		return "通过"
	case report.Warn:
		return "警告"
	}
	return "未通过"
}
