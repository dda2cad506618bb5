package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// The hub's configuration. Every flag of a hub command may also be set in
// a configuration file and in the environment, through this one loader:
// the flag's name is the file's key and, upper-cased with dashes as
// underscores after ALLIANCE_HUB_, the environment variable's name:
//
//	--tls-cert FILE    tls-cert = "FILE"    ALLIANCE_HUB_TLS_CERT=FILE
//
// From lowest to highest precedence: the flag's default, the file, the
// environment, the command line. The file is named by --config or
// ALLIANCE_HUB_CONFIG; it is TOML with one key per flag (durations as
// strings like "2160h", repeatable flags as arrays, or comma-separated in
// the environment). A key the command does not know is an error for
// serve (a typo must not go unnoticed) and is skipped by the other
// commands, which share the file for its db. `alliance-sync serve
// --print-config` prints what serve would run with, and where each value
// came from.

// ConfigEnvPrefix begins the environment variables of the hub's settings.
const ConfigEnvPrefix = "ALLIANCE_HUB_"

// configFlags makes a command take its flags from the configuration file
// and the environment too; strict makes keys it does not know an error.
func configFlags(f *Flags, strict bool) {
	f.configurable, f.strictConfig = true, strict
	f.StringVar(&f.configFile, "config", "", "read settings from this TOML `file` (keys are the flag names; also ALLIANCE_HUB_CONFIG); the environment (ALLIANCE_HUB_<FLAG>) overrides it, the command line overrides both")
}

// envName is the environment variable of a flag.
func envName(flagName string) string {
	return ConfigEnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyConfig sets the flags not given on the command line from the
// environment and then the file, and records where each value came from.
func (f *Flags) applyConfig(given map[string]bool) error {
	f.sources = map[string]string{}
	for name := range given {
		f.sources[name] = "the command line"
	}
	file := f.configFile
	if !given["config"] {
		if v, ok := os.LookupEnv(envName("config")); ok {
			file = v
			f.configFile = v
		}
	}
	if file != "" {
		var m map[string]any
		md, err := toml.DecodeFile(file, &m)
		if err != nil {
			return fmt.Errorf("configuration %s: %w", file, err)
		}
		keys := md.Keys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			if len(k) != 1 {
				continue // a table's own keys are reported with the table
			}
			name := k[0]
			fl := f.Lookup(name)
			if fl == nil || name == "config" {
				if f.strictConfig {
					return fmt.Errorf("configuration %s: unknown setting %q (the settings are serve's flags: alliance-sync serve --help)", file, name)
				}
				continue
			}
			if given[name] {
				continue
			}
			vals, err := configValues(m[name])
			if err != nil {
				return fmt.Errorf("configuration %s: %s: %w", file, name, err)
			}
			for _, v := range vals {
				if err := fl.Value.Set(v); err != nil {
					return fmt.Errorf("configuration %s: %s = %q: %w", file, name, v, err)
				}
			}
			f.sources[name] = file
		}
	}
	var err error
	f.VisitAll(func(fl *flag.Flag) {
		if err != nil || given[fl.Name] || fl.Name == "config" {
			return
		}
		v, ok := os.LookupEnv(envName(fl.Name))
		if !ok {
			return
		}
		if f.sources[fl.Name] != "" {
			if r, ok := fl.Value.(interface{ Reset() }); ok {
				r.Reset() // a repeatable flag: the environment replaces the file's list
			}
		}
		if serr := fl.Value.Set(v); serr != nil {
			err = fmt.Errorf("%s=%q: %w", envName(fl.Name), v, serr)
			return
		}
		f.sources[fl.Name] = envName(fl.Name)
	})
	return err
}

// configValues turns a TOML value into the strings a flag is set with.
func configValues(v any) ([]string, error) {
	switch x := v.(type) {
	case []any:
		var out []string
		for _, e := range x {
			s, err := configValues(e)
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
		}
		return out, nil
	case map[string]any:
		return nil, errors.New("a table, not a value")
	case string:
		return []string{x}, nil
	case time.Time:
		return []string{x.Format(time.RFC3339)}, nil
	}
	return []string{fmt.Sprint(v)}, nil
}

// PrintConfig writes the settings a command runs with as a configuration
// file, each with where its value came from.
func (f *Flags) PrintConfig(out io.Writer) {
	fmt.Fprintf(out, "# alliance-sync %s: the settings in effect, and where each came from.\n", f.name)
	fmt.Fprintf(out, "# Precedence: the command line, then the environment (%s<FLAG>), then the file, then the default.\n", ConfigEnvPrefix)
	f.VisitAll(func(fl *flag.Flag) {
		if fl.Name == "config" || fl.Name == "print-config" {
			return
		}
		src := f.sources[fl.Name]
		if src == "" {
			src = "default"
		}
		fmt.Fprintf(out, "%s = %s  # %s\n", fl.Name, tomlValue(fl.Value), src)
	})
	if f.configFile != "" {
		fmt.Fprintf(out, "# file: %s\n", f.configFile)
	}
}

// tomlValue writes a flag's value as TOML.
func tomlValue(v flag.Value) string {
	g, ok := v.(flag.Getter)
	if !ok {
		return strconv.Quote(v.String())
	}
	switch x := g.Get().(type) {
	case bool, int, int64, uint, uint64, float64:
		return fmt.Sprint(x)
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return strconv.Quote(v.String())
}
