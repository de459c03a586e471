package write

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// deadPID is the id of a process that has exited and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestStaleLeftovers: what a build killed mid-write left beside the
// destination is cleared by the next build, a running build's is not, and a
// previous site moved aside just before the kill is put back.
func TestStaleLeftovers(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	dead := strconv.Itoa(deadPID(t))
	mk := func(name, file string) string {
		p := filepath.Join(parent, name)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, file), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	half := mk(".public.tmp-"+dead+"-1", "half.html")
	old := mk(".public.tmp-"+dead+"-1.old", "index.html")
	running := mk(".public.tmp-"+strconv.Itoa(os.Getppid())+"-2", "x.html")
	other := mk(".other.tmp-"+dead+"-3", "y.html")

	s, err := New(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if _, err := os.Stat(half); !os.IsNotExist(err) {
		t.Error("a dead build's temporary directory was kept")
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("the moved-aside site was left aside")
	}
	if b, err := os.ReadFile(filepath.Join(dest, "index.html")); err != nil || string(b) != ".public.tmp-"+dead+"-1.old" {
		t.Errorf("previous site not put back: %q %v", b, err)
	}
	for _, p := range []string{running, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", p, err)
		}
	}
}
