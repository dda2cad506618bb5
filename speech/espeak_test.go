package speech

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// wavInfo is what the tests need to know of a WAV file.
type wavInfo struct {
	seconds float64
	rms     float64 // of 16-bit samples, 0..32768
}

// readWAV parses a 16-bit PCM WAV file. espeak-ng writing to a pipe leaves
// the sizes unset, so the data chunk runs to the end of the file.
func readWAV(t *testing.T, b []byte) wavInfo {
	t.Helper()
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		t.Fatalf("not a WAV file (%d bytes)", len(b))
	}
	var rate, bits, channels int
	p := b[12:]
	for len(p) >= 8 {
		id, size := string(p[:4]), int(binary.LittleEndian.Uint32(p[4:8]))
		p = p[8:]
		if id == "fmt " {
			channels = int(binary.LittleEndian.Uint16(p[2:4]))
			rate = int(binary.LittleEndian.Uint32(p[4:8]))
			bits = int(binary.LittleEndian.Uint16(p[14:16]))
		}
		if id == "data" {
			if size <= 0 || size > len(p) {
				size = len(p)
			}
			if bits != 16 || rate == 0 || channels == 0 {
				t.Fatalf("unexpected format: %d bits, %d Hz, %d channels", bits, rate, channels)
			}
			n := size / 2
			var sum float64
			for i := range n {
				v := float64(int16(binary.LittleEndian.Uint16(p[2*i:])))
				sum += v * v
			}
			info := wavInfo{seconds: float64(n) / float64(channels*rate)}
			if n > 0 {
				info.rms = math.Sqrt(sum / float64(n))
			}
			return info
		}
		if size > len(p) {
			break
		}
		p = p[size+size%2:]
	}
	t.Fatal("no data chunk")
	return wavInfo{}
}

func needESpeak(t *testing.T) ESpeak {
	t.Helper()
	e := ESpeak{}
	if err := e.Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err) // make deps installs it: CI must not skip
		}
		t.Skip(err)
	}
	return e
}

