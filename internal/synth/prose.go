package synth

import (
	"fmt"
	"strings"
)

// block kinds of a report's body.
const (
	bNav   = iota // site navigation or share-bar text
	bTitle        // the report title, one or two lines
	bHead         // one of the six part headings
	bSub          // a sub-heading with its paragraph: (一)主动公开方面。…
	bPara
	bTable
)

type block struct {
	kind  int
	lines []string // bTitle, bNav
	head  string   // bSub: the sub-heading
	text  string
	tbl   *grid
}

// titleLines writes the title in one of the shapes seen in real reports.
func (g *gen) titleLines() []string {
	y, n := g.year, g.ag.name
	switch g.st.title {
	case 0:
		return []string{fmt.Sprintf("%s %d 年政府信息公开工作年度报告", n, y)}
	case 1:
		return []string{fmt.Sprintf("%s%d年政府信息公开工作年度报告", n, y)}
	case 2:
		return []string{fmt.Sprintf("%s%d年度政府信息公开工作年度报告", n, y)}
	case 3:
		return []string{fmt.Sprintf("%d年%s政府信息公开工作年度报告", y, n)}
	}
	return []string{n, fmt.Sprintf("%d 年政府信息公开工作年度报告", y)}
}

func (g *gen) titleText() string { return strings.Join(g.titleLines(), "") }

// period is the statistics period sentence.
func (g *gen) period() string {
	y := g.year
	return pick(g.r,
		fmt.Sprintf("本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。", y, y),
		fmt.Sprintf("报告数据统计期限为 %d 年 1 月 1 日至 %d 年 12 月 31 日。", y, y),
		fmt.Sprintf("本报告所列数据统计期限为%d年1月1日至%d年12月31日。", y, y))
}

// navLines is site navigation above the title.
func (g *gen) navLines() []string {
	return []string{
		pick(g.r, "首页 > 政务公开 > 政府信息公开年报", "当前位置：首页 > 政府信息公开 > 法定主动公开内容 > 政府信息公开工作年度报告", "您的位置：首页 >> 信息公开 >> 年度报告"),
		fmt.Sprintf("发布日期：%d-%02d-%02d　来源：%s　浏览次数：%d", g.year+1, 1+g.r.IntN(3), 1+g.r.IntN(28), g.ag.short, 20+g.r.IntN(900)),
		"【字体：大 中 小】　打印本页　分享到：",
	}
}

var (
	manage = []string{
		"严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，确保公开信息准确、规范、安全。",
		"进一步规范政府信息发布流程，建立健全信息发布审核机制，对拟公开信息逐条审核把关，及时清理过时信息。",
		"按照“谁公开、谁审查、谁负责”的要求，明确各科室信息公开职责，定期开展自查，及时整改发现的问题。",
	}
	platform = []string{
		"充分发挥政府门户网站第一平台作用，优化政府信息公开专栏设置，及时更新机构职能、政策文件、财政预决算等信息。",
		"加强政务新媒体管理，规范信息发布，利用微信公众号等渠道同步发布政务信息，拓宽公开渠道。",
		"完善政务服务大厅政务公开专区功能，设置查阅点，方便群众现场查阅政府信息。",
	}
	oversight = []string{
		"将政务公开工作纳入年度绩效考核，明确专人负责，组织业务培训，提升工作人员业务能力。",
		"成立政务公开工作领导小组，定期研究部署政务公开工作，加强日常监督检查，确保各项工作落到实处。",
		"本年度未发生因政府信息公开工作被责任追究的情况。",
	}
	problems = []string{
		"一是政策解读形式不够丰富，解读质量有待提高；二是部分工作人员业务能力不强，公开意识有待进一步增强；三是信息更新还不够及时。",
		"政务公开工作虽然取得了一定成效，但仍存在一些不足：主动公开的深度和广度有待拓展，依申请公开答复的规范性需进一步提升。",
		"存在的主要问题有：公开内容时效性不强，部分栏目更新不及时；政务公开队伍力量较为薄弱，人员变动较为频繁。",
	}
	measures = []string{
		"下一步，将加强业务培训，提升工作人员能力；丰富政策解读形式，运用图解、视频等方式提升解读效果；加强督促检查，确保信息及时更新。",
		"针对上述问题，将进一步完善工作机制，明确责任分工，加大公开力度，不断提高政务公开工作质量和水平。",
		"一是强化组织领导，压实工作责任；二是规范依申请公开办理流程，提高答复质量；三是加强平台建设，拓宽公开渠道。",
	}
	others = []string{
		"本年度未收取政府信息公开信息处理费。",
		"按照《政府信息公开信息处理费管理办法》规定，%d年%s未收取信息处理费。",
		"无其他需要报告的事项。",
	}
)

