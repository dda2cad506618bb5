package assets

import "embed"

// Translations holds the kiosk's resident-facing strings, one flat JSON
// object per language (i18n/zh-Hans.json, zh-Hant.json, en.json). They are
// embedded so that switching language at the kiosk needs no files on disk.
//
//go:embed i18n/*.json
var Translations embed.FS
