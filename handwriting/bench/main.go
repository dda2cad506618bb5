// Command bench measures the handwriting recogniser beside Zinnia with
// Debian's Simplified Chinese model (the baseline), in the same run, on
// the same strokes: top-1 and top-5 accuracy over the most common
// characters, clean and with a tremor, and the time each takes to answer.
//
// The strokes are the medians of the npm package hanzi-writer-data (Make
// Me a Hanzi, from the Arphic Kai fonts), resampled as a pad would report
// them ("clean"), and the same with strokedata.Tremor ("tremor"). The
// recogniser's templates come from the LXGW WenKai fonts and Zinnia's
// model from Tegaki's handwriting samples: neither has seen these strokes.
//
//	go run ./handwriting/bench -data DIR/node_modules/hanzi-writer-data
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/longbridgeapp/opencc"

	"github.com/shinan-alliance/alliance/handwriting"
	"github.com/shinan-alliance/alliance/handwriting/internal/strokedata"
	"github.com/shinan-alliance/alliance/handwriting/zinnia"
)

type result struct {
	top1, top5, n int
	times         []time.Duration
}

func (r *result) add(cands []handwriting.Candidate, want rune) {
	r.n++
	for i, c := range cands {
		if i >= 5 {
			break
		}
		if c.Char == want {
			if i == 0 {
				r.top1++
			}
			r.top5++
			break
		}
	}
}

func (r *result) merge(o *result) {
	r.top1 += o.top1
	r.top5 += o.top5
	r.n += o.n
	r.times = append(r.times, o.times...)
}

func pct(a, n int) float64 { return 100 * float64(a) / float64(max(n, 1)) }

func (r *result) latency() (mean, p95 time.Duration) {
	if len(r.times) == 0 {
		return 0, 0
	}
	sort.Slice(r.times, func(i, j int) bool { return r.times[i] < r.times[j] })
	var sum time.Duration
	for _, t := range r.times {
		sum += t
	}
	return sum / time.Duration(len(r.times)), r.times[len(r.times)*95/100]
}

// traditional returns the Traditional forms (OpenCC s2t, one character at
// a time) of chars that differ from them and that the data set has.
func traditional(chars []rune, data string) ([]rune, error) {
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
	seen := map[rune]bool{}
	for i, line := range strings.Split(out, "\n") {
		rs := []rune(line)
		if i >= len(chars) || len(rs) != 1 || rs[0] == chars[i] || seen[rs[0]] {
			continue
		}
		if _, err := os.Stat(filepath.Join(data, string(rs[0])+".json")); err == nil {
			seen[rs[0]] = true
			trad = append(trad, rs[0])
		}
	}
	return trad, nil
}

