package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"reflect"
	"runtime"
	"testing"

	"gongkai/internal/decode"
	"gongkai/internal/export"
	"gongkai/internal/parse"
	"gongkai/internal/render"
	"gongkai/internal/validate"
)

// gongkai is compiled with the CPU profile in default.pgo (make pgo). A
// profile that no longer names the build's hot functions, because they were
// renamed or moved or the file was truncated, gives up that speed without
// any error, so this test names them from the code itself.
func TestProfileNamesHotFunctions(t *testing.T) {
	f, err := os.Open("default.pgo")
	if err != nil {
		t.Fatalf("%v (make pgo writes it)", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("default.pgo is not a pprof profile: %v", err)
	}
	prof, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("default.pgo: %v", err)
	}
	for _, fn := range []any{
		parse.FileSHA,
		decode.File,
		validate.Report,
		(*render.Renderer).AgencyFunc,
		export.AppendReportJSON,
	} {
		name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
		// A pprof profile keeps function names as plain strings.
		if !bytes.Contains(prof, []byte(name)) {
			t.Errorf("default.pgo does not name %s: run make pgo", name)
		}
	}
}
