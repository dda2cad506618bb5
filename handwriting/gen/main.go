// Command gen makes the handwriting recogniser's templates
// (handwriting/templates.bin) from the LXGW WenKai fonts that Debian
// installs, with the character list and frequencies of Rime's Luna Pinyin:
//
//	apt-get install fonts-lxgw-wenkai rime-data-luna-pinyin
//	go run ./handwriting/gen
//
// These fonts are not the source of the test strokes (hanzi-writer-data
// comes from the Arphic Kai fonts), so the recogniser is measured on
// strokes it has never seen. See the package comment of handwriting.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"log"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/longbridgeapp/opencc"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shinan-alliance/alliance/handwriting"
	"github.com/shinan-alliance/alliance/internal/rimedict"
)

type fontSpec struct {
	path  string
	index int
}

// The three weights of LXGW WenKai (SIL Open Font License 1.1), a Kai
// typeface: the printed form closest to how people write.
var fonts = []fontSpec{
	{"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf", 0},
	{"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0},
	{"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf", 0},
}

// gb2312 reports whether r is one of GB 2312's 6,763 hanzi.
func gb2312(r rune) bool {
	if r < 0x4E00 || r > 0x9FFF {
		return false
	}
	_, err := simplifiedchinese.HZGB2312.NewEncoder().String(string(r))
	return err == nil
}

// traditional returns the Traditional forms of chars that differ from
// them, in order.
func traditional(chars []rune) ([]rune, error) {
	cc, err := opencc.New("s2t")
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, c := range chars {
		b.WriteRune(c)
		b.WriteByte('\n')
	}
	out, err := cc.Convert(b.String())
	if err != nil {
		return nil, err
	}
	var trad []rune
	for i, line := range strings.Split(out, "\n") {
		rs := []rune(line)
		if i < len(chars) && len(rs) == 1 && rs[0] != chars[i] {
			trad = append(trad, rs[0])
		}
	}
	return trad, nil
}

func main() {
	out := flag.String("o", "handwriting/templates.bin", "file to write")
	k := flag.Int("k", 128, "principal axes kept")
	flag.Parse()

	entries, err := rimedict.Read(rimedict.DefaultPath)
	if err != nil {
		log.Fatal(err)
	}
	weights := rimedict.CharWeights(entries)
	var classes []rune
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if gb2312(r) {
			classes = append(classes, r)
		}
	}
	sort.SliceStable(classes, func(i, j int) bool { return weights[classes[i]] > weights[classes[j]] })
	simplified := len(classes)
	// Then the Traditional forms of those characters (OpenCC s2t, one
	// character at a time), for residents who write 體 rather than 体,
	// in the same order. They come after all Simplified ones, so the
	// first characters of the list stay the most common Simplified.
	trad, err := traditional(classes)
	if err != nil {
		log.Fatal(err)
	}
	known := map[rune]bool{}
	for _, c := range classes {
		known[c] = true
	}
	for _, c := range trad {
		if !known[c] {
			known[c] = true
			classes = append(classes, c)
		}
	}

	var faces []*face
	for _, fs := range fonts {
		f, err := openFace(fs.path, fs.index)
		if err != nil {
			log.Fatal(err)
		}
		faces = append(faces, f)
	}
	start := time.Now()
	type proto struct {
		class int
		feat  []float32
	}
	var protos []proto
	for i, c := range classes {
		for _, f := range faces {
			if cv, ok := f.canvas(c); ok {
				protos = append(protos, proto{i, cv.Feature()})
			}
		}
	}
	log.Printf("%d classes (%d Simplified), %d prototypes in %v", len(classes), simplified, len(protos), time.Since(start))

	// Principal axes of all prototypes.
	D := handwriting.FeatDims
	mean := make([]float64, D)
	for _, p := range protos {
		for j, v := range p.feat {
			mean[j] += float64(v)
		}
	}
	for j := range mean {
		mean[j] /= float64(len(protos))
	}
	cov := make([]float64, D*D)
	x := make([]float64, D)
	for _, p := range protos {
		for j, v := range p.feat {
			x[j] = float64(v) - mean[j]
		}
		for i := range D {
			xi := x[i] / float64(len(protos))
			row := cov[i*D : (i+1)*D]
			for j := i; j < D; j++ {
				row[j] += xi * x[j]
			}
		}
	}
	for i := range D {
		for j := range i {
			cov[i*D+j] = cov[j*D+i]
		}
	}
	vals, vecs := eigenSym(cov, D)
	axes := make([][]float32, *k)
	var kept, total float64
	for _, v := range vals {
		total += v
	}
	for a := range *k {
		kept += vals[a]
		axes[a] = make([]float32, D)
		for j := range D {
			axes[a][j] = float32(vecs[a][j])
		}
	}
	log.Printf("%d axes keep %.1f%% of the variance", *k, 100*kept/total)

	var b bytes.Buffer
	w := func(v any) {
		if err := binary.Write(&b, binary.LittleEndian, v); err != nil {
			log.Fatal(err)
		}
	}
	b.WriteString("HWT1")
	w([]uint32{uint32(D), uint32(*k), uint32(len(classes)), uint32(len(protos))})
	m32 := make([]float32, D)
	for j, v := range mean {
		m32[j] = float32(v)
	}
	w(m32)
	for _, a := range axes {
		w(a)
	}
	for _, c := range classes {
		w(uint32(c))
	}
	q := make([]float32, *k)
	qi := make([]int8, *k)
	for _, p := range protos {
		var mx float32
		for a := range *k {
			var s float32
			for j, v := range p.feat {
				s += (v - m32[j]) * axes[a][j]
			}
			q[a] = s
			mx = max(mx, float32(math.Abs(float64(s))))
		}
		scale := mx / 127
		if scale == 0 {
			scale = 1
		}
		for a, v := range q {
			qi[a] = int8(math.Round(float64(v / scale)))
		}
		w(uint16(p.class))
		w(scale)
		w(qi)
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d bytes", *out, b.Len())
}
