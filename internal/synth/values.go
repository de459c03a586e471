package synth

import (
	"math"
	"math/rand/v2"

	"gongkai/internal/report"
)

// Years the generator covers; reports of one agency span them.
const (
	firstYear = 2019
	lastYear  = 2024
	perAgency = 5 // reports per agency: five of the six years
)

// syllables make place names; every one has a single Traditional form (or none).
var syllables = []rune("安平宁江河山城阳东西南北湖海新华兴永昌丰泰嘉清云龙凤金石桥林源长明德福宝川溪岭庄乐和定通广临武文沙水峰坪滨原远青白黄柳桂成鹤阜盛")

var bureaus = []string{"生态环境局", "市场监督管理局", "自然资源局", "交通运输局", "民政局", "财政局", "教育局", "卫生健康委员会", "住房和城乡建设局", "人力资源和社会保障局", "农业农村局", "应急管理局"}

// agency is one publishing body.
type agency struct {
	name  string // Simplified, as the title prints it
	short string // how the prose refers to itself
	scale float64
	kind  int
}

// perCity agencies in a row share the name of their city (or county), at
// any corpus size: a real corpus has many bodies under each place. When
// places were drawn from a fixed set instead, they filled up as the corpus
// grew, so a 100,000-report corpus had thousands of region pages (a place
// of two agencies or more) where a 20,000-report one had none, and build
// times could not be compared across sizes.
const perCity = 8

// agencyFor names agency a: its city (or county) from a/perCity, its
// district (or town) from a, each a bijection onto two syllables, with a
// third syllable in front of the city past n² cities. The agencies of one
// city have distinct districts, so two agencies of a corpus never share a
// name.
func agencyFor(seed int64, a int) agency {
	n := uint64(len(syllables))
	syl := func(k uint64) string { return string(syllables[k%n]) }
	two := func(k uint64) string {
		x := (k*1000003 + uint64(seed)*7919) % (n * n)
		return syl(x) + syl(x/n)
	}
	c := uint64(a / perCity)
	ab, cd := two(c), two(uint64(a))
	if c >= n*n {
		ab = syl(c/(n*n)-1) + ab
	}
	h := mix(uint64(seed), uint64(a), 0xa9e)
	ag := agency{kind: int(h % 10)}
	switch ag.kind {
	case 0, 1:
		ag.name, ag.short, ag.scale = ab+"市"+cd+"区人民政府", cd+"区", 40
	case 2, 3:
		ag.name, ag.short, ag.scale = ab+"县"+cd+"镇人民政府", "我镇", 1.5
	case 4:
		ag.name, ag.short, ag.scale = ab+"市"+cd+"区人民政府办公室", "区政府办公室", 12
		if h>>8%2 == 0 {
			ag.name = ab + "市" + cd + "区政府办公室"
		}
	case 5, 6:
		b := bureaus[(h>>8)%uint64(len(bureaus))]
		ag.name, ag.short, ag.scale = ab+"市"+cd+"区"+b, "本单位", 8
	case 7:
		ag.name, ag.short, ag.scale = ab+"市"+cd+"县人民政府", cd+"县", 30
	case 8:
		ag.name, ag.short, ag.scale = ab+"县"+cd+"乡人民政府", "我乡", 0.8
	default:
		st := string(syllables[(h>>8)%n]) + string(syllables[(h>>20)%n])
		ag.name, ag.short, ag.scale = ab+"市"+cd+"区"+st+"街道办事处", "我街道", 2
	}
	ag.scale *= 0.3 + 1.4*float64(h>>16%1000)/1000
	return ag
}

// agencyYear maps report i to its agency index and year: five consecutive
// reports belong to one agency, which skips one of the six years.
func agencyYear(seed int64, i int) (int, int) {
	a, k := i/perAgency, i%perAgency
	skip := int(mix(uint64(seed), uint64(a), 0x5c1) % (lastYear - firstYear + 1))
	y := firstYear + k
	if k >= skip {
		y++
	}
	return a, y
}

// mix is a small hash (splitmix64 finaliser) for independent streams.
func mix(a, b, c uint64) uint64 {
	z := a*0x9e3779b97f4a7c15 ^ b*0xbf58476d1ce4e5b9 ^ c*0x94d049bb133111eb
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	return z ^ z>>31
}

// stream is a generator for one (agency, year, purpose); it lets a report
// know what its agency carried forward the year before without state.
func stream(seed int64, a, year int, purpose uint64) *rand.Rand {
	return rand.New(rand.NewPCG(mix(uint64(seed), uint64(a), uint64(year)), purpose))
}

