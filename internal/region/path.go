package region

import (
	"bytes"
	"strings"

	"gongkai/internal/decode"
	"gongkai/internal/textnorm"
)

// ParsePath reads a region path as written in config.yaml or front matter:
// place names separated by "/", "／", "›" or ">" (河北省/石家庄市/井陉矿区).
// Each place's level comes from its unit (省, 市, 区, 镇 …); a name
// without a known unit has level "". Names are converted to Simplified
// characters and stripped of spaces.
func ParsePath(s string) []Place {
	s = strings.NewReplacer("／", "/", "›", "/", ">", "/", "＞", "/", "\\", "/").Replace(s)
	var out []Place
	for _, part := range strings.Split(s, "/") {
		name := strings.Join(strings.Fields(textnorm.ToSimplified(part)), "")
		if name == "" {
			continue
		}
		level := ""
		for _, u := range units {
			if strings.HasSuffix(name, u.suffix) {
				level = u.level
				break
			}
		}
		if level == City && municipalities[name] {
			level = Province
		}
		out = append(out, Place{Name: name, Level: level})
	}
	return out
}

// FrontMatter returns the "region" key of a report file's leading
// `---` block ("" when there is none). data is the raw file, in any
// encoding the parser reads.
func FrontMatter(data []byte) string {
	head := bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !bytes.HasPrefix(head, []byte("---")) {
		return ""
	}
	if len(head) > 8192 {
		head = head[:8192]
	}
	text, _, err := decode.Bytes(head)
	if err != nil {
		return ""
	}
	lines := strings.Split(text, "\n")
	if strings.TrimSpace(lines[0]) != "---" {
		return ""
	}
	for i := 1; i < len(lines) && i < 50; i++ {
		l := strings.TrimSpace(lines[i])
		if l == "---" {
			return ""
		}
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "region") {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}
