package assets

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func TestBuild(t *testing.T) {
	fsys := fstest.MapFS{
		"app.ts":   {Data: []byte("import { hi } from \"./lib\";\nconst el: HTMLElement | null = document.body;\nif (el) el.title = hi(\"公开\");\n")},
		"lib.ts":   {Data: []byte("export function hi(s: string): string { return \"你好 \" + s; }\n")},
		"app.css":  {Data: []byte("@import \"./base.css\";\n.a {  color: #ff0000; }\n")},
		"base.css": {Data: []byte("body { margin: 0px; }\n")},
	}
	man, files, err := Build(fsys, Entries)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^assets/app\.[0-9a-f]{8}\.(js|css)$`)
	if !re.MatchString(man["app.js"]) || !re.MatchString(man["app.css"]) {
		t.Fatalf("manifest %v", man)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
	}
	js, css := got[man["app.js"]], got[man["app.css"]]
	if !strings.Contains(js, "你好 ") || strings.Contains(js, "HTMLElement") {
		t.Errorf("js not bundled/stripped: %q", js)
	}
	if !strings.Contains(css, "margin:0") || !strings.Contains(css, "color:red") && !strings.Contains(css, "#f00") {
		t.Errorf("css: %q", css)
	}
	// Deterministic.
	man2, _, _ := Build(fsys, Entries)
	if man2["app.js"] != man["app.js"] {
		t.Error("fingerprint changed between builds")
	}
}

func TestBuildErrors(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"syntax":   {"app.ts": {Data: []byte("let x = ;\n")}},
		"external": {"app.ts": {Data: []byte("import \"https://cdn.example/x.js\";\n")}},
		"package":  {"app.ts": {Data: []byte("import \"react\";\n")}},
	} {
		if _, _, err := Build(fsys, []string{"app.ts"}); err == nil {
			t.Errorf("%s: no error", name)
		} else if name == "syntax" && !strings.Contains(err.Error(), "app.ts:1:") {
			t.Errorf("%s: error lacks file:line: %v", name, err)
		}
	}
}
