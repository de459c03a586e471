// Command gent2s generates internal/textnorm/t2s_table.go, the single-character
// Traditional→Simplified table, from the OpenCC dictionaries shipped in the
// npm package opencc-js (dist/esm-lib/dict/*.js).
//
// Usage:
//
//	go run ./internal/gent2s -src opencc-js-1.4.2.tgz -out t2s_table.go
//
// -src may be the .tgz made by `npm pack opencc-js`, an unpacked package
// directory, or its dist/esm-lib/dict directory.
//
// The table composes OpenCC's conversion chains for single characters:
//
//	CJK_Compatibility_Ideographs (normalisation, as every opencc-js preset does)
//	then TWVariantsRev or HKVariantsRev (tw/hk standard → OpenCC standard)
//	then TSCharacters (OpenCC standard → Simplified)
//
// so that one table covers t2s, tw2s and hk2s. Phrase dictionaries are not
// used: the table is per rune, on purpose, so it never depends on context.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// dictFiles are the opencc-js dictionaries the table is derived from.
var dictFiles = []string{
	"CJK_Compatibility_Ideographs.js",
	"TSCharacters.js",
	"TWVariantsRev.js",
	"HKVariantsRev.js",
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gent2s: ")
	src := flag.String("src", "", "opencc-js package: .tgz from `npm pack`, package dir, or its dist/esm-lib/dict dir")
	out := flag.String("out", "t2s_table.go", "output Go file")
	pkg := flag.String("pkg", "textnorm", "package name of the output file")
	flag.Parse()
	if *src == "" {
		log.Fatal("-src is required (see internal/textnorm/README.md)")
	}

	files, version, err := load(*src)
	if err != nil {
		log.Fatal(err)
	}
	dicts := map[string]map[rune]rune{}
	for _, name := range dictFiles {
		m, skipped, err := parseDict(files[name])
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		log.Printf("%s: %d single-rune entries, %d multi-rune skipped", name, len(m), skipped)
		dicts[name] = m
	}

	table, err := compose(dicts["CJK_Compatibility_Ideographs.js"], dicts["TSCharacters.js"],
		dicts["TWVariantsRev.js"], dicts["HKVariantsRev.js"])
	if err != nil {
		log.Fatal(err)
	}

	code, err := render(*pkg, version, files, table)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, code, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d entries", *out, len(table))
}

// load returns the wanted dictionary files' contents and the package version
// ("" if package.json is not available).
func load(src string) (map[string][]byte, string, error) {
	st, err := os.Stat(src)
	if err != nil {
		return nil, "", err
	}
	files := map[string][]byte{}
	var pkgJSON []byte
	if st.IsDir() {
		dir := src
		if _, err := os.Stat(filepath.Join(src, "dist", "esm-lib", "dict")); err == nil {
			dir = filepath.Join(src, "dist", "esm-lib", "dict")
		}
		for _, name := range dictFiles {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				return nil, "", err
			}
			files[name] = b
		}
		// package.json sits three levels up from the dict dir.
		pkgJSON, _ = os.ReadFile(filepath.Join(dir, "..", "..", "..", "package.json"))
	} else {
		f, err := os.Open(src)
		if err != nil {
			return nil, "", err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", src, err)
		}
		tr := tar.NewReader(zr)
		for {
			h, err := tr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, "", err
			}
			name := path.Clean(h.Name)
			if name == "package/package.json" {
				if pkgJSON, err = io.ReadAll(tr); err != nil {
					return nil, "", err
				}
				continue
			}
			if path.Dir(name) == "package/dist/esm-lib/dict" && slices.Contains(dictFiles, path.Base(name)) {
				if files[path.Base(name)], err = io.ReadAll(tr); err != nil {
					return nil, "", err
				}
			}
		}
		for _, name := range dictFiles {
			if files[name] == nil {
				return nil, "", fmt.Errorf("%s: no package/dist/esm-lib/dict/%s", src, name)
			}
		}
	}
	var version string
	if pkgJSON != nil {
		var p struct{ Name, Version string }
		if err := json.Unmarshal(pkgJSON, &p); err == nil && p.Name != "" {
			version = p.Name + "@" + p.Version
		}
	}
	return files, version, nil
}

// parseDict reads opencc-js's packed dictionary format:
//
//	export default "src dst|src dst|...";
//
// A dst may hold several space-separated candidates; the first is OpenCC's
// preferred one (opencc-js itself uses only the first). Entries whose source
// or target is not exactly one rune are phrases and are skipped.
func parseDict(b []byte) (map[rune]rune, int, error) {
	s := string(b)
	i, j := strings.IndexByte(s, '"'), strings.LastIndexByte(s, '"')
	if i < 0 || j <= i {
		return nil, 0, errors.New(`no "…" string literal`)
	}
	body := s[i+1 : j]
	if strings.ContainsRune(body, '\\') {
		// The packed format has never used escapes; refuse rather than misread.
		return nil, 0, errors.New("unexpected backslash escape in dictionary")
	}
	m := map[rune]rune{}
	skipped := 0
	for _, entry := range strings.Split(body, "|") {
		fields := strings.Fields(entry)
		if len(fields) < 2 {
			return nil, 0, fmt.Errorf("malformed entry %q", entry)
		}
		from, to := fields[0], fields[1]
		if utf8.RuneCountInString(from) != 1 || utf8.RuneCountInString(to) != 1 {
			skipped++
			continue
		}
		f, _ := utf8.DecodeRuneInString(from)
		t, _ := utf8.DecodeRuneInString(to)
		if f == utf8.RuneError || t == utf8.RuneError {
			return nil, 0, fmt.Errorf("invalid UTF-8 in entry %q", entry)
		}
		if _, dup := m[f]; dup {
			return nil, 0, fmt.Errorf("duplicate source %q", from)
		}
		m[f] = t
	}
	return m, skipped, nil
}

