// Command gen writes the pinyin engine's dictionary (pinyin/dict.txt.gz)
// from the Luna Pinyin dictionary of the Rime input method (Debian package
// rime-data-luna-pinyin, LGPL-3), converted to Simplified with OpenCC:
//
//	apt-get install rime-data-luna-pinyin
//	go run ./pinyin/gen
//
// It keeps every character of GB 2312 and the commonest other characters,
// and the most common words of two to four characters.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shinan-alliance/alliance/internal/rimedict"
)

func gb2312(r rune) bool {
	_, err := simplifiedchinese.HZGB2312.NewEncoder().String(string(r))
	return err == nil
}

// blocked are words a public kiosk for older residents should not offer
// as a guess.
var blocked = map[string]bool{
	"性爱": true, "做爱": true, "色情": true, "性交": true, "强奸": true, "淫荡": true,
	"妓女": true, "嫖娼": true, "裸体": true, "傻逼": true, "他妈": true, "操你": true,
	"屁眼": true, "阴茎": true, "阴道": true, "乳房": true, "性感": true, "婊子": true,
}

func main() {
	out := flag.String("o", "pinyin/dict.txt.gz", "file to write")
	words := flag.Int("words", 45000, "how many words (2-4 characters) to keep")
	flag.Parse()
	entries, err := rimedict.Read(rimedict.DefaultPath)
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("# text\tpinyin\tweight — from Rime Luna Pinyin (LGPL-3), Simplified with OpenCC\n")
	nc, nw := 0, 0
	chars := map[rune]bool{}
	for _, e := range entries {
		rs := []rune(e.Text)
		han := true
		for _, r := range rs {
			han = han && unicode.Is(unicode.Han, r)
		}
		if !han || blocked[e.Text] || strings.ContainsAny(e.Pinyin, "0123456789") {
			continue
		}
		switch {
		case len(rs) == 1:
			if !gb2312(rs[0]) && e.Weight < 200 {
				continue
			}
			chars[rs[0]] = true
			nc++
		case len(rs) <= 4:
			if nw >= *words {
				continue
			}
			ok := true
			for _, r := range rs {
				ok = ok && gb2312(r)
			}
			if !ok {
				continue
			}
			nw++
		default:
			continue
		}
		fmt.Fprintf(&b, "%s\t%s\t%d\n", e.Text, e.Pinyin, e.Weight)
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	zw.Write(b.Bytes())
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, z.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d character readings (%d characters), %d words: %d bytes, %d gzipped", nc, len(chars), nw, b.Len(), z.Len())
}
