#!/usr/bin/env python3
"""Writes a tab-separated text report as an HTML page, for printing to PDF
(scripts/pdf-fixtures.sh): tab rows become a bordered table, other lines
paragraphs (a Markdown heading's # dropped). Usage: tab-to-html.py IN OUT"""
import html
import sys

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>'
       'table{border-collapse:collapse}td{border:1px solid #000;padding:2px 4px;font-size:12px}'
       '</style></head><body>']
in_table = False
for line in lines:
    if "\t" in line:
        if not in_table:
            out.append("<table>")
            in_table = True
        cells = line.rstrip("\t").split("\t")
        out.append("<tr>" + "".join("<td>%s</td>" % html.escape(c) for c in cells) + "</tr>")
        continue
    if in_table:
        out.append("</table>")
        in_table = False
    out.append("<p>%s</p>" % html.escape(line.lstrip("#").strip()))
if in_table:
    out.append("</table>")
out.append("</body></html>")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
