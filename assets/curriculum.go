package assets

import (
	"embed"
	"io/fs"
)

// The smartphone curriculum: one folder per lesson, taught in the order of
// the folder names (see package lessons for the format). all: keeps files
// whose names start with a dot or underscore, so a lesson never loses a
// picture to the embed rules.
//
//go:embed all:curriculum
var curriculum embed.FS

// Curriculum returns the kiosk's default smartphone lessons, rooted at the
// folder holding the lesson folders. The hub may send newer versions.
func Curriculum() fs.FS {
	sub, err := fs.Sub(curriculum, "curriculum")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}
