// Package config reads the site configuration: defaults, then config.yaml,
// then GONGKAI_* environment variables, then command-line flags. It is the
// only package that uses viper; everything else gets the typed Config.
package config

import (
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is everything a build needs to know from the user.
type Config struct {
	Title       string // site title
	Description string // one line under the title on the home page
	BaseURL     string // absolute URL or path the site is served from, ends in "/"
	Source      string // content directory (reports)
	Destination string // output directory
	Layouts     string // the user's layouts directory (overrides the built-in ones)
	Assets      string // the user's assets directory (overrides the built-in ones)
	Strict      bool   // exit non-zero when a file fails to parse
	// BuildDate is the date stamped into feed.xml and the footer. Empty means
	// "derive from the newest report", so output never depends on the clock.
	BuildDate string
	// Sources copies every source file under /sources/ and links it.
	Sources bool
	// DataGzip publishes the bulk /data/ files (reports.json, reports.csv,
	// cells.csv, checks.csv, gongkai.sqlite) gzipped, as name.gz: "auto"
	// (the default) from GzipAutoReports reports on, "true" or "false".
	// GitHub Pages refuses a file over 100 MB and a site over 1 GB; raw,
	// cells.csv alone is ~28 KB a report.
	DataGzip   string
	License    string
	LicenseURL string
	Cite       string
	// Aliases maps a name as written to the agency name it stands for.
	Aliases map[string]string
	// Slugs maps an agency name to the URL slug it must have.
	Slugs map[string]string
	// Regions maps an agency name to its region path (河北省/石家庄市/井陉矿区),
	// over the report's front matter and the default from the name.
	Regions map[string]string
	// Cache is the build cache directory (parsed reports, page keys), outside
	// the destination; "" turns the cache off.
	Cache string
	// File is the config file that was read ("" when none).
	File string
}

// Defaults are the values used when nothing else sets a key.
var Defaults = map[string]any{
	"title":       "政府信息公开工作年度报告 · 数据门户",
	"description": "把各级行政机关每年发布的政府信息公开工作年度报告整理成可比较、可下载、可核对的数据。",
	"baseurl":     "/",
	"source":      "content",
	"destination": "public",
	"layouts":     "layouts",
	"assets":      "assets",
	"strict":      false,
	"build_date":  "",
	"sources":     true,
	"data_gzip":   "auto",
	"license":     "CC0-1.0",
	"licenseurl":  "https://creativecommons.org/publicdomain/zero/1.0/deed.zh-hans",
	"cite":        "",
	"aliases":     map[string]string{},
	"slugs":       map[string]string{},
	"cache":       ".cache/gongkai",
	"regions":     map[string]string{},
}

// Flags adds the flags every site command shares to fs.
func Flags(fs *pflag.FlagSet) {
	fs.String("config", "config.yaml", "configuration file")
	fs.String("source", "", "content directory (default content)")
	fs.String("destination", "", "output directory (default public)")
	fs.String("baseURL", "", "URL or path the site is served from")
	fs.Bool("strict", false, "exit non-zero when a file fails to parse")
	fs.String("cache", "", "build cache directory (default .cache/gongkai; \"off\" for none)")
}

// Load reads defaults, the config file, the environment and the flags (which
// may be nil) into a Config. A missing config.yaml is fine unless --config
// named it explicitly.
func Load(flags *pflag.FlagSet) (*Config, error) {
	v := viper.New()
	for k, d := range Defaults {
		v.SetDefault(k, d)
	}
	v.SetEnvPrefix("GONGKAI")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()

	file, explicit := "config.yaml", false
	if env := os.Getenv("GONGKAI_CONFIG"); env != "" {
		file, explicit = env, true
	}
	if flags != nil {
		if f := flags.Lookup("config"); f != nil && f.Changed {
			file, explicit = f.Value.String(), true
		}
	}
	cfgFile := ""
	if _, err := os.Stat(file); err == nil || explicit {
		v.SetConfigFile(file)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return nil, fmt.Errorf("config %s: %w", file, err)
		}
		cfgFile = file
	}
	if flags != nil {
		// Flags use the CLI spelling; viper keys are lower case.
		for flag, key := range map[string]string{"source": "source", "destination": "destination", "baseURL": "baseurl", "strict": "strict", "cache": "cache"} {
			if f := flags.Lookup(flag); f != nil && f.Changed {
				if err := v.BindPFlag(key, f); err != nil {
					return nil, err
				}
			}
		}
	}
	c := &Config{
		Title:       v.GetString("title"),
		Description: v.GetString("description"),
		BaseURL:     v.GetString("baseurl"),
		Source:      v.GetString("source"),
		Destination: v.GetString("destination"),
		Layouts:     v.GetString("layouts"),
		Assets:      v.GetString("assets"),
		Strict:      v.GetBool("strict"),
		BuildDate:   v.GetString("build_date"),
		Sources:     v.GetBool("sources"),
		DataGzip:    strings.ToLower(v.GetString("data_gzip")),
		License:     v.GetString("license"),
		LicenseURL:  v.GetString("licenseurl"),
		Cite:        v.GetString("cite"),
		Aliases:     v.GetStringMapString("aliases"),
		Slugs:       v.GetStringMapString("slugs"),
		Regions:     v.GetStringMapString("regions"),
		Cache:       v.GetString("cache"),
		File:        cfgFile,
	}
	if c.Cache == "off" || c.Cache == "none" {
		c.Cache = ""
	}
	return c, c.Normalize()
}

