package surname

import (
	"bufio"
	_ "embed"
	"sort"
	"strings"
	"sync"
)

//go:embed surnames.txt
var data string

// Common are the surnames the picker shows first, most common in Qingdao
// first: the 24 of the kiosk's first picker.
var Common = []string{
	"王", "张", "刘", "李", "于", "孙", "杨", "赵", "徐", "高", "陈", "马",
	"姜", "林", "周", "宋", "吴", "郭", "胡", "黄", "韩", "曲", "董", "郑",
}

// Surname is one surname and its reading.
type Surname struct {
	Name   string // in Simplified script: 侯, 欧阳
	Pinyin string // without tones, lower case: hou, ouyang
	rank   int    // position in the list: lower is more common
}

// Initial is the upper-case first letter of the surname's pinyin, the
// group it is listed under.
func (s Surname) Initial() string { return strings.ToUpper(s.Pinyin[:1]) }

var (
	once   sync.Once
	all    []Surname
	byName map[string]Surname
)

func load() {
	byName = map[string]Surname{}
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if _, dup := byName[f[0]]; dup {
			continue // the first, more common, place counts
		}
		s := Surname{Name: f[0], Pinyin: f[1], rank: len(all)}
		all = append(all, s)
		byName[s.Name] = s
	}
}

// All returns every surname, by pinyin and, for the same pinyin, the more
// common first.
func All() []Surname {
	once.Do(load)
	out := append([]Surname(nil), all...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pinyin != out[j].Pinyin {
			return out[i].Pinyin < out[j].Pinyin
		}
		return out[i].rank < out[j].rank
	})
	return out
}

// Initials returns the letters some surname's pinyin starts with, A to Z.
func Initials() []string {
	once.Do(load)
	seen := map[string]bool{}
	var out []string
	for _, s := range all {
		if l := s.Initial(); !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// ByInitial returns the surnames whose pinyin starts with letter (either
// case), the most common first.
func ByInitial(letter string) []Surname {
	once.Do(load)
	letter = strings.ToLower(letter)
	if len(letter) != 1 {
		return nil
	}
	var out []Surname
	for _, s := range all {
		if s.Pinyin[:1] == letter {
			out = append(out, s)
		}
	}
	return out
}

// Lookup returns the surname name, if it is in the list.
func Lookup(name string) (Surname, bool) {
	once.Do(load)
	s, ok := byName[name]
	return s, ok
}

// Search returns the surnames whose pinyin starts with prefix (letters
// only, either case; "hou", "ouy"), the most common first.
func Search(prefix string) []Surname {
	once.Do(load)
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" {
		return nil
	}
	var out []Surname
	for _, s := range all {
		if strings.HasPrefix(s.Pinyin, prefix) {
			out = append(out, s)
		}
	}
	return out
}
