#!/bin/sh
# Remakes internal/parse/testdata/pdf: the corpus's tab seeds and real HTML
# reports printed to PDF by Chromium, then read back by pdftotext, laid out
# (-layout) and in reading order, as a PDF reaches us once turned to text.
# Needs chromium, pdftotext (poppler-utils) and a CJK font (fonts-noto-cjk).
set -eu
corpus=${1:-internal/parse/testdata/corpus}
out=internal/parse/testdata/pdf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$corpus"/seeds/*.txt "$corpus"/seeds/*.md "$corpus"/real/*.html; do
	case $f in *.html) ;; *) grep -q "	" "$f" || continue ;; esac # only tab seeds have tables to print
	b=$(basename "${f%.*}")
	case $f in
	*.html) cp "$f" "$tmp/$b.html" ;;
	*) python3 scripts/tab-to-html.py "$f" "$tmp/$b.html" ;;
	esac
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--print-to-pdf="$tmp/$b.pdf" "file://$tmp/$b.html" 2>/dev/null
	# a page whose title is only in <head> prints without one: put it back
	title=$(sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p' "$tmp/$b.html" | head -1)
	for mode in layout raw; do
		flag=; [ $mode = layout ] && flag=-layout
		{ [ -n "$title" ] && printf '%s\n\n' "$title"; pdftotext $flag "$tmp/$b.pdf" -; } > "$out/$b.$mode.txt"
	done
done
