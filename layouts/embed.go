// Package layouts holds the portal's default html/template layouts,
// embedded in the binary. A site's own layouts/ directory overrides them
// file by file (same file name).
package layouts

import "embed"

// FS holds the default layouts.
//
//go:embed *.html
var FS embed.FS
