package report

import "sync"

// The two statutory table layouts (SPEC §2.1–2.4). Everything that names a
// cell — JSON, CSV columns, checks, pages — walks these definitions, so the
// order here is the order everywhere.

// Column is one column of a table.
type Column struct {
	Key     string // stable key, e.g. "natural"
	Label   string // the template's own words
	English string
}

// Row is one row of a table with its columns.
type Row struct {
	Key     string
	Label   string // the template's own words, as printed
	English string
	Group   string // the grouped row header the template prints left of the label ("" if none)
	Columns []Column
	// Amount marks rows whose values are 万元 amounts (decimals), not counts.
	Amount bool
}

// TableDef is one of the three tables.
type TableDef struct {
	Key   string // "active", "requests", "review"
	Title string
	Rows  []Row
}

// Template is a statutory layout: "2019" or "2021".
type Template struct {
	ID     string
	Tables []TableDef

	pathsOnce sync.Once
	paths     []string
	keysOnce  sync.Once
	keys      []Key
}

// Table returns the table definition with the given key, or nil.
func (t *Template) Table(key string) *TableDef {
	for i := range t.Tables {
		if t.Tables[i].Key == key {
			return &t.Tables[i]
		}
	}
	return nil
}

// Row returns the row definition with the given key, or nil.
func (d *TableDef) Row(key string) *Row {
	for i := range d.Rows {
		if d.Rows[i].Key == key {
			return &d.Rows[i]
		}
	}
	return nil
}

// Paths lists every cell path of the template in table, row, column order.
// The slice is shared: do not modify it.
func (t *Template) Paths() []string {
	t.pathsOnce.Do(func() { t.paths = t.buildPaths() })
	return t.paths
}

// Keys is Paths as Keys, shared as Paths is.
func (t *Template) Keys() []Key {
	t.keysOnce.Do(func() { t.keys = KeysOf(t.Paths()) })
	return t.keys
}

func (t *Template) buildPaths() []string {
	var out []string
	for _, tb := range t.Tables {
		for _, r := range tb.Rows {
			for _, c := range r.Columns {
				out = append(out, tb.Key+"."+r.Key+"."+c.Key)
			}
		}
	}
	return out
}

// ByID returns the template "2019" or "2021", or nil.
func ByID(id string) *Template {
	switch id {
	case "2019":
		return T2019
	case "2021":
		return T2021
	}
	return nil
}

var (
	stockCols2021 = []Column{
		{"issued", "本年制发件数", "issued this year"},
		{"repealed", "本年废止件数", "repealed this year"},
		{"in_force", "现行有效件数", "in force"},
	}
	decisionCols2021 = []Column{{"decisions", "本年处理决定数量", "decisions this year"}}
	stockCols2019    = []Column{
		{"made", "本年新制作数量", "made this year"},
		{"published", "本年新公开数量", "published this year"},
		{"total_published", "对外公开总数量", "total published"},
	}
	itemCols2019 = []Column{
		{"prev_items", "上一年项目数量", "items the previous year"},
		{"change", "本年增/减", "change this year"},
		{"decisions", "处理决定数量", "decisions"},
	}

	// RequestColumns are the applicant columns of table 三, both templates.
	RequestColumns = []Column{
		{"natural", "自然人", "natural persons"},
		{"commercial", "商业企业", "commercial enterprises"},
		{"research", "科研机构", "research institutions"},
		{"social", "社会公益组织", "public-interest organisations"},
		{"legal", "法律服务机构", "legal service institutions"},
		{"other", "其他", "other organisations"},
		{"total", "总计", "total"},
	}
	// ReviewColumns are the outcome columns of table 四.
	ReviewColumns = []Column{
		{"upheld", "结果维持", "upheld"},
		{"corrected", "结果纠正", "corrected"},
		{"other", "其他结果", "other result"},
		{"pending", "尚未审结", "pending"},
		{"total", "总计", "total"},
	}
)

func reqRow(key, group, label, english string) Row {
	return Row{Key: key, Group: group, Label: label, English: english, Columns: RequestColumns}
}

