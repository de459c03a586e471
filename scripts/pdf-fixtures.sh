#!/bin/sh
# Remakes internal/parse/testdata/pdf: the corpus's tab seeds and real HTML
# reports printed to PDF by Chromium, then read back by pdftotext, laid out
# (-layout) and in reading order, as a PDF reaches us once turned to text.
# The laid-out text is also made from pages printed larger, smaller and
# narrower, which wrap the labels differently.
# Needs chromium, pdftotext (poppler-utils) and a CJK font (fonts-noto-cjk).
set -eu
corpus=${1:-internal/parse/testdata/corpus}
out=internal/parse/testdata/pdf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# name|CSS added to the page|pdftotext flag
variants='layout||-layout
raw||
layout-small|td,th{font-size:10px !important}|-layout
layout-big|td,th{font-size:16px !important}|-layout
layout-narrow|table{width:60% !important}|-layout
layout-wide|body{font-size:18px} td,th{font-size:18px !important;padding:6px !important}|-layout'
for f in "$corpus"/seeds/*.txt "$corpus"/seeds/*.md "$corpus"/real/*.html; do
	case $f in *.html) ;; *) grep -q "	" "$f" || continue ;; esac # only tab seeds have tables to print
	b=$(basename "${f%.*}")
	case $f in
	*.html) cp "$f" "$tmp/$b.html" ;;
	*) python3 scripts/tab-to-html.py "$f" "$tmp/$b.html" ;;
	esac
	# a page whose title is only in <head> prints without one: put it back
	title=$(sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p' "$tmp/$b.html" | head -1)
	echo "$variants" | while IFS='|' read -r mode css flag; do
		sed "s|</head>|<style>$css</style></head>|" "$tmp/$b.html" > "$tmp/$mode.html"
		chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
			--print-to-pdf="$tmp/$mode.pdf" "file://$tmp/$mode.html" 2>/dev/null
		{ [ -n "$title" ] && printf '%s\n\n' "$title"; pdftotext $flag "$tmp/$mode.pdf" -; } > "$out/$b.$mode.txt"
	done
done
# Synthetic reports (cmd/gkgen, seed 11, HTML only) printed the same way:
# TestPDFText reads them against the generator's own truth. A page whose
# title is only in <head> gets it back, decoded as the page is encoded.
mkdir -p "$out/synthetic"
go run ./cmd/gkgen -q -notruth -n 30 -seed 11 -shapes html -out "$tmp/synth"
for f in "$tmp"/synth/reports/*.html; do
	b=$(basename "${f%.*}")
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--print-to-pdf="$tmp/synth.pdf" "file://$f" 2>/dev/null
	title=$(python3 -c 'import re,sys
raw=open(sys.argv[1],"rb").read()
try: t=raw.decode("utf-8")
except UnicodeDecodeError: t=raw.decode("gb18030")
m=re.search(r"<title>([^<]*)</title>",t)
print(m.group(1) if m else "")' "$f")
	{ [ -n "$title" ] && printf '%s\n\n' "$title"; pdftotext -layout "$tmp/synth.pdf" -; } > "$out/synthetic/$b.txt"
done
