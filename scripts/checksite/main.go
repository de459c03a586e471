// Command checksite holds a built site to the standards a public body's
// site is held to: every HTML page passes the Nu HTML Checker (vnu.jar, run
// with the machine's Java) with no errors, and axe-core, injected into
// Debian's Chromium through chromedp, finds no WCAG 2.1 A/AA violation. With
// -lighthouse it also runs Lighthouse on five typical pages and prints their
// scores. The site is served on 127.0.0.1 while it is checked.
//
//	go run ./scripts/checksite -site public -node .cache/node [-lighthouse]
//
// It exits 1 when a check finds anything, 2 when it cannot run.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

var (
	siteDir    = flag.String("site", "public", "the built site")
	nodeDir    = flag.String("node", ".cache/node", "npm prefix holding vnu-jar, axe-core and lighthouse")
	doVNU      = flag.Bool("vnu", true, "run the Nu HTML Checker on every page")
	doAxe      = flag.Bool("axe", true, "run axe-core on the pages")
	lighthouse = flag.Bool("lighthouse", false, "run Lighthouse on the five typical pages and print the scores")
	maxAxe     = flag.Int("axe-max", 400, "check at most this many pages with axe (the five typical ones always)")
)

// wcag are the axe-core tags of WCAG 2.1 level A and AA.
var wcag = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

func main() {
	flag.Parse()
	if st, err := os.Stat(filepath.Join(*siteDir, "index.html")); err != nil || st.IsDir() {
		fatal("no site at %s: run `make site` first", *siteDir)
	}
	pages, err := htmlPages(*siteDir)
	if err != nil {
		fatal("%v", err)
	}
	typical := typicalPages(*siteDir, pages)
	fmt.Printf("checksite: %d HTML pages in %s; typical pages: /%s\n", len(pages), *siteDir, strings.Join(typical, " /"))

	failed := false
	if *doVNU {
		if !runVNU() {
			failed = true
		}
	}
	if *doAxe || *lighthouse {
		base, stop := serve(*siteDir)
		defer stop()
		if *doAxe {
			check := typical
			seen := map[string]bool{}
			for _, p := range typical {
				seen[p] = true
			}
			for _, p := range pages {
				if len(check) >= *maxAxe {
					break
				}
				if !seen[p] {
					check = append(check, p)
				}
			}
			if !runAxe(base, check) {
				failed = true
			}
		}
		if *lighthouse {
			if !runLighthouse(base, typical) {
				failed = true
			}
		}
	}
	if failed {
		fmt.Println("checksite: FAILED")
		os.Exit(1)
	}
	fmt.Println("checksite: ok")
}

func fatal(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "checksite: "+format+"\n", a...)
	os.Exit(2)
}

// htmlPages lists the site's HTML pages as URL paths ("", "agencies/x/").
func htmlPages(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		out = append(out, strings.TrimSuffix(rel, "index.html"))
		return nil
	})
	sort.Strings(out)
	return out, err
}

// typicalPages are the home, agency, report, year and validation pages:
// the report with the most flagged cells, its agency and its year.
func typicalPages(root string, pages []string) []string {
	reportRe := regexp.MustCompile(`^agencies/[^/]+/(\d{4})/$`)
	best, bestScore := "", -1
	for _, p := range pages {
		if !reportRe.MatchString(p) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p), "index.html"))
		if err != nil {
			continue
		}
		score := 10*strings.Count(string(data), "flag-fail") + strings.Count(string(data), "flag-warn")
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	out := []string{""}
	if best != "" {
		m := reportRe.FindStringSubmatch(best)
		agency := strings.TrimSuffix(best, m[1]+"/")
		out = append(out, agency, best, "years/"+m[1]+"/")
	}
	return append(out, "validation/")
}

// serve serves root on 127.0.0.1 and returns its base URL.
func serve(root string) (string, func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal("%v", err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(root)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }
}

// runVNU checks every HTML page with the Nu HTML Checker; errors fail,
// warnings are printed.
func runVNU() bool {
	jar := filepath.Join(*nodeDir, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		fatal("no %s: run scripts/check-site (it installs vnu-jar) or npm install --prefix %s vnu-jar", jar, *nodeDir)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		fatal("no java: install a Java runtime (Debian: apt-get install default-jre-headless)")
	}
	start := time.Now()
	cmd := exec.Command(java, "-Xss1m", "-jar", jar, "--skip-non-html", "--format", "gnu", "--stdout", *siteDir)
	out, err := cmd.CombinedOutput()
	var errs, warns []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		switch {
		case line == "":
		case strings.Contains(line, ": error: ") || strings.Contains(line, ": fatal: "):
			errs = append(errs, line)
		case strings.Contains(line, ": info warning: ") || strings.Contains(line, ": info: "):
			warns = append(warns, line)
		default:
			errs = append(errs, line)
		}
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fatal("vnu: %v", err)
	}
	for _, w := range warns {
		fmt.Println("  vnu " + w)
	}
	for _, e := range errs {
		fmt.Println("  vnu " + e)
	}
	fmt.Printf("vnu: %d errors, %d warnings (%s)\n", len(errs), len(warns), time.Since(start).Round(time.Millisecond))
	if err != nil && len(errs) == 0 {
		fmt.Printf("vnu: exit status %d with no error printed\n", exit.ExitCode())
	}
	return len(errs) == 0 && err == nil
}

