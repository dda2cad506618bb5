//go:build !linux

package store

import "time"

// sinceBoot is unknown here: the clock offset alone is used.
func sinceBoot() (time.Duration, bool) { return 0, false }

var bootID = func() string { return "" }