func requestRows(t2021 bool) []Row {
	const res = "三、本年度办理结果"
	rows := []Row{
		reqRow("new", "", "一、本年新收政府信息公开申请数量", "new requests this year"),
		reqRow("carried_over", "", "二、上年结转政府信息公开申请数量", "carried over from last year"),
		reqRow("granted", res, "（一）予以公开", "granted in full"),
		reqRow("partial", res, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "granted in part"),
		reqRow("denied_state_secret", res+" （三）不予公开", "1.属于国家秘密", "denied: state secret"),
		reqRow("denied_prohibited", res+" （三）不予公开", "2.其他法律行政法规禁止公开", "denied: prohibited by other laws"),
		reqRow("denied_security", res+" （三）不予公开", "3.危及“三安全一稳定”", "denied: endangers security or stability"),
		reqRow("denied_third_party", res+" （三）不予公开", "4.保护第三方合法权益", "denied: third-party rights"),
		reqRow("denied_internal", res+" （三）不予公开", "5.属于三类内部事务信息", "denied: internal affairs"),
		reqRow("denied_process", res+" （三）不予公开", "6.属于四类过程性信息", "denied: deliberative process"),
		reqRow("denied_enforcement_file", res+" （三）不予公开", "7.属于行政执法案卷", "denied: enforcement file"),
		reqRow("denied_query", res+" （三）不予公开", "8.属于行政查询事项", "denied: administrative query"),
		reqRow("unavailable_not_held", res+" （四）无法提供", "1.本机关不掌握相关政府信息", "unavailable: not held"),
		reqRow("unavailable_needs_creation", res+" （四）无法提供", "2.没有现成信息需要另行制作", "unavailable: would need creating"),
		reqRow("unavailable_unclear", res+" （四）无法提供", "3.补正后申请内容仍不明确", "unavailable: still unclear after correction"),
		reqRow("rejected_petition", res+" （五）不予处理", "1.信访举报投诉类申请", "not processed: petition or complaint"),
		reqRow("rejected_duplicate", res+" （五）不予处理", "2.重复申请", "not processed: duplicate"),
		reqRow("rejected_publication", res+" （五）不予处理", "3.要求提供公开出版物", "not processed: asks for publications"),
		reqRow("rejected_excessive", res+" （五）不予处理", "4.无正当理由大量反复申请", "not processed: excessive repeated requests"),
		reqRow("rejected_confirmation", res+" （五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "not processed: asks to confirm or reissue"),
	}
	if t2021 {
		rows = append(rows,
			reqRow("other_no_correction", res+" （六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other: applicant did not correct in time"),
			reqRow("other_no_fee", res+" （六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other: applicant did not pay the fee"),
			reqRow("other_other", res+" （六）其他处理", "3.其他", "other: other"),
		)
	} else {
		rows = append(rows, reqRow("other", res, "（六）其他处理", "other handling"))
	}
	return append(rows,
		reqRow("total", res, "（七）总计", "total handled"),
		reqRow("carried_forward", "", "四、结转下年度继续办理", "carried forward to next year"),
	)
}

var reviewTable = TableDef{Key: "review", Title: "四、政府信息公开行政复议、行政诉讼情况", Rows: []Row{
	{Key: "review", Label: "行政复议", English: "administrative review", Columns: ReviewColumns},
	{Key: "litigation_direct", Group: "行政诉讼", Label: "未经复议直接起诉", English: "litigation without prior review", Columns: ReviewColumns},
	{Key: "litigation_after_review", Group: "行政诉讼", Label: "复议后起诉", English: "litigation after review", Columns: ReviewColumns},
}}

// T2021 is the layout of 国办公开办函〔2021〕30号.
var T2021 = &Template{ID: "2021", Tables: []TableDef{
	{Key: "active", Title: "二、主动公开政府信息情况", Rows: []Row{
		{Key: "rules", Group: "第二十条第（一）项", Label: "规章", English: "rules", Columns: stockCols2021},
		{Key: "normative_docs", Group: "第二十条第（一）项", Label: "行政规范性文件", English: "normative documents", Columns: stockCols2021},
		{Key: "licensing", Group: "第二十条第（五）项", Label: "行政许可", English: "administrative licensing", Columns: decisionCols2021},
		{Key: "penalties", Group: "第二十条第（六）项", Label: "行政处罚", English: "administrative penalties", Columns: decisionCols2021},
		{Key: "enforcement", Group: "第二十条第（六）项", Label: "行政强制", English: "administrative enforcement", Columns: decisionCols2021},
		{Key: "fees", Group: "第二十条第（八）项", Label: "行政事业性收费", English: "administrative fees", Amount: true,
			Columns: []Column{{"amount", "本年收费金额（单位：万元）", "fees collected this year (10,000 yuan)"}}},
	}},
	{Key: "requests", Title: "三、收到和处理政府信息公开申请情况", Rows: requestRows(true)},
	reviewTable,
}}

// T2019 is the layout of 国办公开办函〔2019〕60号.
var T2019 = &Template{ID: "2019", Tables: []TableDef{
	{Key: "active", Title: "二、主动公开政府信息情况", Rows: []Row{
		{Key: "rules", Group: "第二十条第（一）项", Label: "规章", English: "rules", Columns: stockCols2019},
		{Key: "normative_docs", Group: "第二十条第（一）项", Label: "规范性文件", English: "normative documents", Columns: stockCols2019},
		{Key: "licensing", Group: "第二十条第（五）项", Label: "行政许可", English: "administrative licensing", Columns: itemCols2019},
		{Key: "other_services", Group: "第二十条第（五）项", Label: "其他对外管理服务事项", English: "other external services", Columns: itemCols2019},
		{Key: "penalties", Group: "第二十条第（六）项", Label: "行政处罚", English: "administrative penalties", Columns: itemCols2019},
		{Key: "enforcement", Group: "第二十条第（六）项", Label: "行政强制", English: "administrative enforcement", Columns: itemCols2019},
		{Key: "fees", Group: "第二十条第（八）项", Label: "行政事业性收费", English: "administrative fees", Columns: itemCols2019[:2]},
		{Key: "procurement", Group: "第二十条第（九）项", Label: "政府集中采购", English: "central government procurement", Amount: true,
			Columns: []Column{{"projects", "采购项目数量", "procurement projects"}, {"amount", "采购总金额（单位：万元）", "procurement total (10,000 yuan)"}}},
	}},
	{Key: "requests", Title: "三、收到和处理政府信息公开申请情况", Rows: requestRows(false)},
	reviewTable,
}}

// DerivedRows are the sums of SPEC §2.3, in order.
var DerivedRows = []Row{
	{Key: "denied", Label: "（三）不予公开", English: "denied", Columns: RequestColumns},
	{Key: "unavailable", Label: "（四）无法提供", English: "unavailable", Columns: RequestColumns},
	{Key: "rejected", Label: "（五）不予处理", English: "not processed", Columns: RequestColumns},
	{Key: "other", Label: "（六）其他处理", English: "other handling", Columns: RequestColumns},
	{Key: "outcomes", Label: "办理结果合计", English: "all outcomes", Columns: RequestColumns},
}
