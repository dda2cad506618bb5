package staffpin

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// The policy's numbers.
const (
	FreeTries = 3                // wrong PINs in a row that cost nothing
	BaseLock  = 30 * time.Second // the lockout after the first costly one
	MaxLock   = time.Hour        // no lockout is longer, nor ends later than this from now
	Digits    = 6                // a PIN has at least this many digits
)

// Lockout is how long the panel stays locked after n wrong PINs in a row:
// nothing for the first FreeTries.
func Lockout(n int) time.Duration {
	if n <= FreeTries {
		return 0
	}
	d := BaseLock << min(n-FreeTries-1, 10)
	return min(d, MaxLock)
}

// bcryptCost is the hashing cost.
var bcryptCost = bcrypt.DefaultCost

// Errors of Unlock and Set.
var (
	// ErrLocked is returned while wrong PINs have locked the panel.
	ErrLocked = errors.New("staff pin locked")
	// ErrWrong is returned for a wrong PIN.
	ErrWrong = errors.New("wrong staff pin")
	// ErrSame refuses a trainers' PIN equal to the staff PIN: trainers
	// would open the staff panel.
	ErrSame = errors.New("the trainers' pin must differ from the staff pin")
)

// Role is what a PIN opens.
type Role int

// Roles.
const (
	RoleNone    Role = iota
	RoleStaff        // the staff panel, and from it everything
	RoleTrainer      // the class tools only
)

// Ensure makes sure a staff PIN exists. On the first start it generates
// one, stores only its hash (to be changed at first use) and returns it
// for the console; afterwards it returns "".
func Ensure(ctx context.Context, db *store.DB) (string, error) {
	st, err := db.StaffPIN(ctx)
	if err != nil {
		return "", err
	}
	if st.Hash != "" {
		return "", nil
	}
	pin := ""
	for range Digits {
		n, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			return "", fmt.Errorf("generate pin: %w", err)
		}
		pin += n.String()
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash pin: %w", err)
	}
	if err := db.SetStaffPIN(ctx, string(h), true); err != nil {
		return "", err
	}
	return pin, nil
}

// Lock checks and sets the PINs of the kiosk database DB, by the clock
// Now (nil: time.Now).
type Lock struct {
	DB  *store.DB
	Now func() time.Time
}

func (l *Lock) now() time.Time {
	if l.Now == nil {
		return time.Now()
	}
	return l.Now()
}

// Unlock checks a PIN against the staff PIN and the trainers' PIN, under
// one lockout, enforcing and extending it, and says which it opens and
// whether the staff PIN must be changed now.
func (l *Lock) Unlock(ctx context.Context, pin string) (role Role, mustChange bool, err error) {
	st, err := l.DB.StaffPIN(ctx)
	if err != nil {
		return RoleNone, false, err
	}
	now := l.now()
	if latest := now.Add(MaxLock); st.LockedUntil.After(latest) {
		// Taken while the clock was ahead: never longer than the longest
		// lockout from now.
		if err := l.DB.CapPINLockout(ctx, latest); err != nil {
			return RoleNone, false, err
		}
		st.LockedUntil = latest
	}
	if now.Before(st.LockedUntil) {
		return RoleNone, false, fmt.Errorf("%w for %s", ErrLocked, st.LockedUntil.Sub(now).Round(time.Second))
	}
	role = RoleStaff
	if st.Hash == "" || bcrypt.CompareHashAndPassword([]byte(st.Hash), []byte(pin)) != nil {
		role = RoleNone
		if th, err := l.DB.TrainerPIN(ctx); err == nil && th != "" && bcrypt.CompareHashAndPassword([]byte(th), []byte(pin)) == nil {
			role = RoleTrainer
		}
	}
	if role == RoleNone {
		if _, err := l.DB.RecordPINFailure(ctx, func(n int) time.Time {
			if d := Lockout(n); d > 0 {
				return now.Add(d)
			}
			return time.Time{}
		}); err != nil {
			return RoleNone, false, err
		}
		return RoleNone, false, ErrWrong
	}
	if err := l.DB.ClearPINFailures(ctx); err != nil {
		return RoleNone, false, err
	}
	return role, role == RoleStaff && st.MustChange, nil
}

// Set stores a new PIN of at least Digits digits for role (RoleStaff or
// RoleTrainer). The trainers' PIN must differ from the staff PIN.
func (l *Lock) Set(ctx context.Context, role Role, pin string) error {
	if len(alliance.Digits(pin)) < Digits || alliance.Digits(pin) != pin {
		return fmt.Errorf("change pin: need at least %d digits", Digits)
	}
	if role == RoleTrainer {
		if st, err := l.DB.StaffPIN(ctx); err == nil && bcrypt.CompareHashAndPassword([]byte(st.Hash), []byte(pin)) == nil {
			return ErrSame
		}
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), bcryptCost)
	if err != nil {
		return fmt.Errorf("change pin: %w", err)
	}
	if role == RoleTrainer {
		return l.DB.SetTrainerPIN(ctx, string(h))
	}
	return l.DB.SetStaffPIN(ctx, string(h), false)
}