func main() {
	home, _ := os.UserHomeDir()
	data := flag.String("data", filepath.Join(home, ".cache/shinan-kiosk/npm/node_modules/hanzi-writer-data"), "folder of the npm package hanzi-writer-data")
	n := flag.Int("n", 3500, "how many of the most common characters")
	model := flag.String("zinnia", zinnia.DefaultModel, "Zinnia model (empty: measure without the baseline)")
	every := flag.Int("every", 1, "measure every n-th character only (quicker, for trying changes)")
	trad := flag.Bool("traditional", false, "measure the Traditional forms of the characters that have one (體 for 体) instead")
	flag.Parse()

	m, err := handwriting.Default()
	if err != nil {
		log.Fatal(err)
	}

	var chars []rune
	for _, c := range m.Chars() {
		if len(chars) == *n {
			break
		}
		if _, err := os.Stat(filepath.Join(*data, string(c)+".json")); err == nil {
			chars = append(chars, c)
		}
	}
	if len(chars) < *n {
		log.Fatalf("only %d of %d characters found in %s", len(chars), *n, *data)
	}
	script := fmt.Sprintf("the %d most common characters", *n)
	if *trad {
		t, err := traditional(chars, *data)
		if err != nil {
			log.Fatal(err)
		}
		chars = t
		script = fmt.Sprintf("the Traditional forms of the %d most common characters, where they differ", *n)
	}
	// tuned[i]: chars[i] is one of every 7th of the list, on which the
	// recogniser's settings were tuned
	tuned := make([]bool, len(chars))
	for i := range tuned {
		tuned[i] = i%7 == 0
	}
	if *every > 1 {
		var some []rune
		var someTuned []bool
		for i := 0; i < len(chars); i += *every {
			some = append(some, chars[i])
			someTuned = append(someTuned, tuned[i])
		}
		chars, tuned = some, someTuned
	}
	type rec struct {
		name string
		r    handwriting.Recognizer
	}
	recs := []rec{{"handwriting", m}}
	if *model != "" {
		z, err := zinnia.Open(*model)
		if err != nil {
			log.Fatal(err)
		}
		defer z.Close()
		recs = []rec{{"zinnia (baseline)", z}, {"handwriting", m}}
	}

	// results[recogniser][0 clean, 1 tremor]
	var results [2][2]result // at most two recognisers
	// held out: the characters other than every 7th, on which the
	// recogniser's settings were tuned
	var held [2][2]result
	var mu sync.Mutex
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local, localHeld [2][2]result
			for i := range work {
				strokes, err := strokedata.Load(*data, chars[i])
				if err != nil {
					log.Fatal(err)
				}
				inputs := [2][]handwriting.Stroke{
					strokedata.Resample(strokes, 10),
					// Seeds 1,000,000 on: the recogniser never sees a seed.
					strokedata.Tremor(strokes, uint64(1_000_000+i)),
				}
				for ri, rc := range recs {
					for v, in := range inputs {
						cands := rc.r.Recognize(in, 5)
						local[ri][v].add(cands, chars[i])
						if !tuned[i] {
							localHeld[ri][v].add(cands, chars[i])
						}
					}
				}
			}
			mu.Lock()
			for a := range local {
				for b := range local[a] {
					results[a][b].merge(&local[a][b])
					held[a][b].merge(&localHeld[a][b])
				}
			}
			mu.Unlock()
		}()
	}
	start := time.Now()
	for i := range chars {
		work <- i
	}
	close(work)
	wg.Wait()

	// Times are taken apart, one recognition at a time (the accuracy runs
	// share the processors, and Zinnia is called under a lock): every 10th
	// character whole, and each beginning of it, as a resident sees
	// candidates after every stroke.
	whole := make([]result, len(recs))
	perStroke := make([]result, len(recs))
	for i := 0; i < len(chars); i += 10 {
		strokes, err := strokedata.Load(*data, chars[i])
		if err != nil {
			log.Fatal(err)
		}
		strokes = strokedata.Resample(strokes, 10)
		for ri, rc := range recs {
			for k := 1; k <= len(strokes); k++ {
				t := time.Now()
				rc.r.Recognize(strokes[:k], 8)
				d := time.Since(t)
				perStroke[ri].times = append(perStroke[ri].times, d)
				if k == len(strokes) {
					whole[ri].times = append(whole[ri].times, d)
				}
			}
		}
	}

	fmt.Printf("Handwriting: %d characters (%s), strokes from hanzi-writer-data, %v\n", len(chars), script, time.Since(start).Round(time.Second))
	fmt.Printf("%-18s %7s %7s %9s %9s %10s %10s %11s %11s\n", "recogniser", "top-1", "top-5", "tremor-1", "tremor-5", "ms/char", "p95 char", "ms/stroke", "p95 stroke")
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/1e6) }
	for ri, rc := range recs {
		c, t := &results[ri][0], &results[ri][1]
		mean, p95 := whole[ri].latency()
		smean, sp95 := perStroke[ri].latency()
		fmt.Printf("%-18s %6.1f%% %6.1f%% %8.1f%% %8.1f%% %10s %10s %11s %11s\n", rc.name,
			pct(c.top1, c.n), pct(c.top5, c.n), pct(t.top1, t.n), pct(t.top5, t.n),
			ms(mean), ms(p95), ms(smean), ms(sp95))
	}
	if !*trad && held[0][0].n > 0 {
		for ri, rc := range recs {
			c, t := &held[ri][0], &held[ri][1]
			fmt.Printf("%-18s %6.1f%% %6.1f%% %8.1f%% %8.1f%%   (%d characters: without every 7th, on which the settings were tuned)\n", rc.name,
				pct(c.top1, c.n), pct(c.top5, c.n), pct(t.top1, t.n), pct(t.top5, t.n), c.n)
		}
	}
	fmt.Printf("(times: every 10th character, one recognition at a time: %d characters, %d strokes)\n", len(whole[0].times), len(perStroke[0].times))
}
