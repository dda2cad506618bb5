package hub

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// AuditEntry is one line of the audit log: who did what, when, from where.
// Subject names the record it is about ("suggestion:ID", "event:ID" …), so
// that retention deletes the line with the record when that holds personal
// data (PIPL). Detail never holds a phone number or a resident's words.
type AuditEntry struct {
	ID        int64
	At        time.Time
	UserID    int64
	Login     string
	Addr      string
	Action    string // e.g. suggestion.reply, phone.reveal, roster.export, denied
	Subject   string
	Community string
	Detail    string
}

// AuditRetention is how long lines about nothing personal (a post
// published, a kiosk enrolled, a login) are kept.
const AuditRetention = 365 * 24 * time.Hour

// Audit appends a line to the audit log.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = db.Now()
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, user_id, login, addr, action, subject, community, detail)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.At.Unix(), e.UserID, sanitize(e.Login, 64), sanitize(e.Addr, 64),
			sanitize(e.Action, 64), sanitize(e.Subject, 200), sanitize(e.Community, 80), sanitize(e.Detail, 500))
		return err
	})
}

// AuditFilter selects audit lines.
type AuditFilter struct {
	Login, Action, Subject string // each "" for any; Action may end in "." for a family
	Limit, Offset          int
}

// AuditLog lists audit lines, newest first, and how many match.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error) {
	var conds []string
	var args []any
	if f.Login != "" {
		conds = append(conds, "login = ?")
		args = append(args, f.Login)
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			conds = append(conds, "action LIKE ? ESCAPE '\\'")
			args = append(args, strings.NewReplacer("%", `\%`, "_", `\_`).Replace(f.Action)+"%")
		} else {
			conds = append(conds, "action = ?")
			args = append(args, f.Action)
		}
	}
	if f.Subject != "" {
		conds = append(conds, "subject = ?")
		args = append(args, f.Subject)
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, user_id, login, addr, action, subject, community, detail FROM audit `+where+`
		ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Login, &e.Addr, &e.Action, &e.Subject, &e.Community, &e.Detail); err != nil {
			return nil, 0, err
		}
		e.At = time.Unix(at, 0)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var total int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM audit "+where+" LIMIT ?)", append(args, MaxCount+1)...).Scan(&total); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// retainAudit deletes audit lines about records that are gone, and lines
// older than AuditRetention. Called in Retain's transaction.
func retainAudit(ctx context.Context, tx *sql.Tx, now time.Time) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM audit WHERE subject != '' AND (
		(subject LIKE 'suggestion:%' AND NOT EXISTS (SELECT 1 FROM suggestions WHERE id = substr(audit.subject, 12))) OR
		(subject LIKE 'callback:%' AND NOT EXISTS (SELECT 1 FROM callbacks WHERE id = substr(audit.subject, 10))) OR
		(subject LIKE 'signup:%' AND NOT EXISTS (SELECT 1 FROM signups WHERE id = substr(audit.subject, 8))))`)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM audit WHERE at < ?", now.Add(-AuditRetention).Unix())
	return err
}
