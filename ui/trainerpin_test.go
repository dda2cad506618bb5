package ui_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shinan-alliance/alliance/internal/staffpin"
)

// The trainers' PIN opens the class tools and nothing else; it cannot be
// the staff PIN; wrong guesses at either count toward one lockout.
func TestTrainerPIN(t *testing.T) {
	k := newKiosk(t)
	if _, err := staffpin.Ensure(context.Background(), k.DB); err != nil {
		t.Fatal(err)
	}
	if err := k.ChangePIN("246810"); err != nil {
		t.Fatal(err)
	}
	if err := k.SetTrainerPIN("246810"); !errors.Is(err, staffpin.ErrSame) {
		t.Fatalf("trainer PIN equal to the staff PIN: got %v, want ErrSamePIN", err)
	}
	if err := k.SetTrainerPIN("135790"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		pin  string
		role staffpin.Role
	}{{"246810", staffpin.RoleStaff}, {"135790", staffpin.RoleTrainer}} {
		role, must, err := k.Unlock(tt.pin)
		if err != nil || role != tt.role || must {
			t.Errorf("PIN %s: got role %v must-change %v err %v, want role %v", tt.pin, role, must, err, tt.role)
		}
	}
	if _, err := k.CheckPIN("135790"); !errors.Is(err, staffpin.ErrWrong) {
		t.Errorf("the trainers' PIN opened the staff check: %v", err)
	}

	// Through the screens: the trainers' PIN lands in the class tools.
	k.tap(k.tr("staff.corner"))
	k.key("135790")
	k.tap(k.tr("staff.enter"))
	k.wantScreen("trainer")

	// One lockout for both PINs.
	for range 4 {
		k.Unlock("000000")
	}
	if _, _, err := k.Unlock("135790"); !errors.Is(err, staffpin.ErrLocked) {
		t.Errorf("trainers' PIN while locked: got %v, want ErrPINLocked", err)
	}
}
