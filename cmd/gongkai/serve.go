package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"gongkai/internal/build"
	"gongkai/internal/config"
)

func init() { commands["serve"] = runServe }

// runServe: gongkai serve [--port 1313] [build flags]. It builds into a
// temporary directory (public/ is left alone), serves it on 127.0.0.1,
// rebuilds when content/, layouts/, assets/ or the config file change, and
// the pages reload themselves by polling /_gongkai/version.
func runServe(args []string) int {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	config.Flags(fs)
	port := fs.Int("port", 1313, "port to listen on (127.0.0.1 only)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	tmp, err := os.MkdirTemp("", "gongkai-serve-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gongkai:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	dest := filepath.Join(tmp, "public")

	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(*port))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gongkai:", err)
		return 1
	}
	addr := "http://" + ln.Addr().String() + "/"

	var version atomic.Int64
	rebuild := func() {
		cfg, err := config.Load(fs)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gongkai:", err)
			return
		}
		cfg.Destination, cfg.BaseURL = dest, addr
		sum, err := build.Run(build.Options{Config: cfg, LiveReload: true})
		if err != nil {
			fmt.Fprintln(os.Stderr, "gongkai: build failed, still serving the previous build:", err)
			return
		}
		fmt.Fprint(os.Stderr, sum)
		version.Add(1)
	}
	rebuild()

	files := http.FileServer(http.Dir(dest))
	mux := http.NewServeMux()
	mux.HandleFunc("/_gongkai/version", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, version.Load())
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		p := filepath.Join(dest, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			// What a static host does: the site's own 404 page.
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			if b, err := os.ReadFile(filepath.Join(dest, "404.html")); err == nil {
				w.Write(b)
			}
			return
		}
		files.ServeHTTP(w, r)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "gongkai:", err)
		}
	}()
	fmt.Fprintf(os.Stderr, "gongkai: serving %s — watching content, layouts, assets and the config file; Ctrl+C to stop\n", addr)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	watched := func() []string {
		cfg, err := config.Load(fs)
		if err != nil {
			return []string{"config.yaml"}
		}
		w := []string{cfg.Source, cfg.Layouts, cfg.Assets, "config.yaml"}
		if cfg.File != "" {
			w = append(w, cfg.File)
		}
		return w
	}
	last := stamp(watched())
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_ = srv.Shutdown(shutdown)
			return 0
		case <-tick.C:
			if s := stamp(watched()); s != last {
				last = s
				fmt.Fprintln(os.Stderr, "gongkai: change detected, rebuilding")
				rebuild()
			}
		}
	}
}

// stamp hashes the names, sizes and modification times of every file under
// the given paths; polling it is enough to notice an edit.
func stamp(paths []string) uint64 {
	h := fnv.New64a()
	for _, root := range paths {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if info, err := d.Info(); err == nil {
				fmt.Fprintf(h, "%s|%d|%d\n", p, info.Size(), info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return h.Sum64()
}
