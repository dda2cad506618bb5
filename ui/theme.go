// Package ui holds the kiosk's Fyne screens and theme. It is driven in tests
// with fyne.io/fyne/v2/test; only cmd/kiosk creates a real window.
package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/shinan-alliance/alliance/assets"
)

// Theme is the kiosk's look: the bundled CJK font, large type, light
// background with near-black text.
type Theme struct {
	fyne.Theme
}

// NewTheme returns the kiosk theme on top of Fyne's default.
func NewTheme() *Theme { return &Theme{Theme: theme.DefaultTheme()} }

var cjkFont = fyne.NewStaticResource("DroidSansFallbackFull.ttf", assets.FontCJK)

// Font returns the bundled CJK font for every style: Fyne draws no Chinese
// glyphs of its own.
func (t *Theme) Font(fyne.TextStyle) fyne.Resource { return cjkFont }

// Color keeps the theme light whatever the OS prefers: kiosks stand in
// bright rooms.
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameForeground:
		return color.NRGBA{0x11, 0x11, 0x11, 0xff}
	case theme.ColorNameBackground:
		return color.NRGBA{0xfb, 0xfa, 0xf6, 0xff}
	}
	return t.Theme.Color(n, theme.VariantLight)
}

// Size makes text and padding large enough to read at arm's length.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 28
	case theme.SizeNameHeadingText:
		return 40
	case theme.SizeNameSubHeadingText:
		return 34
	case theme.SizeNamePadding:
		return 8
	case theme.SizeNameInnerPadding:
		return 16
	}
	return t.Theme.Size(n)
}
