package chinese

import (
	"embed"
	"log/slog"
	"strings"
	"sync"

	"github.com/shinan-alliance/alliance"
)

// Script shows content text (posts, names, places) in the script of l:
// Traditional converts Simplified text (s2tw), Simplified converts
// Traditional (t2s), English leaves Chinese content as it is.
func Script(l alliance.Lang, s string) string {
	switch {
	case s == "" || l == alliance.English:
		return s
	case l == alliance.Hant:
		return ToTraditional(s)
	}
	return ToSimplified(s)
}

// ToTraditional writes Simplified text in Traditional characters, as
// OpenCC's s2tw does.
func ToTraditional(s string) string { return s2tw.convert(s) }

// ToSimplified writes Traditional text in Simplified characters, as
// OpenCC's t2s does.
func ToSimplified(s string) string { return t2s.convert(s) }

var (
	foldOnce sync.Once
	// foldTable maps each BMP character to its Simplified form (0:
	// unchanged). A flat table, 256 KB, is several times faster than a map
	// on the search index's hot path.
	foldTable []rune
)

// Simplify maps one Traditional character to its Simplified form, as
// OpenCC's t2s converts it on its own (without the phrase around it); any
// other character is returned as it is.
func Simplify(r rune) rune {
	if r >= 0x10000 {
		return r
	}
	foldOnce.Do(func() {
		foldTable = make([]rune, 0x10000)
		pairs := []rune(t2sChars)
		for i := 0; i+1 < len(pairs); i += 2 {
			foldTable[pairs[i]] = pairs[i+1]
		}
	})
	if s := foldTable[r]; s != 0 {
		return s
	}
	return r
}

//go:embed dict/*.txt
var dictFS embed.FS

// maxMatch is how many characters a phrase of OpenCC's may have to match:
// the library looks no further ahead.
const maxMatch = 10

// conversion is one of OpenCC's conversions: groups of dictionaries
// applied one group after the other, each to the whole text.
type conversion struct {
	files  [][]string // per group, dictionary names in order of precedence
	once   sync.Once
	groups [][]dictionary
}

// dictionary maps phrases (or characters) to their conversion.
type dictionary struct {
	m      map[string]string
	maxLen int // the longest key, in runes
}

var (
	s2tw = &conversion{files: [][]string{{"STPhrases", "STCharacters"}, {"TWVariants"}}}
	t2s  = &conversion{files: [][]string{{"TSPhrases", "TSCharacters"}}}
)

func (c *conversion) load() {
	for _, names := range c.files {
		var g []dictionary
		for _, name := range names {
			data, err := dictFS.ReadFile("dict/" + name + ".txt")
			if err != nil {
				// Embedded: only a broken build gets here. The text stays
				// as it is, which its readers can still read.
				slog.Error("load script conversion", "dictionary", name, "err", err)
				continue
			}
			d := dictionary{m: map[string]string{}}
			for _, line := range strings.Split(string(data), "\n") {
				k, v, ok := strings.Cut(line, "\t")
				if !ok {
					continue
				}
				d.m[k] = v
				d.maxLen = max(d.maxLen, len([]rune(k)))
			}
			g = append(g, d)
		}
		c.groups = append(c.groups, g)
	}
}

// convert applies the conversion the way the OpenCC library does: at each
// place, the first dictionary of a group that has a phrase starting there
// gives its longest such phrase (of at most maxMatch characters); with
// none, the character stays.
func (c *conversion) convert(s string) string {
	c.once.Do(c.load)
	for _, g := range c.groups {
		r := []rune(s)
		var b strings.Builder
		b.Grow(len(s))
	next:
		for i := 0; i < len(r); {
			for _, d := range g {
				for j := min(len(r), i+maxMatch, i+d.maxLen); j > i; j-- {
					if v, ok := d.m[string(r[i:j])]; ok {
						b.WriteString(v)
						i = j
						continue next
					}
				}
			}
			b.WriteRune(r[i])
			i++
		}
		s = b.String()
	}
	return s
}
