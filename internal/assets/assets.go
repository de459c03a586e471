// Package assets bundles and minifies the site's CSS and TypeScript with
// esbuild's Go API, in memory (Write: false), reading sources from an
// fs.FS, and names each output by its content hash (app.3f9c2a1b.js). The
// manifest maps logical names to those paths; templates get it as data.
package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Manifest maps a logical asset name ("app.js") to its site path
// ("assets/app.3f9c2a1b.js").
type Manifest map[string]string

// File is one built asset.
type File struct {
	Path string // site path, e.g. "assets/app.3f9c2a1b.js"
	Data []byte
}

// Entries are the entry points built by default.
var Entries = []string{"app.ts", "app.css"}

const ns = "gongkai"

// Build bundles each entry of fsys. Errors name file:line.
func Build(fsys fs.FS, entries []string) (Manifest, []File, error) {
	var present []string
	for _, e := range entries {
		if _, err := fs.Stat(fsys, e); err == nil {
			present = append(present, e)
		}
	}
	if len(present) == 0 {
		return Manifest{}, nil, nil
	}
	res := api.Build(api.BuildOptions{
		EntryPoints:       present,
		Bundle:            true,
		Write:             false,
		Outdir:            "/out",
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsNone,
		Target:            api.ES2017,
		Format:            api.FormatIIFE,
		Platform:          api.PlatformBrowser,
		LogLevel:          api.LogLevelSilent,
		Plugins:           []api.Plugin{fsPlugin(fsys)},
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, m := range res.Errors {
			if m.Location != nil {
				msgs = append(msgs, fmt.Sprintf("assets/%s:%d:%d: %s", m.Location.File, m.Location.Line, m.Location.Column, m.Text))
			} else {
				msgs = append(msgs, m.Text)
			}
		}
		return nil, nil, errors.New(strings.Join(msgs, "\n"))
	}
	man := Manifest{}
	var files []File
	for _, of := range res.OutputFiles {
		base := path.Base(of.Path)
		ext := path.Ext(base)
		stem := strings.TrimSuffix(base, ext)
		sum := sha256.Sum256(of.Contents)
		p := "assets/" + stem + "." + hex.EncodeToString(sum[:4]) + ext
		man[base] = p
		files = append(files, File{Path: p, Data: of.Contents})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return man, files, nil
}

// fsPlugin makes esbuild read every file from fsys instead of the disk, so
// embedded defaults and a user's overrides are bundled alike.
func fsPlugin(fsys fs.FS) api.Plugin {
	return api.Plugin{Name: "fs", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			p := a.Path
			if a.Kind != api.ResolveEntryPoint {
				if !strings.HasPrefix(p, "./") && !strings.HasPrefix(p, "../") {
					return api.OnResolveResult{}, fmt.Errorf("%s: only relative imports (no packages, no other hosts)", p)
				}
				p = path.Join(path.Dir(a.Importer), p)
			}
			p = path.Clean(strings.TrimPrefix(p, "/"))
			for _, cand := range []string{p, p + ".ts", p + ".js", p + ".css"} {
				if st, err := fs.Stat(fsys, cand); err == nil && !st.IsDir() {
					return api.OnResolveResult{Path: cand, Namespace: ns}, nil
				}
			}
			return api.OnResolveResult{}, fmt.Errorf("%s: not found", p)
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: ns}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			data, err := fs.ReadFile(fsys, a.Path)
			if err != nil {
				return api.OnLoadResult{}, err
			}
			s := string(data)
			loader := map[string]api.Loader{".ts": api.LoaderTS, ".js": api.LoaderJS, ".css": api.LoaderCSS, ".svg": api.LoaderDataURL}[path.Ext(a.Path)]
			return api.OnLoadResult{Contents: &s, Loader: loader}, nil
		})
	}}
}
