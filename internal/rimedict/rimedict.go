// Package rimedict reads the Luna Pinyin dictionary of the Rime input
// method (Debian package rime-data-luna-pinyin, LGPL-3) for the programs
// that generate the pinyin engine's and the handwriting recogniser's data.
// Nothing reads it at run time.
//
// The dictionary is written in Traditional characters; Read converts each
// entry to Simplified with OpenCC (t2s, phrase level) and adds up the
// weights of entries that become the same word with the same reading
// (並 bing and 并 bing are one 并).
package rimedict

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/longbridgeapp/opencc"
)

// DefaultPath is where Debian installs the compiled table.
const DefaultPath = "/usr/share/rime-data/build/luna_pinyin.table.txt"

// Entry is a word (one character or more) with one reading.
type Entry struct {
	Text   string // Simplified
	Pinyin string // syllables without tones, separated by spaces
	Weight int64  // how often it is used; higher is more common
}

// Read reads the table at path.
func Read(path string) ([]Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w (install the Debian package rime-data-luna-pinyin)", err)
	}
	defer f.Close()
	var raw []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != 3 {
			continue
		}
		// Weights are counts, some with decimals (a count shared among
		// readings).
		w, err := strconv.ParseFloat(p[2], 64)
		if err != nil || w < 0.5 {
			continue
		}
		raw = append(raw, Entry{Text: p[0], Pinyin: p[1], Weight: int64(w + 0.5)})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, e := range raw {
		b.WriteString(e.Text)
		b.WriteByte('\n')
	}
	out, err := cc.Convert(b.String())
	if err != nil {
		return nil, err
	}
	lines := strings.Split(out, "\n")
	if len(lines) < len(raw) {
		return nil, fmt.Errorf("OpenCC returned %d lines for %d", len(lines), len(raw))
	}
	type key struct{ text, py string }
	sum := map[key]int64{}
	for i, e := range raw {
		s := lines[i]
		if len([]rune(s)) != len([]rune(e.Text)) {
			s = e.Text
		}
		sum[key{s, e.Pinyin}] += e.Weight
	}
	entries := make([]Entry, 0, len(sum))
	for k, w := range sum {
		entries = append(entries, Entry{Text: k.text, Pinyin: k.py, Weight: w})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].Weight != entries[j].Weight {
			return entries[i].Weight > entries[j].Weight
		}
		if entries[i].Text != entries[j].Text {
			return entries[i].Text < entries[j].Text
		}
		return entries[i].Pinyin < entries[j].Pinyin
	})
	return entries, nil
}

// CharWeights returns the weight of each single character, all its
// readings added up.
func CharWeights(entries []Entry) map[rune]int64 {
	w := map[rune]int64{}
	for _, e := range entries {
		r := []rune(e.Text)
		if len(r) == 1 {
			w[r[0]] += e.Weight
		}
	}
	return w
}
