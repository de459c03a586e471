#!/bin/sh
# Remakes internal/parse/testdata/word: the corpus's tab seeds and real HTML
# reports opened as a Word document (LibreOffice's .docx) and saved as text,
# which prints a table one cell per line, a blank cell as an empty line.
# Needs soffice (libreoffice-writer-nogui).
set -eu
corpus=${1:-internal/parse/testdata/corpus}
out=internal/parse/testdata/word
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
for f in "$corpus"/seeds/*.txt "$corpus"/seeds/*.md "$corpus"/real/*.html; do
	case $f in *.html) ;; *) grep -q "	" "$f" || continue ;; esac # only tab seeds have tables
	b=$(basename "${f%.*}")
	case $f in
	*.html) cp "$f" "$tmp/$b.html" ;;
	*) python3 scripts/tab-to-html.py "$f" "$tmp/$b.html" ;;
	esac
	title=$(sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p' "$tmp/$b.html" | head -1)
	(cd "$tmp" && soffice --headless --convert-to 'docx:MS Word 2007 XML' "$b.html" >/dev/null 2>&1 &&
		soffice --headless --convert-to 'txt:Text (encoded):UTF8' "$b.docx" >/dev/null 2>&1)
	{ [ -n "$title" ] && printf '%s\n\n' "$title"; cat "$tmp/$b.txt"; } > "$out/$b.txt"
done
