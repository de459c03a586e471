package build

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io/fs"
	"sort"

	"gongkai/internal/aggregate"
	"gongkai/internal/assets"
	"gongkai/internal/config"
	"gongkai/internal/export"
	"gongkai/internal/render"
)

// manifest records what the previous build wrote, so the next one renders
// only agencies whose inputs changed and writes only files whose bytes
// changed. It is stored in the cache index.
type manifest struct {
	Dest     string               // destination it describes
	Files    map[string]fileRec   // site path → what was written
	Agencies map[string]agencyRec // slug → key and files
	Pages    map[string]string    // corpus-wide page → key of its inputs (render.Input.Keep)
	Data     string               // key of the /data/ bundle
	DataInfo []export.FileInfo
	// DataIndex is where each report's rows are in the bundle's streamed
	// files, for the next build to copy them (export.WriteDataReuse).
	DataIndex export.DataIndex
}

type fileRec struct {
	Hash string // hashBytes of the file, for files given to keep (sources, /data/); "" for pages
	Size int64
}

type agencyRec struct {
	Key   string
	Files []string
}

func hashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:16])
}

// hashStrings is the hasher's key of ss.
func hashStrings(ss ...string) string {
	h, sum := newHasher()
	h.add(ss...)
	return sum()
}

// hasher is a sha256 fed with length-prefixed strings, so that ("ab","c")
// and ("a","bc") differ. Each add writes its strings through one buffer
// the hasher keeps: sha256 has no WriteString, and io.WriteString copied
// every string (at 100,000 reports two thirds of the 0.34 s the agencies'
// keys took).
type hasher struct {
	h   hash.Hash
	buf []byte
}

func newHasher() (*hasher, func() string) {
	h := &hasher{h: sha256.New()}
	return h, func() string { return hex.EncodeToString(h.h.Sum(nil)[:16]) }
}

func (h *hasher) add(ss ...string) {
	b := h.buf[:0]
	for _, s := range ss {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	h.h.Write(b)
	h.buf = b
}

// siteKey is everything every page depends on besides its own data: the
// binary, the configuration, the layouts, the asset manifest, the build
// date and serve mode. A change to any of them renders every page again.
func siteKey(cfg *config.Config, layouts fs.FS, man assets.Manifest, buildDate string, live bool) string {
	h, sum := newHasher()
	h.add(binaryVersion(), buildDate)
	if live {
		h.add("live")
	}
	b, _ := json.Marshal(cfg)
	h.add(string(b))
	for _, n := range append([]string{"base", "partials"}, render.Pages...) {
		data, _ := fs.ReadFile(layouts, n+".html")
		h.add(n, string(data))
	}
	keys := make([]string, 0, len(man))
	for k := range man {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.add(k, man[k])
	}
	return sum()
}

// agencyKey is what an agency's pages and downloads are made from: the
// site key, the agency's names, slug and region, and the files its reports
// were read from (their content keys). The reports themselves are a
// function of these: crosscheck works within one agency.
func agencyKey(site string, a *aggregate.Agency, region *aggregate.Region, fileKeys map[string]string) string {
	h, sum := newHasher()
	h.add(site, a.Slug, a.Name, a.Pinyin, a.Initials)
	h.add(a.Names...)
	for r := region; r != nil; r = r.Parent {
		h.add("region", r.Slug, r.Name)
	}
	for _, r := range a.Reports {
		h.add("report", r.ID, r.Source.Path, fileKeys[r.Source.Path])
		for _, s := range r.Sources {
			h.add(s.Path, fileKeys[s.Path])
		}
	}
	return sum()
}

// agencyKeys are the keys of every agency: agencyKey, and for a region's
// government also the keys of every agency under the region, since its
// reports' region.sum check compares it with their sum.
func agencyKeys(site string, c *aggregate.Corpus, fileKeys map[string]string) map[*aggregate.Agency]string {
	own := make(map[*aggregate.Agency]string, len(c.Agencies))
	for _, a := range c.Agencies {
		own[a] = agencyKey(site, a, c.RegionOf[a], fileKeys)
	}
	keys := make(map[*aggregate.Agency]string, len(own))
	for a, k := range own {
		keys[a] = k
	}
	for _, reg := range c.Regions {
		if reg.Gov == nil {
			continue
		}
		h, sum := newHasher()
		h.add(own[reg.Gov], "region.sum", reg.Slug)
		for _, a := range reg.All() {
			h.add(a.Slug, own[a])
		}
		keys[reg.Gov] = sum()
	}
	return keys
}