// vals holds one report's cells by path; blank cells are in null, cells
// the source cannot settle (flattened rows) in unknown.
type vals struct {
	v       map[string]float64
	null    map[string]bool
	unknown map[string]bool
}

func newVals() *vals {
	return &vals{v: map[string]float64{}, null: map[string]bool{}, unknown: map[string]bool{}}
}

func (x *vals) get(p string) (float64, bool) {
	if x.null[p] || x.unknown[p] {
		return 0, false
	}
	return x.v[p], true
}

// small draws a count around mean (geometric-ish, many zeros for small means).
func small(r *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	return int(r.ExpFloat64() * mean)
}

var reqCols = []string{"natural", "commercial", "research", "social", "legal", "other", "total"}
var revCols = []string{"upheld", "corrected", "other", "pending", "total"}

// carriedForward is what agency a carried into the next year, per applicant column.
func carriedForward(seed int64, ag agency, a, year int) [6]int {
	r := stream(seed, a, year, 0xcf)
	var cf [6]int
	if r.Float64() < 0.55 {
		return cf
	}
	cf[0] = small(r, ag.scale/8+0.5)
	if r.Float64() < 0.2 {
		cf[1] = 1 + r.IntN(2)
	}
	if r.Float64() < 0.05 {
		cf[4] = 1
	}
	return cf
}

// outcomeWeights are typical shares of the outcome rows (2021 keys; the 2019
// "other" row takes the three other_* shares).
var outcomeWeights = map[string]float64{
	"granted": 35, "partial": 8,
	"denied_state_secret": 0.5, "denied_prohibited": 0.5, "denied_security": 0.5, "denied_third_party": 2,
	"denied_internal": 2, "denied_process": 2, "denied_enforcement_file": 1, "denied_query": 1.5,
	"unavailable_not_held": 25, "unavailable_needs_creation": 4, "unavailable_unclear": 3,
	"rejected_petition": 6, "rejected_duplicate": 3, "rejected_publication": 0.5, "rejected_excessive": 1, "rejected_confirmation": 1,
	"other_no_correction": 2, "other_no_fee": 0.3, "other_other": 2, "other": 4,
}

// outcomeRows lists the rows that add up to requests.total.
func outcomeRows(t *report.Template) []string {
	var out []string
	for _, row := range t.Table("requests").Rows {
		switch row.Key {
		case "new", "carried_over", "total", "carried_forward":
		default:
			out = append(out, row.Key)
		}
	}
	return out
}

