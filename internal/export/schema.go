package export

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"gongkai/internal/report"
)

// reportSchema is schema/report.schema.json: JSON Schema 2020-12 of the
// report object (SPEC §2). It is generated from the templates, so the
// tables it allows are exactly the rows and columns report.json writes.
var reportSchema = mustJSON(buildReportSchema())

type obj = map[string]any

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// closed is an object that must have exactly these properties.
func closed(props obj) obj {
	return obj{"type": "object", "properties": props, "required": slices.Sorted(maps.Keys(props)), "additionalProperties": false}
}

// tablesSchema allows exactly the tables, rows and columns of a layout. Rows
// with the same columns share one definition in defs, named by their keys.
func tablesSchema(tables []report.TableDef, defs obj) obj {
	tp := obj{}
	for _, tb := range tables {
		rp := obj{}
		for _, row := range tb.Rows {
			var keys []string
			cp := obj{}
			for _, col := range row.Columns {
				keys = append(keys, col.Key)
				cp[col.Key] = obj{"$ref": "#/$defs/cell"}
			}
			name := "columns-" + strings.Join(keys, "-")
			defs[name] = closed(cp)
			label := row.Label
			if row.Group != "" {
				label = row.Group + " " + label
			}
			rp[row.Key] = obj{"$ref": "#/$defs/" + name, "description": label + " — " + row.English}
		}
		tp[tb.Key] = closed(rp)
	}
	return closed(tp)
}

func buildReportSchema() obj {
	str := obj{"type": "string"}
	strs := obj{"type": "array", "items": str}
	path := obj{"type": "string", "pattern": `^(derived\.)?[a-z_]+\.[a-z_]+\.[a-z_]+$`}
	source := obj{
		"type":     "object",
		"required": []string{"path"},
		"properties": obj{
			"path":     str,
			"sha256":   obj{"type": "string", "pattern": "^[0-9a-f]{64}$"},
			"format":   obj{"type": "string", "description": "text, markdown or html"},
			"encoding": obj{"type": "string", "description": "utf-8 or gb18030"},
			"script":   obj{"type": "string", "description": "simplified or traditional"},
			"url":      str,
		},
	}
	defs := obj{
		"cell":   obj{"type": []string{"number", "null"}, "description": "a count, or an amount in 万元; null when the report leaves the cell blank"},
		"source": source,
	}
	defs["tables2019"] = tablesSchema(report.T2019.Tables, defs)
	defs["tables2021"] = tablesSchema(report.T2021.Tables, defs)
	defs["derived"] = tablesSchema([]report.TableDef{{Key: "requests", Rows: report.DerivedRows}}, defs)
	status := obj{"enum": []string{report.Pass, report.Warn, report.Fail, report.Skip, report.Info}}
	return obj{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://gongkai.invalid/schema/report.schema.json",
		"title":       "gongkai report object (" + report.Schema + ")",
		"description": "One 政府信息公开工作年度报告 as parsed and checked. Every cell value is a number or null (blank in the report); never a string.",
		"type":        "object",
		"required":    []string{"schema", "id", "agency", "agency_as_written", "agency_slug", "template", "source", "period", "sections", "tables", "derived", "inferred", "checks", "badge"},
		"properties": obj{
			"schema":            obj{"const": report.Schema},
			"id":                str,
			"agency":            str,
			"agency_as_written": str,
			"agency_slug":       obj{"type": "string", "pattern": "^[a-z0-9-]+$"},
			"year":              obj{"type": "integer"},
			"template":          obj{"enum": []string{"2019", "2021"}},
			"source":            obj{"$ref": "#/$defs/source"},
			"sources":           obj{"type": "array", "items": obj{"$ref": "#/$defs/source"}},
			"period": obj{"oneOf": []obj{
				{"type": "null"},
				{"type": "object", "required": []string{"from", "to"}, "properties": obj{"from": str, "to": str}},
			}},
			"sections": obj{"type": "array", "items": obj{
				"type": "object", "required": []string{"number", "title", "text"},
				"properties": obj{"number": obj{"type": "integer", "minimum": 1, "maximum": 6}, "title": str, "text": str},
			}},
			"tables":   obj{"description": "table → row → column → value, in the layout of the report's template"},
			"derived":  obj{"$ref": "#/$defs/derived"},
			"inferred": obj{"type": "array", "items": path},
			"checks": obj{"type": "array", "items": obj{
				"type": "object", "required": []string{"id", "status", "message"},
				"properties": obj{"id": str, "status": status, "message": str, "message_en": str, "cells": obj{"type": "array", "items": path}},
			}},
			"badge": obj{"enum": []string{report.Pass, report.Warn, report.Fail}},
			"notes": strs,
		},
		// The tables must match the template the report names.
		"if":    obj{"properties": obj{"template": obj{"const": "2019"}}},
		"then":  obj{"properties": obj{"tables": obj{"$ref": "#/$defs/tables2019"}}},
		"else":  obj{"properties": obj{"tables": obj{"$ref": "#/$defs/tables2021"}}},
		"$defs": defs,
	}
}
