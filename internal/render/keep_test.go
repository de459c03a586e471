package render

import (
	"strconv"
	"strings"
	"sync"
	"testing"

	"gongkai/internal/aggregate"
	"gongkai/layouts"
)

// keepRecorder is a build's Keep over an in-memory manifest: pages written
// in the previous pass are in place, and a page is kept when the key asked
// for is the one recorded then.
type keepRecorder struct {
	mu         sync.Mutex
	prev, next map[string]string
}

func (k *keepRecorder) keep(path, stage, key string) bool {
	slot := stage + ":" + path
	k.mu.Lock()
	defer k.mu.Unlock()
	k.next[slot] = key
	if k.prev[slot] != key {
		return false
	}
	if stage != "" {
		if d, ok := k.prev[":"+path]; ok {
			k.next[":"+path] = d
		}
	}
	return true
}

// pass renders the corpus-wide pages and returns those executed (the
// feeds, sitemaps and indexes without a template are always handed on: the
// build compares their bytes).
func (k *keepRecorder) pass(t *testing.T, rd *Renderer, in *Input) map[string]bool {
	t.Helper()
	k.prev, k.next = k.next, map[string]string{}
	var mu sync.Mutex
	got := map[string]bool{}
	in.Keep = k.keep
	if err := rd.GlobalFunc(in, func(f File) error {
		if strings.HasSuffix(f.Path, ".html") {
			mu.Lock()
			got[f.Path] = true
			mu.Unlock()
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestYearPagesKeptOnData: a year page whose inputs changed (its agency's
// key) but whose data did not is not executed again; one whose data
// changed is.
func TestYearPagesKeptOnData(t *testing.T) {
	rd, err := New(layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	in := synthInput(t, 60)
	in.AgencyKeys = map[*aggregate.Agency]string{}
	for _, a := range in.Corpus.Agencies {
		in.AgencyKeys[a] = "k:" + a.Slug
	}
	k := &keepRecorder{next: map[string]string{}}
	first := k.pass(t, rd, in)
	var a *aggregate.Agency
	for _, x := range in.Corpus.Agencies {
		if len(x.Reports) >= 2 {
			a = x
			break
		}
	}
	if a == nil {
		t.Fatal("no agency with two reports")
	}
	for _, r := range a.Reports {
		if p := "years/" + strconv.Itoa(r.Year) + "/index.html"; !first[p] {
			t.Fatalf("first pass did not render %s", p)
		}
	}

	// Nothing changed: nothing executed.
	if got := k.pass(t, rd, in); len(got) > 0 {
		t.Errorf("unchanged: executed %v", keys(got))
	}

	// The agency's key changes (a file re-read), its figures do not.
	in.AgencyKeys[a] = "k2:" + a.Slug
	for p := range k.pass(t, rd, in) {
		if strings.HasPrefix(p, "years/") {
			t.Errorf("%s executed though its data is the same", p)
		}
	}

	// The agency is renamed: the page of every year it has a row in.
	old := a.Name
	a.Name = old + "（更名）"
	defer func() { a.Name = old }()
	in.AgencyKeys[a] = "k3:" + a.Slug
	got := k.pass(t, rd, in)
	for _, rr := range a.Reports {
		if p := "years/" + strconv.Itoa(rr.Year) + "/index.html"; !got[p] {
			t.Errorf("%s not executed after the agency of its row was renamed", p)
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
