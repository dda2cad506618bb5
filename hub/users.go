package hub

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/shinan-alliance/alliance"
)

// Role is what a console user may do (see package console's policy).
type Role string

// Roles.
const (
	RoleOperator Role = "operator" // users, kiosks, backups, the audit log, and everything below
	RoleEditor   Role = "editor"   // the district's editors: content of every account, read-only suggestions
	RoleStaff    Role = "staff"    // a community's staff: its notices, events, suggestions, call-backs, rosters
	RoleTrainer  Role = "trainer"  // a community's trainers: its training reports
)

// Roles lists the roles, most powerful first.
var Roles = []Role{RoleOperator, RoleEditor, RoleStaff, RoleTrainer}

// Valid reports whether r is a role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Scoped reports whether the role belongs to one community.
func (r Role) Scoped() bool { return r == RoleStaff || r == RoleTrainer }

// User is a console user.
type User struct {
	ID                    int64
	Login, Name           string
	Role                  Role
	Community             string // staff and trainers
	Disabled, HasPassword bool
	Created, LastLogin    time.Time
}

// Errors of users and sessions.
var (
	ErrBadLogin   = errors.New("wrong login or password")
	ErrNoSession  = errors.New("no such session")
	ErrWeakSecret = errors.New("password too short")
)

// MinPassword is the shortest password the console accepts.
const MinPassword = 10

// SetupTTL is how long a one-time link to set a password works.
const SetupTTL = 72 * time.Hour

// Argon2id parameters for console passwords (OWASP's second
// recommendation: 19 MiB, 2 passes, 1 lane).
const (
	passTime   = 2
	passMemory = 19 * 1024
)

// HashPassword hashes a password with Argon2id into a PHC string.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	sum := argon2.IDKey([]byte(pw), salt, passTime, passMemory, 1, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=1$%s$%s", argon2.Version, passMemory, passTime,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(sum)), nil
}

// CheckPassword reports whether pw matches a PHC string from HashPassword.
func CheckPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 10 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a login does not exist, so a wrong
// login takes as long as a wrong password.
var dummyHash, _ = HashPassword("no such user, no such password")

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// AddUser creates a user without a password and returns a one-time token
// for the link that sets it (valid SetupTTL).
func (db *DB) AddUser(ctx context.Context, login, name string, role Role, community string) (User, string, error) {
	login = strings.TrimSpace(login)
	if !alliance.IDPattern.MatchString(strings.ToLower(login)) || len(login) > 40 {
		return User{}, "", fmt.Errorf("add user: login %q: use letters, digits and dashes", login)
	}
	if err := alliance.CheckText(name, alliance.MaxNameRunes, false); err != nil || strings.TrimSpace(name) == "" {
		return User{}, "", fmt.Errorf("add user %s: name: %w", login, errOr(err, "missing"))
	}
	if !role.Valid() {
		return User{}, "", fmt.Errorf("add user %s: role %q is not one of operator, editor, staff, trainer", login, role)
	}
	if role.Scoped() {
		if community == "" {
			return User{}, "", fmt.Errorf("add user %s: a %s belongs to a community (--community)", login, role)
		}
		if err := db.checkCommunity(ctx, community); err != nil {
			return User{}, "", fmt.Errorf("add user %s: %w", login, err)
		}
	} else {
		community = ""
	}
	token, err := randomToken()
	if err != nil {
		return User{}, "", err
	}
	var u User
	err = db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (login, name, role, community, setup_hash, setup_expires, created)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, login, name, string(role), community, hashToken(token), db.Now().Add(SetupTTL).Unix(), db.Now().Unix())
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return fmt.Errorf("login %s is taken", login)
			}
			return err
		}
		u.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return User{}, "", fmt.Errorf("add user %s: %w", login, err)
	}
	u.Login, u.Name, u.Role, u.Community, u.Created = login, name, role, community, db.Now()
	return u, token, nil
}

// ResetLink gives a user a new one-time link to set her password (the old
// password keeps working until it is used).
func (db *DB) ResetLink(ctx context.Context, userID int64) (string, error) {
	token, err := randomToken()
	if err != nil {
		return "", err
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET setup_hash = ?, setup_expires = ? WHERE id = ?", hashToken(token), db.Now().Add(SetupTTL).Unix(), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return alliance.ErrNotFound
		}
		return nil
	})
	return token, err
}

// SetupUser returns the user a one-time link's token is for, if it is
// still good.
func (db *DB) SetupUser(ctx context.Context, token string) (User, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, "SELECT id FROM users WHERE setup_hash = ? AND setup_expires > ? AND disabled = 0",
		hashToken(token), db.Now().Unix()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || token == "" {
		return User{}, ErrUnauthorized
	}
	if err != nil {
		return User{}, err
	}
	return db.UserByID(ctx, id)
}

