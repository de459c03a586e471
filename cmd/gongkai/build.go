package main

import (
	"fmt"
	"os"

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
	if err := fs.Parse(args); err != nil {
		return 2
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
