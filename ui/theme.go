package ui

import (
	"image/color"
	"math"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"

	"github.com/shinan-alliance/alliance/assets"
)

// Minimum sizes from the issue, at text scale 1.
const (
	BodyTextSize    = 28
	HeadingTextSize = 40
	MinTarget       = 88 // smallest tappable width and height
	TargetGap       = 16 // space between targets
	LargeTextScale  = 1.25
)

// Theme is the kiosk's look: the bundled CJK font, large type, a light
// background with near-black text, and a dark blue for main actions. Every
// text colour pair it uses has a contrast of at least 7:1.
type Theme struct {
	fyne.Theme
	// Scale multiplies every size: 1, or LargeTextScale in 大字 mode.
	Scale float32
}

// NewTheme returns the kiosk theme on top of Fyne's default.
func NewTheme() *Theme { return &Theme{Theme: theme.DefaultTheme(), Scale: 1} }

var (
	cjkFont     = fyne.NewStaticResource("DroidSansFallbackFull.ttf", assets.FontCJK)
	cjkBoldFont = fyne.NewStaticResource("NotoSansSC-Bold-kiosk.otf", assets.FontCJKBold)
)

// Font returns the bundled CJK fonts: Fyne draws no Chinese glyphs of its
// own. Bold text (headings) is drawn in a real bold face, not the regular
// one thickened; it covers fewer characters (see BoldCovers).
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Bold && !s.Monospace {
		return cjkBoldFont
	}
	return cjkFont
}

var boldFace = sync.OnceValues(func() (*sfnt.Font, error) { return sfnt.Parse(assets.FontCJKBold) })

// BoldCovers reports whether the bold face has a glyph for every letter of
// s. A heading with a rarer character is drawn in the regular face, which
// has it, rather than with a box for it.
func BoldCovers(s string) bool {
	f, err := boldFace()
	if err != nil {
		return false
	}
	var buf sfnt.Buffer
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			continue
		}
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// Palette of the kiosk. Exported so tests can check contrasts.
var (
	Ink       = color.NRGBA{0x11, 0x11, 0x11, 0xff} // text
	Paper     = color.NRGBA{0xfb, 0xfa, 0xf6, 0xff} // background
	Key       = color.NRGBA{0xe6, 0xe3, 0xda, 0xff} // ordinary button
	Action    = color.NRGBA{0x0b, 0x3d, 0x91, 0xff} // main actions, selected chips
	OnAction  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	Muted     = color.NRGBA{0x3a, 0x3a, 0x3a, 0xff} // secondary text, still ≥ 7:1 on Paper
	Highlight = color.NRGBA{0xff, 0xe0, 0x66, 0xff} // behind search matches (in Ink, bold): 14:1
	Danger    = color.NRGBA{0x9b, 0x1c, 0x1c, 0xff}
)

// ColorNameHighlight is the theme's name for Highlight, the yellow behind
// the words a search matched.
const ColorNameHighlight fyne.ThemeColorName = "searchHighlight"

// Color keeps the theme light whatever the OS prefers: kiosks stand in
// bright rooms.
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case ColorNameHighlight:
		return Highlight
	case theme.ColorNameForeground, theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning:
		return Ink
	case theme.ColorNameBackground, theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground, theme.ColorNameInputBackground:
		return Paper
	case theme.ColorNameButton:
		return Key
	case theme.ColorNamePrimary, theme.ColorNameHyperlink, theme.ColorNameFocus:
		return Action
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError:
		return OnAction
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return Muted
	case theme.ColorNameDisabledButton:
		return Key
	case theme.ColorNameError:
		return Danger
	case theme.ColorNameInputBorder, theme.ColorNameSeparator:
		return Muted
	}
	return t.Theme.Color(n, theme.VariantLight)
}

// scale is Scale, 1 when unset.
func (t *Theme) scale() float32 {
	if t.Scale == 0 {
		return 1
	}
	return t.Scale
}

// Size makes text and padding large enough to read at arm's length, times
// Scale.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Scale
	if s == 0 {
		s = 1
	}
	switch n {
	case theme.SizeNameText:
		return BodyTextSize * s
	case theme.SizeNameHeadingText:
		return HeadingTextSize * s
	case theme.SizeNameSubHeadingText:
		return 34 * s
	case theme.SizeNameCaptionText:
		return BodyTextSize * s // nothing residents read may be small
	case theme.SizeNameLineSpacing:
		return 0.3 * BodyTextSize * s // line height ≥ 1.3
	case theme.SizeNamePadding:
		return TargetGap // the gap between neighbouring targets
	case theme.SizeNameInnerPadding:
		return 16 * s
	case theme.SizeNameInlineIcon:
		return 36 * s
	case theme.SizeNameScrollBar:
		return 24
	case theme.SizeNameScrollBarSmall:
		return 12
	case theme.SizeNameInputBorder:
		return 3
	}
	return t.Theme.Size(n) * s
}

// Contrast is the WCAG 2 contrast ratio of two colours (1 to 21).
func Contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
