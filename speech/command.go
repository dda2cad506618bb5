package speech

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Command is an Engine that runs a program which reads the text to speak
// on its standard input and speaks it before it exits (see
// SpeechDispatcher).
//
// The text is passed through Prepare first. Cancelling the context kills
// the program and then runs Stop, if set, for engines whose program only
// hands the text to a daemon.
type Command struct {
	Path     string
	Args     []string
	RateArgs map[Rate][]string
	Stop     []string // program and arguments that silence the speech
}

// SpeechDispatcher speaks through speech-dispatcher (Debian package
// speech-dispatcher), in Mandarin, with whichever voice the centre has set
// up for it.
func SpeechDispatcher() Command {
	return Command{
		Path:     "spd-say",
		Args:     []string{"-e", "-w", "-l", "zh"},
		RateArgs: map[Rate][]string{Slow: {"-r", "-50"}},
		Stop:     []string{"spd-say", "-S"},
	}
}

// Speak implements Engine.
func (c Command) Speak(ctx context.Context, text string, rate Rate) error {
	args := append(append([]string{}, c.Args...), c.RateArgs[rate]...)
	err := run(ctx, c.Path, args, Prepare(text), nil)
	if ctx.Err() != nil && len(c.Stop) > 0 {
		stop, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = run(stop, c.Stop[0], c.Stop[1:], "", nil)
	}
	return err
}

// run runs path with args, text on its standard input and its standard
// output to out (discarded when nil). Errors name the program, never the
// text.
func run(ctx context.Context, path string, args []string, text string, out io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = strings.NewReader(text)
	cmd.Stdout = out
	var stderr bytes.Buffer
	cmd.Stderr = &limited{w: &stderr, n: 512}
	cmd.WaitDelay = 2 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg != "" {
			return fmt.Errorf("speech: %s: %w (%s)", path, err, msg)
		}
		return fmt.Errorf("speech: %s: %w", path, err)
	}
	return nil
}

// limited keeps the first n bytes written to it and drops the rest.
type limited struct {
	w io.Writer
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.n -= k
		_, _ = l.w.Write(p[:k])
	}
	return len(p), nil
}

// ESpeak speaks Mandarin with Debian's espeak-ng (package espeak-ng). The
// zero value uses espeak-ng from PATH with the voice cmn-latn-pinyin at
// 140 words a minute, 95 when slow.
type ESpeak struct {
	Path      string // default "espeak-ng"
	Voice     string // default "cmn-latn-pinyin" (see the package comment)
	NormalWPM int    // default 140
	SlowWPM   int    // default 95
}

// ErrNoEngine means the speech program is not installed.
var ErrNoEngine = errors.New("speech: espeak-ng is not installed (Debian package espeak-ng)")

// Available reports whether espeak-ng can be found.
func (e ESpeak) Available() error {
	if _, err := exec.LookPath(e.path()); err != nil {
		return ErrNoEngine
	}
	return nil
}

func (e ESpeak) path() string {
	if e.Path != "" {
		return e.Path
	}
	return "espeak-ng"
}

func (e ESpeak) args(rate Rate) []string {
	voice, wpm := e.Voice, e.NormalWPM
	if voice == "" {
		voice = "cmn-latn-pinyin"
	}
	if wpm == 0 {
		wpm = 140
	}
	if rate == Slow {
		wpm = e.SlowWPM
		if wpm == 0 {
			wpm = 95
		}
	}
	return []string{"-v", voice, "-s", strconv.Itoa(wpm), "--stdin"}
}

// Speak implements Engine: it plays the speech on the default sound device.
func (e ESpeak) Speak(ctx context.Context, text string, rate Rate) error {
	if err := e.Available(); err != nil {
		return err
	}
	return run(ctx, e.path(), e.args(rate), Prepare(text), nil)
}

// Render implements Renderer: it writes the speech to w as a WAV file.
func (e ESpeak) Render(ctx context.Context, text string, rate Rate, w io.Writer) error {
	if err := e.Available(); err != nil {
		return err
	}
	return run(ctx, e.path(), append(e.args(rate), "--stdout"), Prepare(text), w)
}
