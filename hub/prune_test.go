package hub

import (
	"fmt"
	"testing"
	"time"
)

// TestFailuresArePruned: addresses whose failed attempts lie a minute back
// are forgotten.
func TestFailuresArePruned(t *testing.T) {
	s := &Server{}
	s.init()
	for i := range 500 {
		s.failed(fmt.Sprintf("192.0.2.%d", i%250), "token")
	}
	if n := s.FailureEntries(); n != 250 {
		t.Fatalf("%d addresses remembered, want 250", n)
	}
	s.mu.Lock()
	s.prune(time.Now().Add(2 * time.Minute))
	s.mu.Unlock()
	if n := s.FailureEntries(); n != 0 {
		t.Errorf("after two quiet minutes %d addresses are still remembered", n)
	}
}
