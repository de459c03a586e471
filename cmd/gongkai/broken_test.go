package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stderrOf runs f with os.Stderr captured.
func stderrOf(t *testing.T, f func() int) (int, string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = w
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		got <- string(b)
	}()
	code := f()
	os.Stderr = saved
	w.Close()
	return code, <-got
}

// TestBuildBrokenFiles: broken files beside a good report are each named
// with a reason in the summary; the build exits 0, and 1 with --strict.
func TestBuildBrokenFiles(t *testing.T) {
	good, err := os.ReadFile("../../content/reports/daying-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := os.MkdirAll("content/reports", 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"good-2023.txt": string(good),
		"empty.txt":     "",
		"binary.txt":    "\x00\x01\x02\x03PK\x03\x04\xff\xfe",
		"utf16.txt":     "\xff\xfe\x00\x00a\x00",
		"cut.html":      "<html><body><p>某区政府2023年政府信息公开工作年度报告</p><table><tr><td>一、本年",
	} {
		if err := os.WriteFile(filepath.Join("content/reports", name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create("content/reports/huge.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()

	code, out := stderrOf(t, func() int { return runBuild([]string{"--destination", "out"}) })
	if code != 0 {
		t.Fatalf("exit %d, want 0:\n%s", code, out)
	}
	for _, want := range []string{"content/reports/empty.txt: ", "content/reports/binary.txt: ", "content/reports/utf16.txt: ", "content/reports/huge.txt: "} {
		i := strings.Index(out, want)
		if i < 0 {
			t.Errorf("summary does not name %s:\n%s", strings.TrimSuffix(want, ": "), out)
			continue
		}
		if line, _, _ := strings.Cut(out[i+len(want):], "\n"); strings.TrimSpace(line) == "" {
			t.Errorf("%s listed without a reason", want)
		}
	}
	if _, err := os.Stat("out/agencies"); err != nil {
		t.Error("the good report was not built:", err)
	}
	code, out = stderrOf(t, func() int { return runBuild([]string{"--destination", "out2", "--strict"}) })
	if code == 0 || !strings.Contains(out, "--strict") {
		t.Errorf("--strict: exit %d:\n%s", code, out)
	}
}
