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

// FontCJKBold is Noto Sans CJK SC Bold (SIL Open Font License 1.1, see
// fonts/LICENSE-NotoSansCJK.txt), cut down by fonts/subset-bold.py to
// about 10,000 characters (GB2312, Big5's frequent ones, every character
// of the kiosk's texts and sample content): the headings' real bold weight.
//
//go:embed fonts/NotoSansSC-Bold-kiosk.otf
var FontCJKBold []byte
