// Package assets holds the portal's default CSS and TypeScript, embedded in
// the binary. A site's own assets/ directory overrides files by name; the
// build bundles them with esbuild (see internal/assets).
package assets

import "embed"

// FS holds the default asset sources.
//
//go:embed *.css *.ts
var FS embed.FS