// render writes text's speech to a WAV file in the test's folder and
// measures it.
func render(t *testing.T, e Renderer, text string, rate Rate) wavInfo {
	t.Helper()
	path := filepath.Join(t.TempDir(), "speech.wav")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Render(context.Background(), text, rate, f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readWAV(t, b)
}

func TestRenderSpeaksAndGrows(t *testing.T) {
	e := needESpeak(t)
	texts := []string{
		"通知",
		"社区体检通知",
		"社区体检通知：请六十岁以上的居民带好身份证，到社区卫生服务站参加免费体检。",
	}
	prev := 0.0
	for _, text := range texts {
		w := render(t, e, text, Normal)
		if w.rms < 300 {
			t.Errorf("%q: speech is silent (RMS %.0f)", text, w.rms)
		}
		if w.seconds <= prev {
			t.Errorf("%q: %.2f s, not longer than the shorter text's %.2f s", text, w.seconds, prev)
		}
		prev = w.seconds
	}
}

func TestSlowIsSlower(t *testing.T) {
	e := needESpeak(t)
	text := "社区体检通知，请大家带好身份证"
	normal, slow := render(t, e, text, Normal), render(t, e, text, Slow)
	if slow.seconds < normal.seconds*1.25 {
		t.Errorf("slow %.2f s, normal %.2f s: slow should take clearly longer", slow.seconds, normal.seconds)
	}
}

// Traditional text is read like the Simplified: as long, and not
// silent (a voice that does not know a character spells it or skips it).
func TestTraditional(t *testing.T) {
	e := needESpeak(t)
	simp := render(t, e, "社区联盟体检报名说明", Normal)
	trad := render(t, e, "社區聯盟體檢報名說明", Normal)
	if trad.rms < 300 || math.Abs(trad.seconds-simp.seconds) > 0.15*simp.seconds {
		t.Errorf("Traditional %.2f s (RMS %.0f), Simplified %.2f s", trad.seconds, trad.rms, simp.seconds)
	}
}

// A phone number is read digit by digit: twelve digits take about three
// times as long as four.
func TestPhoneNumberDigitByDigit(t *testing.T) {
	e := needESpeak(t)
	short := render(t, e, "0532", Normal)
	long := render(t, e, "0532-0000-0101", Normal)
	if long.seconds < 2.5*short.seconds {
		t.Errorf("0532-0000-0101 took %.2f s, 0532 %.2f s", long.seconds, short.seconds)
	}
	masked := render(t, e, "138****5678", Normal)
	if masked.rms < 300 {
		t.Error("a masked number is silent")
	}
}

// fileEngine speaks into a WAV file, so that a test can stop a real
// espeak-ng process on a machine without a sound card.
type fileEngine struct {
	e   ESpeak
	out io.Writer
}

func (f fileEngine) Speak(ctx context.Context, text string, rate Rate) error {
	return f.e.Render(ctx, text, rate, f.out)
}

func TestStopInterrupts(t *testing.T) {
	e := needESpeak(t)
	long := strings.Repeat("市南区社区微信联盟为六十岁以上的居民开设智能手机课程，每周二上午九点在社区活动室上课。", 60)
	var full bytes.Buffer
	start := time.Now()
	if err := e.Render(context.Background(), long, Slow, &full); err != nil {
		t.Fatal(err)
	}
	whole := time.Since(start)
	if whole < 150*time.Millisecond {
		t.Skipf("espeak-ng renders the long text in %v, too fast to stop midway", whole)
	}

	var part bytes.Buffer
	r := NewReader(fileEngine{e, &part})
	done := make(chan error, 1)
	r.Read(long, Slow, func(err error) { done <- err })
	time.Sleep(whole / 5)
	if !r.Speaking() {
		t.Fatal("not speaking a fifth of the way through")
	}
	stopAt := time.Now()
	r.Stop()
	if d := time.Since(stopAt); d > 500*time.Millisecond {
		t.Errorf("Stop took %v", d)
	}
	if r.Speaking() {
		t.Error("still speaking after Stop")
	}
	if err := <-done; !errors.Is(err, ErrStopped) {
		t.Errorf("onDone got %v, want ErrStopped", err)
	}
	if part.Len() >= full.Len() {
		t.Errorf("stopped speech is %d bytes, the whole %d", part.Len(), full.Len())
	}
	r.Stop() // stopping twice is harmless
}

// Reading a new text stops the one before.
func TestReadReplaces(t *testing.T) {
	e := needESpeak(t)
	var sink bytes.Buffer
	r := NewReader(fileEngine{e, &sink})
	first := make(chan error, 1)
	r.Read(strings.Repeat("第一段很长的通知内容。", 300), Normal, func(err error) { first <- err })
	time.Sleep(20 * time.Millisecond)
	r.Read("第二段", Normal, nil)
	if err := <-first; !errors.Is(err, ErrStopped) {
		t.Errorf("the first text ended with %v, want ErrStopped", err)
	}
	if err := r.Wait(); err != nil {
		t.Errorf("the second text: %v", err)
	}
}

// Errors never carry the text, which may be a resident's phone number.
func TestErrorsDoNotCarryText(t *testing.T) {
	e := ESpeak{Path: "/bin/false"}
	err := e.Render(context.Background(), "13812345678", Normal, io.Discard)
	if err == nil {
		t.Fatal("no error from a failing program")
	}
	if strings.Contains(err.Error(), "1381234") || strings.Contains(err.Error(), "幺三八") {
		t.Errorf("error carries the text: %v", err)
	}
	if err := (ESpeak{Path: "/nonexistent/espeak-ng"}).Speak(context.Background(), "x", Normal); !errors.Is(err, ErrNoEngine) {
		t.Errorf("missing program: %v", err)
	}
}

// A Command engine stops its program, then runs its Stop command.
func TestCommandStop(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "stopped")
	c := Command{Path: "sleep", Args: []string{"30"}, Stop: []string{"touch", marker}}
	r := NewReader(c)
	r.Read("长长的通知", Normal, nil)
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	r.Stop()
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Stop took %v", d)
	}
	if err := r.Wait(); !errors.Is(err, ErrStopped) {
		t.Errorf("got %v, want ErrStopped", err)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Error("the Stop command did not run")
	}
	if sd := SpeechDispatcher(); sd.Path != "spd-say" || len(sd.Stop) == 0 {
		t.Errorf("SpeechDispatcher: %+v", sd)
	}
}

// counting speaks with the real engine and counts how many texts are
// being spoken at once.
type counting struct {
	fileEngine
	mu        sync.Mutex
	now, most int
}

func (c *counting) Speak(ctx context.Context, text string, rate Rate) error {
	c.mu.Lock()
	c.now++
	c.most = max(c.most, c.now)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.now--
		c.mu.Unlock()
	}()
	return c.fileEngine.Speak(ctx, text, rate)
}

// Screens may ask to read from several goroutines: never two voices at
// once, and Stop silences all.
func TestOneVoiceAtATime(t *testing.T) {
	e := needESpeak(t)
	c := &counting{fileEngine: fileEngine{e, io.Discard}}
	r := NewReader(c)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Read(strings.Repeat("社区通知，", 200), Normal, nil)
		}()
	}
	wg.Wait()
	r.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.most > 1 || c.now != 0 {
		t.Errorf("%d voices at once, %d still speaking after Stop", c.most, c.now)
	}
}
