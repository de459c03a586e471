package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"

	"gongkai/internal/build"
	"gongkai/internal/config"
)

func init() { commands["build"] = runBuild }

// runBuild: gongkai build [--config config.yaml] [--source content]
// [--destination public] [--baseURL URL] [--strict]
func runBuild(args []string) int {
	fs := pflag.NewFlagSet("build", pflag.ContinueOnError)
	config.Flags(fs)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the build to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile (pprof) at the end of the build to this file")
	_ = fs.MarkHidden("cpuprofile")
	_ = fs.MarkHidden("memprofile")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gongkai:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "gongkai:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer func() {
			if f, err := os.Create(*memProfile); err == nil {
				_ = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	cfg, err := config.Load(fs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gongkai:", err)
		return 1
	}
	opt := build.Options{Config: cfg}
	if isatty.IsTerminal(os.Stderr.Fd()) {
		opt.Progress = os.Stderr
	}
	sum, err := build.Run(opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gongkai: build failed, previous site left as it was:", err)
		return 1
	}
	fmt.Fprint(os.Stderr, sum)
	if cfg.Strict && len(sum.Errors) > 0 {
		fmt.Fprintf(os.Stderr, "gongkai: --strict: %d files could not be parsed\n", len(sum.Errors))
		return 1
	}
	return 0
}