// SetPassword sets a password with a one-time link's token, which it uses
// up, and ends the user's other sessions.
func (db *DB) SetPassword(ctx context.Context, token, pw string) (User, error) {
	if len([]rune(pw)) < MinPassword {
		return User{}, ErrWeakSecret
	}
	u, err := db.SetupUser(ctx, token)
	if err != nil {
		return User{}, err
	}
	h, err := HashPassword(pw)
	if err != nil {
		return User{}, err
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET pass_hash = ?, setup_hash = '', setup_expires = 0 WHERE id = ?", h, u.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID)
		return err
	})
	return u, err
}

// ChangePassword changes a logged-in user's password, checking the old one.
func (db *DB) ChangePassword(ctx context.Context, userID int64, old, pw string) error {
	if len([]rune(pw)) < MinPassword {
		return ErrWeakSecret
	}
	var cur string
	if err := db.read.QueryRowContext(ctx, "SELECT pass_hash FROM users WHERE id = ?", userID).Scan(&cur); err != nil {
		return err
	}
	if !CheckPassword(cur, old) {
		return ErrBadLogin
	}
	h, err := HashPassword(pw)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE users SET pass_hash = ? WHERE id = ?", h, userID)
		return err
	})
}

const userCols = "id, login, name, role, community, disabled, pass_hash != '', created, last_login"

// sessionUserCols are userCols of the users table called u.
var sessionUserCols = "u." + strings.ReplaceAll(userCols, ", ", ", u.")

// withLast scans a user's columns and one more after them.
type withLast struct {
	row  *sql.Row
	last *int64
}

func (w withLast) Scan(dest ...any) error { return w.row.Scan(append(dest, w.last)...) }

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var created, last int64
	err := sc.Scan(&u.ID, &u.Login, &u.Name, &u.Role, &u.Community, &u.Disabled, &u.HasPassword, &created, &last)
	u.Created = time.Unix(created, 0)
	if last > 0 {
		u.LastLogin = time.Unix(last, 0)
	}
	return u, err
}

// UserByID returns a user.
func (db *DB) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("user %d: %w", id, alliance.ErrNotFound)
	}
	return u, err
}

// UserByLogin returns a user by login.
func (db *DB) UserByLogin(ctx context.Context, login string) (User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE login = ?", login))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("user %s: %w", login, alliance.ErrNotFound)
	}
	return u, err
}

// Users lists every user.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+userCols+" FROM users ORDER BY disabled, role, community, login")
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetUserDisabled disables (or enables again) a user; disabling ends her
// sessions at once.
func (db *DB) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET disabled = ? WHERE id = ?", disabled, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d: %w", id, alliance.ErrNotFound)
		}
		if disabled {
			_, err = tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
		}
		return err
	})
}

// Session lifetimes.
const (
	SessionIdle = 2 * time.Hour  // a session unused this long ends
	SessionMax  = 12 * time.Hour // and every session ends after a working day
)

// Login checks a password and opens a session; it returns the session's
// token (for the cookie; the hub keeps its hash).
func (db *DB) Login(ctx context.Context, login, pw, addr string) (User, string, error) {
	var id int64
	var hash string
	var disabled bool
	err := db.read.QueryRowContext(ctx, "SELECT id, pass_hash, disabled FROM users WHERE login = ?", strings.TrimSpace(login)).Scan(&id, &hash, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		CheckPassword(dummyHash, pw)
		return User{}, "", ErrBadLogin
	}
	if err != nil {
		return User{}, "", err
	}
	if hash == "" || !CheckPassword(hash, pw) || disabled {
		return User{}, "", ErrBadLogin
	}
	token, err := randomToken()
	if err != nil {
		return User{}, "", err
	}
	now := db.Now()
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE expires < ? OR last_used < ?", now.Unix(), now.Add(-SessionIdle).Unix()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO sessions (token_hash, user_id, created, last_used, expires, addr) VALUES (?, ?, ?, ?, ?, ?)",
			hashToken(token), id, now.Unix(), now.Unix(), now.Add(SessionMax).Unix(), sanitize(addr, 64)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE users SET last_login = ? WHERE id = ?", now.Unix(), id)
		return err
	})
	if err != nil {
		return User{}, "", err
	}
	u, err := db.UserByID(ctx, id)
	return u, token, err
}

// SessionUser returns the user of a live session and keeps it alive (at
// most one write a minute per session).
func (db *DB) SessionUser(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, ErrNoSession
	}
	now := db.Now()
	// One query for the session and its user: every console request
	// starts here.
	var last int64
	u, err := scanUser(withLast{db.read.QueryRowContext(ctx, "SELECT "+sessionUserCols+`, s.last_used
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires > ? AND s.last_used > ?`,
		hashToken(token), now.Unix(), now.Add(-SessionIdle).Unix()), &last})
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNoSession
	}
	if err != nil {
		return User{}, err
	}
	if u.Disabled {
		return User{}, ErrNoSession
	}
	if now.Unix()-last >= 60 {
		err := db.tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE sessions SET last_used = ? WHERE token_hash = ?", now.Unix(), hashToken(token))
			return err
		})
		if err != nil {
			return User{}, err
		}
	}
	return u, nil
}

// Logout ends a session: its cookie stops working, wherever it was copied.
func (db *DB) Logout(ctx context.Context, token string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashToken(token))
		return err
	})
}
