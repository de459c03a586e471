package flat

import (
	"strings"
	"testing"
	"time"
)

func TestPerfScratch(t *testing.T) {
	for _, s := range []string{strings.Repeat("1", 30), strings.Repeat("1", 60), strings.Repeat("9", 60), strings.Repeat("10", 40), strings.Repeat("123456789", 10), strings.Repeat("1", 105), strings.Repeat("1", 200)} {
		t0 := time.Now()
		r := Review(s)
		t1 := time.Now()
		q := Requests(zeros21(map[string]string{"new": s, "total": s, "granted": s}), "2021")
		t2 := time.Now()
		t.Logf("len %d review %v (%d amb) requests %v (%d amb) %.80s", len(s), t1.Sub(t0), len(r.Ambiguous), t2.Sub(t1), len(q.Ambiguous), q.Message())
	}
}