// requestSentence states the number of applications, the figure that
// narrative.requests compares with the table.
func (g *gen) requestSentence() string {
	n, y := g.narrative, g.year
	co := int(g.vals.v["requests.carried_over.total"])
	if n != int(g.vals.v["requests.new.total"]) && co > 0 && n == int(g.vals.v["requests.new.total"])+co {
		return fmt.Sprintf("全年共办理政府信息公开申请%d件（含上年结转%d件），均在法定期限内予以答复。", n, co)
	}
	return pick(g.r,
		fmt.Sprintf("%d年，%s共收到政府信息公开申请%d件，均在法定期限内予以答复。", y, g.ag.short, n),
		fmt.Sprintf("全年共受理政府信息公开申请%d件，按时办结率100%%。", n),
		fmt.Sprintf("本年度新收政府信息公开申请%d件，全部依法依规办理。", n))
}

// blocks assembles the report: title, intro, the six parts.
func (g *gen) blocks() []block {
	r, y := g.r, g.year
	var bs []block
	if g.st.nav {
		bs = append(bs, block{kind: bNav, lines: g.navLines()})
	}
	bs = append(bs, block{kind: bTitle, lines: g.titleLines()})
	cite := "国办公开办函〔2021〕30号"
	if g.tmpl.ID == "2019" {
		cite = "国办公开办函〔2019〕60号"
	}
	intro := fmt.Sprintf("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（%s）要求编制。", cite)
	if g.st.period == 1 {
		intro += g.period()
	}
	bs = append(bs, block{kind: bPara, text: intro})

	head := func(s string) { bs = append(bs, block{kind: bHead, text: s}) }
	sub := func(h, t string) { bs = append(bs, block{kind: bSub, head: h, text: t}) }
	para := func(t string) { bs = append(bs, block{kind: bPara, text: t}) }

	head("一、总体情况")
	para(fmt.Sprintf("%d年，%s坚持以公开为常态、不公开为例外，认真贯彻落实《条例》，持续推进政务公开标准化规范化建设，各项工作取得积极成效。", y, g.ag.short))
	sub("（一）主动公开方面。", fmt.Sprintf("全年通过政府门户网站主动公开政府信息%d条，发布政策解读%d篇，通过政务新媒体发布信息%d条。", 20+r.IntN(5000), r.IntN(120), r.IntN(3000)))
	sub("（二）依申请公开方面。", g.requestSentence())
	sub("（三）政府信息管理方面。", pick(r, manage...))
	sub("（四）政府信息公开平台建设方面。", pick(r, platform...))
	sub("（五）监督保障方面。", pick(r, oversight...))

	lead := func(t string) { // some reports introduce their tables
		if r.Float64() < 0.3 {
			para(t)
		}
	}
	head("二、主动公开政府信息情况")
	lead("本年度主动公开政府信息情况如下表。")
	bs = append(bs, block{kind: bTable, tbl: &g.grids[0]})
	head("三、收到和处理政府信息公开申请情况")
	lead("本年度收到和处理政府信息公开申请情况见下表。")
	bs = append(bs, block{kind: bTable, tbl: &g.grids[1]})
	head([]string{"四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"}[g.st.sec4])
	lead("本年度因政府信息公开工作引起的行政复议、行政诉讼情况如下。")
	bs = append(bs, block{kind: bTable, tbl: &g.grids[2]})
	head([]string{"五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"}[g.st.sec5])
	sub("（一）存在的主要问题", pick(r, problems...))
	sub("（二）改进措施", pick(r, measures...))
	head("六、其他需要报告的事项")
	o := pick(r, others...)
	if strings.Contains(o, "%d") {
		o = fmt.Sprintf(o, y, g.ag.short)
	}
	para(o)
	if g.st.period == 2 {
		para(g.period())
	}
	if g.st.nav && r.Float64() < 0.5 {
		bs = append(bs, block{kind: bNav, lines: []string{"【打印本页】【关闭窗口】", "主办单位：" + g.ag.name + "　网站标识码：" + fmt.Sprint(1000000000+r.IntN(900000000))}})
	}
	return bs
}
