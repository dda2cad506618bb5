package pinyin

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed dict.txt.gz
var dictGz []byte

//go:embed kiosk.txt
var kioskWords string

// kioskBoost is added to the weight of the kiosk's own words: more than
// any general word of two characters or more has.
const kioskBoost = 1_000_000

// Candidate is a character or word the input may stand for.
type Candidate struct {
	Text     string // 体检
	Pinyin   string // "ti jian"
	Consumed int    // how many keys of the input it stands for (all, or a beginning)
	weight   int64
	tier     int
}

// Keyboard is a layout: how a pinyin letter is typed.
type Keyboard int

const (
	// QWERTY is a full keyboard: a key per letter.
	QWERTY Keyboard = iota
	// NineKey is a phone keypad: 2 abc, 3 def, 4 ghi, 5 jkl, 6 mno,
	// 7 pqrs, 8 tuv, 9 wxyz.
	NineKey
)

// nine maps letters to keypad digits.
var nine = func() (m [26]byte) {
	for d, letters := range []string{"abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"} {
		for _, l := range letters {
			m[l-'a'] = byte('2' + d)
		}
	}
	return
}()

// keys spells a pinyin syllable as keys of kb.
func (kb Keyboard) keys(syllable string) string {
	if kb == QWERTY {
		return syllable
	}
	b := []byte(syllable)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = nine[c-'a']
		}
	}
	return string(b)
}

type entry struct {
	text      string
	syllables []string
	weight    int64
}

// index is one keyboard's view of the dictionary.
type index struct {
	prefixes map[string]bool    // key strings that begin some syllable
	byFirst  map[string][]int32 // first key of each syllable → entries, most common first
}

// Engine looks up candidates. It is safe for concurrent use.
type Engine struct {
	entries   []entry
	idx       [2]index
	complete  [2]map[string]bool // key strings that spell a whole syllable
	syllables []string           // every syllable, the most used first
}

var (
	defaultOnce sync.Once
	defaultEng  *Engine
)

// Default returns the engine of the embedded dictionary, loaded once
// (about 100 ms).
func Default() *Engine {
	defaultOnce.Do(func() {
		e, err := load(dictGz)
		if err != nil {
			panic("pinyin: embedded dictionary: " + err.Error())
		}
		defaultEng = e
	})
	return defaultEng
}

