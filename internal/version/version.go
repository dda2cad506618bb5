// Package version says which build of the programs is running: the
// version and commit, as the build stamped them. `make build` and `make
// package` set both with -ldflags (the version from cmd/kiosk/FyneApp.toml,
// the commit from git); a plain `go build` falls back to what the Go
// toolchain records (debug.ReadBuildInfo: the VCS revision and whether the
// tree was modified). The kiosk shows it in the staff panel and sends it in
// every hello; the hub prints it at start, in its console and its metrics;
// both programs answer --version with it.
package version

import (
	"runtime/debug"
	"strings"
)

// Set at link time:
//
//	-ldflags "-X github.com/shinan-alliance/alliance/internal/version.version=0.2.0
//	          -X github.com/shinan-alliance/alliance/internal/version.commit=abc1234"
var (
	version string
	commit  string
)

// Version is the program's version, e.g. "0.2.0", or "devel" for a build
// that was not stamped.
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return strings.TrimPrefix(v, "v")
		}
	}
	return "devel"
}

// Commit is the git commit the program was built from (12 hex digits,
// "+dirty" when the tree had changes), or "unknown".
func Commit() string {
	if commit != "" {
		return commit
	}
	rev, dirty := "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if rev == "" {
		return "unknown"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return rev
}

// String is the version and commit in one, as --version prints it and
// the kiosk's hello carries it (at most 64 bytes): "0.2.0 (abc123def456)".
func String() string {
	s := Version() + " (" + Commit() + ")"
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}
