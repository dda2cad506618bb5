package staffpin

import (
	"testing"
	"time"
)

func TestPINLockoutGrows(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{{1, 0}, {2, 0}, {3, 0}, {4, 30 * time.Second}, {5, time.Minute}, {6, 2 * time.Minute}, {20, time.Hour}} {
		t.Run("", func(t *testing.T) {
			if got := Lockout(tc.failures); got != tc.want {
				t.Errorf("after %d failures: got %v, want %v", tc.failures, got, tc.want)
			}
		})
	}
}