// Normalize checks the values and puts them in canonical form (base URL
// ending in "/").
func (c *Config) Normalize() error {
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return fmt.Errorf("baseURL %q: %w", c.BaseURL, err)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("baseURL %q: scheme must be http or https", c.BaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("baseURL %q: no query or fragment allowed", c.BaseURL)
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if !strings.HasPrefix(c.BaseURL, "/") && u.Scheme == "" {
		c.BaseURL = "/" + c.BaseURL
	}
	if c.BuildDate != "" && !isDate(c.BuildDate) {
		return fmt.Errorf("build_date %q: want YYYY-MM-DD", c.BuildDate)
	}
	if c.Destination == "" || c.Destination == "." || c.Destination == "/" {
		return fmt.Errorf("destination %q: refusing to write the site over it", c.Destination)
	}
	switch c.DataGzip {
	case "":
		c.DataGzip = "auto"
	case "auto", "true", "false":
	default:
		return fmt.Errorf("data_gzip %q: want auto, true or false", c.DataGzip)
	}
	if c.Aliases == nil {
		c.Aliases = map[string]string{}
	}
	if c.Slugs == nil {
		c.Slugs = map[string]string{}
	}
	if c.Regions == nil {
		c.Regions = map[string]string{}
	}
	for name, s := range c.Slugs {
		if !validSlug(s) {
			return fmt.Errorf("slugs: %s: %q is not [a-z0-9-]", name, s)
		}
	}
	return nil
}

// GzipAutoReports is where data_gzip "auto" starts gzipping: raw, 2,000
// reports make a cells.csv of ~55 MB, past GitHub's 50 MB warning.
const GzipAutoReports = 2000

// GzipData tells whether a site of n reports publishes its bulk /data/
// files gzipped.
func (c *Config) GzipData(n int) bool {
	switch c.DataGzip {
	case "true":
		return true
	case "false":
		return false
	}
	return n >= GzipAutoReports
}

// BasePath is the path part of BaseURL ("/portal/"), used where a page can
// be served at any URL (404.html) and relative links do not work.
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// AbsURL returns BaseURL joined with a site path ("agencies/x/").
func (c *Config) AbsURL(p string) string {
	return c.BaseURL + strings.TrimPrefix(p, "/")
}

// SortedAliases returns the alias pairs sorted by the name as written.
func (c *Config) SortedAliases() [][2]string {
	out := make([][2]string, 0, len(c.Aliases))
	for k, v := range c.Aliases {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, r := range s {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
