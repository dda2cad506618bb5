package speech

import (
	"context"
	"errors"
	"io"
	"sync"
)

// Rate is how fast text is read.
type Rate int

const (
	// Normal is an ordinary reading pace.
	Normal Rate = iota
	// Slow is for residents who need more time to follow.
	Slow
)

// Engine speaks text aloud.
type Engine interface {
	// Speak reads text and returns when it has been read, or promptly
	// after ctx is cancelled, with ctx's error.
	Speak(ctx context.Context, text string, rate Rate) error
}

// Renderer is an Engine that can also write its speech to a WAV file
// instead of the loudspeaker.
type Renderer interface {
	Engine
	// Render writes text's speech to w as a WAV file.
	Render(ctx context.Context, text string, rate Rate, w io.Writer) error
}

// ErrStopped is returned by Reader.Wait when reading was stopped.
var ErrStopped = errors.New("speech: stopped")

// Reader reads one text at a time: a new Read stops the one before, and
// Stop silences it. Its methods may be called from any goroutine.
type Reader struct {
	engine Engine

	ctl    sync.Mutex // one Read or Stop at a time
	mu     sync.Mutex // guards the fields below
	cancel context.CancelFunc
	done   chan struct{}
	err    error
}

// NewReader returns a Reader that speaks with e.
func NewReader(e Engine) *Reader { return &Reader{engine: e} }

// Read starts reading text at rate and returns at once. Whatever was being
// read is stopped first. onDone, if not nil, is called when reading ends,
// with nil when the text was read to its end, ErrStopped when it was
// stopped, or the engine's error.
func (r *Reader) Read(text string, rate Rate, onDone func(error)) {
	r.ctl.Lock()
	defer r.ctl.Unlock()
	r.stop()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	r.mu.Lock()
	r.cancel, r.done, r.err = cancel, done, nil
	r.mu.Unlock()
	go func() {
		err := r.engine.Speak(ctx, text, rate)
		if ctx.Err() != nil {
			err = ErrStopped
		}
		cancel()
		r.mu.Lock()
		r.err = err
		r.mu.Unlock()
		close(done)
		if onDone != nil {
			onDone(err)
		}
	}()
}

// Stop silences the text being read, if any, and returns once the engine
// has stopped. It is safe to call when nothing is being read.
func (r *Reader) Stop() {
	r.ctl.Lock()
	defer r.ctl.Unlock()
	r.stop()
}

func (r *Reader) stop() {
	r.mu.Lock()
	cancel, done := r.cancel, r.done
	r.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

// Speaking reports whether a text is being read.
func (r *Reader) Speaking() bool {
	r.mu.Lock()
	done := r.done
	r.mu.Unlock()
	if done == nil {
		return false
	}
	select {
	case <-done:
		return false
	default:
		return true
	}
}

// Wait blocks until the current reading ends and returns how it ended (see
// Read); nil when nothing was read.
func (r *Reader) Wait() error {
	r.mu.Lock()
	done := r.done
	r.mu.Unlock()
	if done == nil {
		return nil
	}
	<-done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}