// violation is one axe-core result.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// browser starts headless Chromium.
func browser() (context.Context, func()) {
	var bin string
	for _, name := range []string{os.Getenv("CHROME_PATH"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		fatal("no chromium: install it (Debian: apt-get install chromium)")
	}
	dir, err := os.MkdirTemp("", "checksite-chrome-")
	if err != nil {
		fatal("%v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(dir), chromedp.WindowSize(1280, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		fatal("chromium: %v", err)
	}
	return ctx, func() { cancelC(); cancelA(); os.RemoveAll(dir) }
}

// runAxe injects axe-core into each page and runs the WCAG 2.1 A/AA rules.
func runAxe(base string, pages []string) bool {
	src, err := os.ReadFile(filepath.Join(*nodeDir, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		fatal("no axe-core: %v", err)
	}
	ctx, stop := browser()
	defer stop()
	start := time.Now()
	tags, _ := json.Marshal(wcag)
	run := fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]}).then(r => r.violations)`, tags)
	total := 0
	for _, p := range pages {
		tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate(base+p),
			chromedp.Poll[chromedp.Void](`document.readyState === "complete"`, chromedp.WithPollingInterval(20*time.Millisecond)),
			chromedp.Evaluate[chromedp.Void](string(src)))
		var vs []violation
		if err == nil {
			vs, err = chromedp.Run(tctx, chromedp.Evaluate[[]violation](run, chromedp.EvalAwaitPromise))
		}
		cancel()
		if err != nil {
			fatal("axe on /%s: %v", p, err)
		}
		for _, v := range vs {
			total++
			fmt.Printf("  axe /%s: %s (%s): %s\n", p, v.ID, v.Impact, v.Help)
			for i, n := range v.Nodes {
				if i == 5 {
					fmt.Printf("      … %d more\n", len(v.Nodes)-5)
					break
				}
				fmt.Printf("      %v %s\n        %s\n", n.Target, clip(n.HTML, 160), strings.ReplaceAll(n.Summary, "\n", "\n        "))
			}
		}
	}
	fmt.Printf("axe (%s): %d violations on %d pages (%s)\n", strings.Join(wcag, ", "), total, len(pages), time.Since(start).Round(time.Millisecond))
	return total == 0
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// runLighthouse runs Lighthouse on each page with Debian's Chromium and
// prints the four category scores, and the audits that cost points.
func runLighthouse(base string, pages []string) bool {
	cli := filepath.Join(*nodeDir, "node_modules", "lighthouse", "cli", "index.js")
	if _, err := os.Stat(cli); err != nil {
		fatal("no lighthouse: npm install --prefix %s lighthouse", *nodeDir)
	}
	chrome := os.Getenv("CHROME_PATH")
	if chrome == "" {
		chrome = "/usr/bin/chromium"
	}
	cats := []string{"performance", "accessibility", "best-practices", "seo"}
	all100 := true
	fmt.Println("\n| page | Performance | Accessibility | Best Practices | SEO |\n|---|---|---|---|---|")
	var notes []string
	for _, p := range pages {
		cmd := exec.Command("node", cli, base+p, "--output=json", "--output-path=stdout", "--quiet",
			"--only-categories="+strings.Join(cats, ","),
			"--chrome-flags=--headless --no-sandbox --disable-gpu")
		cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			fatal("lighthouse /%s: %v", p, err)
		}
		var lhr struct {
			Categories map[string]struct {
				Score     *float64 `json:"score"`
				AuditRefs []struct {
					ID     string  `json:"id"`
					Weight float64 `json:"weight"`
				} `json:"auditRefs"`
			} `json:"categories"`
			Audits map[string]struct {
				Title        string   `json:"title"`
				Score        *float64 `json:"score"`
				DisplayValue string   `json:"displayValue"`
			} `json:"audits"`
		}
		if err := json.Unmarshal(out, &lhr); err != nil {
			fatal("lighthouse /%s: %v", p, err)
		}
		row := "| /" + p + " |"
		for _, c := range cats {
			cat := lhr.Categories[c]
			if cat.Score == nil {
				row += " – |"
				all100 = false
				continue
			}
			s := int(*cat.Score*100 + 0.5)
			row += fmt.Sprintf(" %d |", s)
			if s < 100 {
				all100 = false
				for _, ref := range cat.AuditRefs {
					a := lhr.Audits[ref.ID]
					if ref.Weight > 0 && a.Score != nil && *a.Score < 1 {
						notes = append(notes, fmt.Sprintf("/%s %s: %s (%s, score %.2f) %s", p, c, ref.ID, a.Title, *a.Score, a.DisplayValue))
					}
				}
			}
		}
		fmt.Println(row)
	}
	for _, n := range notes {
		fmt.Println("  " + n)
	}
	return all100
}
