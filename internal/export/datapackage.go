package export

import (
	"encoding/json"
	"regexp"
	"strings"
)

// Frictionless Data Package (https://specs.frictionlessdata.io/), profile
// tabular-data-package. Structs, not maps, keep the key order fixed.
type dpPackage struct {
	Profile     string       `json:"profile"`
	Name        string       `json:"name"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description"`
	Homepage    string       `json:"homepage,omitempty"`
	Citation    string       `json:"citation,omitempty"` // not in the spec; extra keys are allowed
	Licenses    []dpLicense  `json:"licenses,omitempty"`
	Sources     []dpSource   `json:"sources"`
	Resources   []dpResource `json:"resources"`
}

type dpLicense struct {
	Name  string `json:"name,omitempty"`
	Path  string `json:"path,omitempty"`
	Title string `json:"title,omitempty"`
}

type dpSource struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

type dpResource struct {
	Profile     string    `json:"profile"`
	Name        string    `json:"name"`
	Path        string    `json:"path"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Format      string    `json:"format"`
	Mediatype   string    `json:"mediatype"`
	Encoding    string    `json:"encoding"`
	Bytes       int64     `json:"bytes"`
	Hash        string    `json:"hash"`
	Compression string    `json:"compression,omitempty"` // "gz" when published gzipped
	Dialect     dpDialect `json:"dialect"`
	Schema      dpSchema  `json:"schema"`
}

type dpDialect struct {
	Delimiter      string `json:"delimiter"`
	DoubleQuote    bool   `json:"doubleQuote"`
	LineTerminator string `json:"lineTerminator"`
	Header         bool   `json:"header"`
}

type dpSchema struct {
	Fields        []dpField      `json:"fields"`
	PrimaryKey    []string       `json:"primaryKey"`
	ForeignKeys   []dpForeignKey `json:"foreignKeys,omitempty"`
	MissingValues []string       `json:"missingValues"`
}

type dpField struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Type        string `json:"type"`
}

type dpForeignKey struct {
	Fields    string `json:"fields"`
	Reference struct {
		Resource string `json:"resource"`
		Fields   string `json:"fields"`
	} `json:"reference"`
}

// licenseName is the pattern the profile allows for a licence's name.
var licenseName = regexp.MustCompile(`^[-a-zA-Z0-9._]+$`)

const formulaNote = " Text cells that begin with =, +, - or @ carry a leading apostrophe (') so spreadsheets do not run them as formulas; numbers are never prefixed. An empty field is null (not reported), never 0."

// reportsCSVFields is the Table Schema of reports.csv and data.csv. A count
// column that held a non-integer value is declared number, so the package
// never lies about its data.
func reportsCSVFields(nonInt map[string]bool) []dpField {
	var out []dpField
	for _, f := range reportFields {
		out = append(out, dpField{f.Name, f.Title, f.Description, f.Type})
	}
	for _, c := range columns {
		typ := "integer"
		if c.decimal || nonInt[c.Path] {
			typ = "number"
		}
		desc := c.English + " (template " + strings.Join(c.Templates, ", ") + ")"
		out = append(out, dpField{c.Path, c.Label, desc, typ})
	}
	return out
}

func plainFields(fs []field) []dpField {
	out := make([]dpField, len(fs))
	for i, f := range fs {
		out[i] = dpField{f.Name, f.Title, f.Description, f.Type}
	}
	return out
}

func foreignKey(field, resource, ref string) []dpForeignKey {
	var fk dpForeignKey
	fk.Fields = field
	fk.Reference.Resource, fk.Reference.Fields = resource, ref
	return []dpForeignKey{fk}
}

// dataPackage builds datapackage.json from the CSVs already written (their
// sizes and hashes are in files).
func dataPackage(meta Meta, files []FileInfo, nonInt map[string]bool) ([]byte, error) {
	sources := ""
	if meta.BaseURL != "" {
		sources = strings.TrimSuffix(meta.BaseURL, "/") + "/sources/"
	}
	p := dpPackage{
		Profile: "tabular-data-package",
		Name:    "gongkai",
		Title:   meta.Title,
		Description: "政府信息公开工作年度报告中的全部数字：每份报告、每个单元格、每项校验。" +
			" Every figure of the government information disclosure annual reports (政府信息公开工作年度报告): reports.csv (wide), cells.csv (long), checks.csv." +
			" The same data: reports.json (report objects, schema/report.schema.json) and gongkai.sqlite." + formulaNote,
		Homepage: meta.BaseURL,
		Citation: meta.Cite,
		Sources: []dpSource{{
			Title: "各机关发布的政府信息公开工作年度报告（原文见 /sources/ 与各报告的 source_url） — the agencies' own annual reports",
			Path:  sources,
		}},
	}
	if meta.License != "" || meta.LicenseURL != "" {
		l := dpLicense{Path: meta.LicenseURL, Title: meta.License}
		if licenseName.MatchString(meta.License) {
			l.Name = meta.License
		}
		if l.Name == "" && l.Path == "" {
			l.Name = "other" // the profile wants a name or a path
		}
		p.Licenses = []dpLicense{l}
	}
	dialect := dpDialect{Delimiter: ",", DoubleQuote: true, LineTerminator: "\r\n", Header: true}
	res := func(name, title, desc string, fields []dpField, pk []string, fks []dpForeignKey) dpResource {
		r := dpResource{
			Profile: "tabular-data-resource", Name: name, Path: name + ".csv", Title: title,
			Description: desc + formulaNote, Format: "csv", Mediatype: "text/csv", Encoding: "utf-8",
			Dialect: dialect,
			Schema:  dpSchema{Fields: fields, PrimaryKey: pk, ForeignKeys: fks, MissingValues: []string{""}},
		}
		if meta.Gzip {
			r.Path, r.Compression = r.Path+".gz", "gz"
		}
		for _, f := range files {
			if f.Name == r.Path {
				r.Bytes, r.Hash = f.Bytes, "sha256:"+f.SHA256
			}
		}
		return r
	}
	p.Resources = []dpResource{
		res("reports", "报告（宽表）", "One row per report; one column per cell path of both templates (2019, 2021) and per derived sum. A cell the report's template does not have is empty. The file starts with a UTF-8 byte-order mark.",
			reportsCSVFields(nonInt), []string{"id"}, nil),
		res("cells", "单元格（长表）", "One row per report and cell of its template, null cells included, then its derived sums. The file starts with a UTF-8 byte-order mark.",
			plainFields(cellsFields), []string{"report_id", "cell"}, foreignKey("report_id", "reports", "id")),
		res("checks", "校验结果", "One row per check of every report (SPEC §3). The file starts with a UTF-8 byte-order mark.",
			plainFields(checksFields), []string{"report_id", "seq"}, foreignKey("report_id", "reports", "id")),
	}
	b, err := json.MarshalIndent(p, "", "  ")
	return append(b, '\n'), err
}