// fillValues draws a consistent set of tables for agency a in year.
func fillValues(r *rand.Rand, seed int64, ag agency, a, year int, t *report.Template) *vals {
	x := newVals()
	// table 三: carried over = last year's carried forward (requests.carryover holds)
	co := carriedForward(seed, ag, a, year-1)
	cf := carriedForward(seed, ag, a, year)
	var nw [6]int
	nw[0] = small(r, ag.scale)
	if r.Float64() < 0.3 {
		nw[1] = small(r, ag.scale/10+0.5)
	}
	if r.Float64() < 0.04 {
		nw[2] = 1 + r.IntN(2)
	}
	if r.Float64() < 0.06 {
		nw[3] = 1 + r.IntN(2)
	}
	if r.Float64() < 0.1 {
		nw[4] = small(r, ag.scale/20+0.5)
	}
	if r.Float64() < 0.08 {
		nw[5] = 1 + r.IntN(3)
	}
	rows := outcomeRows(t)
	weights := make([]float64, len(rows))
	sum := 0.0
	for k, row := range rows {
		w := outcomeWeights[row]
		if w < 3 && r.Float64() < 0.5 {
			w = 0
		}
		weights[k] = w * (0.2 + 1.6*r.Float64())
		sum += weights[k]
	}
	out := make([][6]int, len(rows))
	for c := 0; c < 6; c++ {
		if nw[c]+co[c] < cf[c] {
			nw[c] = cf[c] - co[c]
		}
		h := nw[c] + co[c] - cf[c]
		if h <= 200 { // one request at a time: small offices get lumpy tables
			for ; h > 0; h-- {
				p := r.Float64() * sum
				k := 0
				for ; k < len(rows)-1 && p >= weights[k]; k++ {
					p -= weights[k]
				}
				out[k][c]++
			}
		} else {
			left := h
			for k := range rows {
				n := int(float64(h) * weights[k] / sum)
				out[k][c] = n
				left -= n
			}
			out[0][c] += left
		}
	}
	setReq := func(row string, v [6]int) {
		tot := 0
		for c := 0; c < 6; c++ {
			x.v["requests."+row+"."+reqCols[c]] = float64(v[c])
			tot += v[c]
		}
		x.v["requests."+row+".total"] = float64(tot)
	}
	setReq("new", nw)
	setReq("carried_over", co)
	var tot [6]int
	for k, row := range rows {
		setReq(row, out[k])
		for c := 0; c < 6; c++ {
			tot[c] += out[k][c]
		}
	}
	setReq("total", tot)
	setReq("carried_forward", cf)

	// table 四
	for k, row := range []string{"review", "litigation_direct", "litigation_after_review"} {
		n := small(r, ag.scale/[]float64{15, 25, 60}[k])
		var v [4]int
		for ; n > 0; n-- {
			p := r.Float64()
			switch {
			case p < 0.6:
				v[0]++
			case p < 0.72:
				v[1]++
			case p < 0.85:
				v[2]++
			default:
				v[3]++
			}
		}
		tot := 0
		for c := 0; c < 4; c++ {
			x.v["review."+row+"."+revCols[c]] = float64(v[c])
			tot += v[c]
		}
		x.v["review."+row+".total"] = float64(tot)
	}

	// table 二
	big := ag.scale / 10
	if t.ID == "2021" {
		for _, row := range []string{"rules", "normative_docs"} {
			issued, repealed, inForce := stock(seed, ag, a, year, row)
			x.v["active."+row+".issued"] = float64(issued)
			x.v["active."+row+".repealed"] = float64(repealed)
			x.v["active."+row+".in_force"] = float64(inForce)
		}
		x.v["active.licensing.decisions"] = float64(small(r, 800*big))
		x.v["active.penalties.decisions"] = float64(small(r, 150*big))
		x.v["active.enforcement.decisions"] = float64(small(r, 10*big))
		x.v["active.fees.amount"] = amount(r, 200*big)
	} else {
		for _, row := range []string{"rules", "normative_docs"} {
			issued, _, inForce := stock(seed, ag, a, year, row)
			x.v["active."+row+".made"] = float64(issued)
			pub := issued
			if pub > 0 && r.Float64() < 0.2 {
				pub -= r.IntN(pub + 1)
			}
			x.v["active."+row+".published"] = float64(pub)
			x.v["active."+row+".total_published"] = float64(inForce)
		}
		for k, row := range []string{"licensing", "other_services", "penalties", "enforcement", "fees"} {
			prev := small(r, []float64{60, 20, 80, 10, 5}[k]*(big+0.2))
			change := 0
			if r.Float64() < 0.25 {
				change = r.IntN(7) - 2
				if prev+change < 0 {
					change = 0
				}
			}
			x.v["active."+row+".prev_items"] = float64(prev)
			x.v["active."+row+".change"] = float64(change)
			if row != "fees" {
				x.v["active."+row+".decisions"] = float64(small(r, []float64{800, 50, 150, 10}[k]*big))
			}
		}
		x.v["active.procurement.projects"] = float64(small(r, 5*big+1))
		x.v["active.procurement.amount"] = amount(r, 300*big)
	}
	return x
}

// stock returns issued, repealed and in force for rules or normative_docs;
// in force follows last year's figure (active.stock holds across years).
func stock(seed int64, ag agency, a, year int, row string) (issued, repealed, inForce int) {
	salt := uint64(0x57)
	mean := ag.scale/5 + 1
	if row == "rules" {
		salt = 0x58
		mean = 0
		if ag.kind <= 1 && mix(uint64(seed), uint64(a), 0x59)%4 == 0 {
			mean = 1.5
		}
	}
	base := small(stream(seed, a, firstYear-1, salt), mean*8)
	inForce = base
	for y := firstYear; y <= year; y++ {
		r := stream(seed, a, y, salt)
		issued = small(r, mean)
		repealed = 0
		if lim := issued + base/6; lim > 0 && r.Float64() < 0.5 {
			repealed = r.IntN(min(lim, 6) + 1)
		}
		inForce += issued - repealed
	}
	return issued, repealed, inForce
}

// amount is a 万元 figure: usually two decimals, now and then four or six.
func amount(r *rand.Rand, mean float64) float64 {
	if r.Float64() < 0.35 {
		return 0
	}
	v := r.ExpFloat64() * mean
	switch p := r.Float64(); {
	case p < 0.7:
		return math.Round(v*100) / 100
	case p < 0.85:
		return math.Round(v*10000) / 10000
	default:
		return math.Round(v*1e6) / 1e6
	}
}
