// Command gongkai builds the transparency portal from annual reports.
// main only turns arguments into calls; the work is in internal/.
package main

import (
	"fmt"
	"os"
	"sort"
)

// commands maps a subcommand to its runner; each file of this package adds
// its own in init. A runner gets the arguments after the subcommand and
// returns the process exit code.
var commands = map[string]func(args []string) int{}

// version is set by the Makefile through -ldflags.
var version = "dev"

func init() {
	commands["version"] = func([]string) int { fmt.Println("gongkai", version); return 0 }
}

func usage() {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(os.Stderr, "usage: gongkai <command> [flags]\ncommands: %v\n", names)
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	run, ok := commands[os.Args[1]]
	if !ok {
		usage()
		os.Exit(2)
	}
	os.Exit(run(os.Args[2:]))
}
