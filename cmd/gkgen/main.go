// Command gkgen writes a corpus of synthetic annual reports with their
// truth files, for tools/score.py and for benchmarking site builds:
//
//	gkgen -n 1000 -seed 1 -out DIR [-shapes tab,md,pipe,cells,html,flat] [-notruth]
//
// writes DIR/reports/<name>.<ext> and DIR/truth/<name>.json.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"gongkai/internal/synth"
)

func main() {
	n := flag.Int("n", 1000, "number of reports")
	seed := flag.Int64("seed", 1, "corpus seed: the same seed gives the same files")
	out := flag.String("out", "", "output directory (required)")
	shapes := flag.String("shapes", "", "comma-separated shapes to draw from: "+strings.Join(synth.Shapes, ","))
	noTruth := flag.Bool("notruth", false, "write reports only (benchmark corpora)")
	quiet := flag.Bool("q", false, "no summary line")
	flag.Parse()
	if *out == "" || *n < 0 {
		flag.Usage()
		os.Exit(2)
	}
	gn := synth.Generator{Seed: *seed}
	if *shapes != "" {
		for _, s := range strings.Split(*shapes, ",") {
			s = strings.TrimSpace(s)
			if !slices.Contains(synth.Shapes, s) {
				fmt.Fprintf(os.Stderr, "gkgen: unknown shape %q (have %s)\n", s, strings.Join(synth.Shapes, ","))
				os.Exit(2)
			}
			gn.Shapes = append(gn.Shapes, s)
		}
	}
	repDir, truthDir := filepath.Join(*out, "reports"), filepath.Join(*out, "truth")
	for _, d := range []string{repDir, truthDir} {
		if d == truthDir && *noTruth {
			continue
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gkgen:", err)
			os.Exit(1)
		}
	}
	start := time.Now()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		fail  error
		bytes int64
	)
	next := make(chan int, 256)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				name, data, truth := gn.Generate(i)
				err := os.WriteFile(filepath.Join(repDir, name), data, 0o644)
				if err == nil && !*noTruth {
					base := strings.TrimSuffix(name, filepath.Ext(name))
					err = os.WriteFile(filepath.Join(truthDir, base+".json"), truth.MarshalIndent(), 0o644)
				}
				mu.Lock()
				bytes += int64(len(data))
				if err != nil && fail == nil {
					fail = err
				}
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < *n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	if fail != nil {
		fmt.Fprintln(os.Stderr, "gkgen:", fail)
		os.Exit(1)
	}
	if !*quiet {
		d := time.Since(start)
		fmt.Fprintf(os.Stderr, "gkgen: %d reports, %.1f MB in %v (%.0f reports/s)\n", *n, float64(bytes)/1e6, d.Round(time.Millisecond), float64(*n)/d.Seconds())
	}
}
