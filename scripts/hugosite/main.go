// Command hugosite turns a report corpus into a plain Hugo site, the
// baseline `make bench` builds beside gongkai: one Markdown page per report
// with its decoded text (tables as pipe rows), under one section per agency
// directory, and a minimal layout (single.html, list.html). It reads no
// figures and checks nothing: it is what a generic static site generator
// does with the same files.
//
//	go run ./scripts/hugosite -in CORPUS/reports -out DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"gongkai/internal/decode"
)

const single = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
`

const list = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
`

func main() {
	in := flag.String("in", "", "directory of report files")
	out := flag.String("out", "", "Hugo site directory to write")
	flag.Parse()
	if *in == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "hugosite:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	for _, d := range []string{"content/reports", "layouts/_default", "static"} {
		if err := os.MkdirAll(filepath.Join(out, d), 0o755); err != nil {
			return err
		}
	}
	files := map[string]string{
		"hugo.toml":                    "baseURL = \"/\"\ntitle = \"年度报告\"\ndisableKinds = [\"taxonomy\", \"term\"]\n[markup.goldmark.renderer]\nunsafe = false\n",
		"layouts/_default/single.html": single,
		"layouts/_default/list.html":   list,
		"static/style.css":             "body{font-family:sans-serif;max-width:60em;margin:auto}table{border-collapse:collapse}\n",
		"content/reports/_index.md":    "---\ntitle: 全部报告\n---\n",
		"content/_index.md":            "---\ntitle: 年度报告\n---\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(out, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	ents, err := os.ReadDir(in)
	if err != nil {
		return err
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan string, 64)
	)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range next {
				if err := page(filepath.Join(in, name), filepath.Join(out, "content/reports")); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, e := range ents {
		if !e.IsDir() {
			next <- e.Name()
		}
	}
	close(next)
	wg.Wait()
	return first
}

// page writes one report as Markdown: its title and every decoded line,
// table rows as pipe rows in a code-free paragraph.
func page(path, dir string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc, err := decode.File(path, data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var b strings.Builder
	title := ""
	for _, l := range doc.Lines {
		if t := strings.TrimSpace(l.Text()); t != "" {
			title = t
			break
		}
	}
	title = strings.ReplaceAll(title, `"`, `'`)
	if r := []rune(title); len(r) > 60 {
		title = string(r[:60])
	}
	fmt.Fprintf(&b, "---\ntitle: \"%s\"\n---\n\n", title)
	for _, l := range doc.Lines {
		if l.Row {
			b.WriteString("| " + strings.Join(l.Cells, " | ") + " |\n\n")
			continue
		}
		b.WriteString(strings.Join(l.Cells, " ") + "\n\n")
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return os.WriteFile(filepath.Join(dir, base+".md"), []byte(b.String()), 0o644)
}