// compose builds the per-rune table. For a rune c:
//
//	n := compat(c)
//	if n is in TS:           TS(n)           (plain t2s wins)
//	else if n is a TS target: n              (already Simplified, see below)
//	else if n is in TWRev:   TS(TWRev(n))    (tw2s)
//	else if n is in HKRev:   TS(HKRev(n))    (hk2s)
//	else                     n
//
// The TS-target guard matters because our input is mostly Simplified: the
// variant tables map e.g. 么 → 幺, which is right for Taiwan text but would
// turn the Simplified 什么 (么 is TS's target for 麼) into 什幺.
//
// The result is then closed under itself so the table is idempotent
// (ToSimplified(ToSimplified(x)) == ToSimplified(x)); identities are dropped.
func compose(compat, ts, tw, hk map[rune]rune) (map[rune]rune, error) {
	tsOr := func(r rune) rune {
		if v, ok := ts[r]; ok {
			return v
		}
		return r
	}
	simplified := map[rune]bool{}
	for _, v := range ts {
		simplified[v] = true
	}
	step := func(c rune) rune {
		n := c
		if v, ok := compat[c]; ok {
			n = v
		}
		if v, ok := ts[n]; ok {
			return v
		}
		if simplified[n] {
			if v, ok := tw[n]; ok && tsOr(v) != n {
				log.Printf("kept Simplified %q (TWVariantsRev would give %q)", n, tsOr(v))
			} else if v, ok := hk[n]; ok && tsOr(v) != n {
				log.Printf("kept Simplified %q (HKVariantsRev would give %q)", n, tsOr(v))
			}
			return n
		}
		if v, ok := tw[n]; ok {
			return tsOr(v)
		}
		if v, ok := hk[n]; ok {
			return tsOr(v)
		}
		return n
	}

	sources := map[rune]bool{}
	for _, m := range []map[rune]rune{compat, ts, tw, hk} {
		for r := range m {
			sources[r] = true
		}
	}
	table := map[rune]rune{}
	for c := range sources {
		table[c] = step(c)
	}
	// Close under composition: follow chains (a→b, b→c) to their end.
	for c := range table {
		r, seen := table[c], 0
		for {
			next, ok := table[r]
			if !ok || next == r {
				break
			}
			if seen++; seen > 8 {
				return nil, fmt.Errorf("mapping cycle through %q", c)
			}
			r = next
		}
		if r != table[c] {
			log.Printf("chain %q→%q closed to %q", c, table[c], r)
		}
		table[c] = r
	}
	for c, r := range table {
		if c == r {
			delete(table, c)
		}
	}
	// Targets must never be sources again, or the table would not be idempotent.
	for c, r := range table {
		if _, ok := table[r]; ok {
			return nil, fmt.Errorf("not idempotent: %q→%q→%q", c, r, table[r])
		}
	}
	return table, nil
}

func render(pkg, version string, files map[string][]byte, table map[rune]rune) ([]byte, error) {
	keys := make([]rune, 0, len(table))
	for r := range table {
		keys = append(keys, r)
	}
	slices.Sort(keys)

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/gent2s from OpenCC dictionaries (%s); DO NOT EDIT.\n", orUnknown(version))
	b.WriteString("//\n// Derived from OpenCC data (Apache-2.0) as packed by opencc-js (MIT);\n")
	b.WriteString("// see third_party/opencc/LICENSE. Inputs (sha256):\n")
	for _, name := range dictFiles {
		fmt.Fprintf(&b, "//   %x  %s\n", sha256.Sum256(files[name]), name)
	}
	fmt.Fprintf(&b, "\npackage %s\n\n", pkg)
	fmt.Fprintf(&b, "// t2sLen is the number of entries in t2sFrom and t2sTo.\nconst t2sLen = %d\n\n", len(keys))
	writeRunes(&b, "t2sFrom", "t2sFrom holds the Traditional (or variant) runes, sorted ascending.", keys, nil)
	writeRunes(&b, "t2sTo", "t2sTo[i] is the Simplified rune for t2sFrom[i].", keys, table)
	return format.Source(b.Bytes())
}

// writeRunes writes a fixed-size array literal; arrays of constants are laid
// out statically by the linker, so the table costs nothing at start-up.
func writeRunes(b *bytes.Buffer, name, doc string, keys []rune, table map[rune]rune) {
	fmt.Fprintf(b, "// %s\nvar %s = [t2sLen]rune{\n", doc, name)
	const perLine = 8
	for i := 0; i < len(keys); i += perLine {
		end := min(i+perLine, len(keys))
		var chars []string
		for _, k := range keys[i:end] {
			r := k
			if table != nil {
				r = table[k]
			}
			fmt.Fprintf(b, "0x%04X, ", r)
			chars = append(chars, string(r))
		}
		// Lines holding compatibility ideographs get no comment: editors
		// that NFC-normalise would silently rewrite them.
		if slices.ContainsFunc(chars, func(s string) bool { r, _ := utf8.DecodeRuneInString(s); return isCompat(r) }) {
			b.WriteString("\n")
			continue
		}
		fmt.Fprintf(b, "// %s\n", strings.Join(chars, " "))
	}
	b.WriteString("}\n\n")
}

// isCompat reports whether r is a CJK compatibility ideograph (these have
// canonical decompositions, so NFC changes them).
func isCompat(r rune) bool {
	return r >= 0xF900 && r <= 0xFAFF || r >= 0x2F800 && r <= 0x2FA1F
}

func orUnknown(s string) string {
	if s == "" {
		return "opencc-js, version unknown"
	}
	return s
}