func load(gz []byte) (*Engine, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	e := &Engine{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		w, _ := strconv.ParseInt(f[2], 10, 64)
		syl := strings.Fields(f[1])
		if len(syl) == 0 || len(syl) != len([]rune(f[0])) {
			continue
		}
		e.entries = append(e.entries, entry{text: f[0], syllables: syl, weight: w})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	e.boost(kioskWords)
	sort.SliceStable(e.entries, func(i, j int) bool { return e.entries[i].weight > e.entries[j].weight })
	for kb := range e.idx {
		ix := index{prefixes: map[string]bool{}, byFirst: map[string][]int32{}}
		for i, en := range e.entries {
			var first strings.Builder
			for _, s := range en.syllables {
				k := Keyboard(kb).keys(s)
				for l := 1; l <= len(k); l++ {
					ix.prefixes[k[:l]] = true
				}
				first.WriteByte(k[0])
			}
			ix.byFirst[first.String()] = append(ix.byFirst[first.String()], int32(i))
		}
		e.idx[kb] = ix
	}
	sylWeight := map[string]int64{}
	for _, en := range e.entries {
		if len(en.syllables) == 1 {
			sylWeight[en.syllables[0]] += en.weight
		}
	}
	for s := range sylWeight {
		e.syllables = append(e.syllables, s)
	}
	sort.Slice(e.syllables, func(i, j int) bool {
		a, b := e.syllables[i], e.syllables[j]
		if sylWeight[a] != sylWeight[b] {
			return sylWeight[a] > sylWeight[b]
		}
		return a < b
	})
	for kb := range e.complete {
		m := map[string]bool{}
		for _, en := range e.entries {
			for _, s := range en.syllables {
				m[Keyboard(kb).keys(s)] = true
			}
		}
		e.complete[kb] = m
	}
	return e, nil
}

// boost ranks the words listed in list (word, tab, syllables; # starts a
// comment) first among equally good fits, adding them when missing.
func (e *Engine) boost(list string) {
	at := map[string]int{}
	for i, en := range e.entries {
		at[en.text+"|"+strings.Join(en.syllables, " ")] = i
	}
	for _, line := range strings.Split(list, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		syl := strings.Fields(f[1])
		if len(syl) != len([]rune(f[0])) {
			continue
		}
		if i, ok := at[f[0]+"|"+strings.Join(syl, " ")]; ok {
			e.entries[i].weight += kioskBoost
			continue
		}
		e.entries = append(e.entries, entry{text: f[0], syllables: syl, weight: kioskBoost})
	}
}

// Spellings returns the syllables (and, for a single key, the letters)
// that the beginning of a 9-key input may spell, the longest first and
// common ones before rare ones: the column of choices a 9-key keyboard
// shows beside the candidates, so that a resident can say she meant "ai"
// and not "bi" for 24. Choosing one is typing it as letters: pass the
// input with the chosen syllable in letters and ' after it to Lookup on
// QWERTY, or keep the digits for the rest (Lookup accepts a mix on
// NineKey: letters are taken as themselves).
func (e *Engine) Spellings(digits string) []string {
	var keys []byte
	for _, c := range []byte(digits) {
		if c >= '2' && c <= '9' && len(keys) < 6 {
			keys = append(keys, c)
		} else if len(keys) > 0 {
			break
		}
	}
	var out []string
	for l := len(keys); l >= 1; l-- {
		for _, s := range e.syllables {
			if NineKey.keys(s) == string(keys[:l]) {
				out = append(out, s)
			}
		}
	}
	if len(keys) > 0 {
		for c := byte('a'); c <= 'z'; c++ {
			if nine[c-'a'] == keys[0] {
				out = append(out, string(c))
			}
		}
	}
	return out
}

// maxInput bounds the keys looked at, and maxParses the ways of cutting
// them into syllables: a resident types a word or two at a time.
const (
	maxInput  = 24
	maxParses = 400
)

// Lookup returns up to n candidates for input typed on kb, best first
// (see the package comment). QWERTY input is letters, either case, with
// optional ' or spaces between syllables; NineKey input is digits 2-9,
// with optional ' or spaces. Other signs are ignored.
func (e *Engine) Lookup(input string, kb Keyboard, n int) []Candidate {
	if n <= 0 {
		return nil
	}
	ix := &e.idx[kb]
	// groups are the parts the user separated with ' or space; pos maps a
	// key back to its place in the cleaned input.
	var keys []byte
	var fixed []byte // on NineKey, the letter chosen for a key (0: any)
	var breaks []int // positions in keys where the user put a separator
	for _, c := range []byte(strings.ToLower(input)) {
		switch {
		case kb == QWERTY && c >= 'a' && c <= 'z', kb == NineKey && c >= '2' && c <= '9':
			if len(keys) < maxInput {
				keys = append(keys, c)
				fixed = append(fixed, 0)
			}
		case kb == NineKey && c >= 'a' && c <= 'z':
			// a spelling chosen from Spellings
			if len(keys) < maxInput {
				keys = append(keys, nine[c-'a'])
				fixed = append(fixed, c)
			}
		case c == '\'' || c == ' ':
			if len(keys) > 0 && (len(breaks) == 0 || breaks[len(breaks)-1] != len(keys)) {
				breaks = append(breaks, len(keys))
			}
		}
	}
	if len(keys) == 0 {
		return nil
	}
	parses := e.parses(ix, string(keys), breaks)
	for _, p := range parses {
		start := 0
		for i := range p {
			p[i].fixed = fixed[start:p[i].end]
			start = p[i].end
		}
	}
	seen := map[string]int{} // text → index in out
	var out []Candidate
	add := func(c Candidate) {
		if i, ok := seen[c.Text]; ok {
			o := &out[i]
			if c.Consumed > o.Consumed || (c.Consumed == o.Consumed && c.tier < o.tier) {
				*o = c
			}
			return
		}
		seen[c.Text] = len(out)
		out = append(out, c)
	}
	// Whole-input matches, then matches of a beginning, longest first.
	// Parses share beginnings: each sequence of tokens is matched once.
	done := map[string]bool{}
	for _, p := range parses {
		var seq strings.Builder
		for j := 1; j <= len(p); j++ {
			seq.WriteString(p[j-1].keys)
			seq.WriteByte('\'')
			consumed := p[j-1].end
			if j < len(p) && consumed == len(keys) || done[seq.String()] {
				continue
			}
			done[seq.String()] = true
			e.match(ix, kb, p[:j], consumed, add)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Consumed != b.Consumed {
			return a.Consumed > b.Consumed
		}
		if a.tier != b.tier {
			return a.tier < b.tier
		}
		return a.weight > b.weight
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// token is a piece of the input standing for one syllable.
type token struct {
	keys     string
	fixed    []byte // letters chosen for some keys, 0 for the others
	end      int    // position after it in the input
	complete bool   // a whole syllable, not only its beginning
}

// parses cuts keys into tokens, each the beginning (or the whole) of some
// syllable, not crossing the user's breaks. Cuts into whole syllables come
// first.
func (e *Engine) parses(ix *index, keys string, breaks []int) [][]token {
	isBreak := map[int]bool{}
	for _, b := range breaks {
		isBreak[b] = true
	}
	complete := e.complete[QWERTY]
	if ix == &e.idx[NineKey] {
		complete = e.complete[NineKey]
	}
	var out [][]token
	var cur []token
	var walk func(pos int)
	walk = func(pos int) {
		if len(out) >= maxParses {
			return
		}
		if pos == len(keys) {
			out = append(out, append([]token(nil), cur...))
			return
		}
		// longer pieces first: whole syllables before initials
		limit := len(keys)
		for b := range isBreak {
			if b > pos && b < limit {
				limit = b
			}
		}
		for end := min(limit, pos+6); end > pos; end-- {
			piece := keys[pos:end]
			if !ix.prefixes[piece] {
				continue
			}
			cur = append(cur, token{keys: piece, end: end, complete: complete[piece]})
			walk(end)
			cur = cur[:len(cur)-1]
		}
	}
	walk(0)
	return out
}

// fits reports whether syllable has the letters chosen for its keys.
func fits(syllable string, fixed []byte) bool {
	for i, c := range fixed {
		if c != 0 && (i >= len(syllable) || syllable[i] != c) {
			return false
		}
	}
	return true
}

// match adds the entries whose syllables begin with the tokens, one token
// a syllable.
func (e *Engine) match(ix *index, kb Keyboard, toks []token, consumed int, add func(Candidate)) {
	var first strings.Builder
	tier := 0
	for _, t := range toks {
		first.WriteByte(t.keys[0])
		if !t.complete {
			tier++
		}
	}
	for _, i := range ix.byFirst[first.String()] {
		en := &e.entries[i]
		ok := true
		exact := 0
		for k, s := range en.syllables {
			sk := kb.keys(s)
			if !strings.HasPrefix(sk, toks[k].keys) || !fits(s, toks[k].fixed) {
				ok = false
				break
			}
			if sk != toks[k].keys && toks[k].complete {
				// "xian" typed for xiang: a whole syllable standing for
				// another's beginning counts as an abbreviation.
				exact++
			}
		}
		if !ok {
			continue
		}
		add(Candidate{Text: en.text, Pinyin: strings.Join(en.syllables, " "), Consumed: consumed, weight: en.weight, tier: tier + exact})
	}
}
