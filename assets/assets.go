package assets

import (
	"embed"
	"io/fs"
)

//go:embed all:sample
var sample embed.FS

// SamplePack returns the sample alliance content pack, rooted at its
// manifest.
func SamplePack() fs.FS {
	sub, err := fs.Sub(sample, "sample")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// FontCJK is Droid Sans Fallback (Apache License 2.0, see
// fonts/LICENSE-DroidSansFallback.txt): one TrueType file covering Latin,
// Simplified and Traditional Chinese, so the kiosk draws Chinese on machines
// with no Chinese fonts installed.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var FontCJK []byte
