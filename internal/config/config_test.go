package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"
)

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "site.yaml")
	yaml := "title: 测试\nbaseURL: https://file.example/\nsource: from-file\ndestination: out-file\nbuild_date: \"2024-01-02\"\nsources: false\naliases:\n  湖滨区人民政府办公室: 湖滨区政府办\nslugs:\n  湖滨区政府办: hubin\n"
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		env   map[string]string
		args  []string
		check func(t *testing.T, c *Config)
	}{
		{"file", nil, nil, func(t *testing.T, c *Config) {
			if c.Title != "测试" || c.BaseURL != "https://file.example/" || c.Source != "from-file" || c.Sources || c.BuildDate != "2024-01-02" {
				t.Errorf("got %+v", c)
			}
			if c.Aliases["湖滨区人民政府办公室"] != "湖滨区政府办" || c.Slugs["湖滨区政府办"] != "hubin" {
				t.Errorf("maps: %v %v", c.Aliases, c.Slugs)
			}
		}},
		{"env over file", map[string]string{"GONGKAI_BASEURL": "https://env.example/p", "GONGKAI_SOURCE": "from-env"}, nil, func(t *testing.T, c *Config) {
			if c.BaseURL != "https://env.example/p/" || c.Source != "from-env" {
				t.Errorf("got %q %q", c.BaseURL, c.Source)
			}
		}},
		{"flag over env", map[string]string{"GONGKAI_BASEURL": "https://env.example/"}, []string{"--baseURL", "/portal", "--strict", "--destination", "out-flag"}, func(t *testing.T, c *Config) {
			if c.BaseURL != "/portal/" || !c.Strict || c.Destination != "out-flag" || c.Source != "from-file" {
				t.Errorf("got %+v", c)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
			Flags(fs)
			if err := fs.Parse(append([]string{"--config", file}, tt.args...)); err != nil {
				t.Fatal(err)
			}
			c, err := Load(fs)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestMissingConfig(t *testing.T) {
	t.Chdir(t.TempDir())
	c, err := Load(nil)
	if err != nil {
		t.Fatalf("implicit config.yaml missing: %v", err)
	}
	if c.BaseURL != "/" || c.Destination != "public" || !c.Sources || c.File != "" {
		t.Errorf("defaults: %+v", c)
	}
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	Flags(fs)
	_ = fs.Parse([]string{"--config", "nope.yaml"})
	if _, err := Load(fs); err == nil {
		t.Error("explicit missing config: no error")
	}
}

func TestNormalize(t *testing.T) {
	for _, tt := range []struct {
		base, want string
		bad        bool
	}{
		{"https://example.github.io/portal", "https://example.github.io/portal/", false},
		{"portal/", "/portal/", false},
		{"", "/", false},
		{"ftp://x/", "", true},
	} {
		c := &Config{BaseURL: tt.base, Destination: "public"}
		err := c.Normalize()
		if (err != nil) != tt.bad || (!tt.bad && c.BaseURL != tt.want) {
			t.Errorf("%q: got %q, %v", tt.base, c.BaseURL, err)
		}
	}
	c := &Config{Destination: "public", BaseURL: "https://x.example/portal/"}
	if c.BasePath() != "/portal/" || c.AbsURL("/a/") != "https://x.example/portal/a/" {
		t.Errorf("BasePath %q AbsURL %q", c.BasePath(), c.AbsURL("/a/"))
	}
}
