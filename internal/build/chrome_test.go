package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Helpers for the tests that drive Debian's Chromium through chromedp. A
// test that needs a browser skips when there is none, unless
// GONGKAI_REQUIRE_BROWSER is set (CI sets it), and always with -short.

// chromium is the path of a Chromium or Chrome binary, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium for the test and returns a context
// whose tab the test drives; everything is closed when the test ends.
func browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no browser tests")
	}
	bin := chromium()
	if bin == "" {
		if os.Getenv("GONGKAI_REQUIRE_BROWSER") != "" {
			t.Fatal("GONGKAI_REQUIRE_BROWSER is set but no chromium is installed")
		}
		t.Skip("no chromium installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // start the browser without a deadline
		t.Fatal(err)
	}
	return ctx
}

// tab opens a new tab in the browser of ctx. With script false, the tab
// runs no JavaScript at all, as a reader with scripts turned off.
func tab(t *testing.T, ctx context.Context, script bool) context.Context {
	t.Helper()
	tctx, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tctx); err != nil {
		t.Fatal(err)
	}
	if !script {
		if _, err := chromedp.Call(tctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	return tctx
}

// dialogs records every alert, confirm or prompt a page of the tab opens,
// and dismisses it so the page goes on.
type dialogs struct {
	mu   sync.Mutex
	seen []string
}

func watchDialogs(ctx context.Context) *dialogs {
	d := &dialogs{}
	events := chromedp.Events(ctx, cdppage.JavascriptDialogOpening)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			d.mu.Lock()
			d.seen = append(d.seen, string(ev.Type)+": "+ev.Message+" at "+ev.URL)
			d.mu.Unlock()
			_, _ = chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return d
}

func (d *dialogs) list() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.seen...)
}

// cdpDo runs actions with a deadline, failing the test on error.
func cdpDo(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(cctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// cdpEval evaluates a JavaScript expression and decodes its value.
func cdpEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(cctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// loaded waits until the document and its deferred scripts have run, and a
// little longer for anything a page might have scheduled (an image's
// onerror, a timer).
func loaded() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Poll[chromedp.Void](`document.readyState === "complete"`, chromedp.WithPollingInterval(20*time.Millisecond)),
		chromedp.Sleep(150*time.Millisecond),
	)
}

// serveSite serves dir on 127.0.0.1 under the path prefix (e.g. "/portal/").
func serveSite(t *testing.T, dir, prefix string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir))))
	t.Cleanup(srv.Close)
	return srv
}
