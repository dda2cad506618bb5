package hub

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/shinan-alliance/alliance"
)

// RetentionStats counts what a retention pass deleted.
type RetentionStats struct {
	SignUps, Suggestions, Records int
}

// Retain deletes residents' personal data the hub no longer needs (PIPL):
// sign-ups whose event ended more than after ago, suggestions closed
// (answered, closed or marked a duplicate) more than after ago, call-back
// requests done more than after ago (or received more than three times
// after ago, done or not), every other resident record received more than
// after ago, a learner's training records alliance.LearnerRetention after
// her last one, and the audit log's lines about what it deleted.
// Each deleted sign-up or suggestion becomes a tombstone for the kiosk that
// made it, so the kiosk deletes its copy at its next sync.
func (db *DB) Retain(ctx context.Context, after time.Duration) (RetentionStats, error) {
	var st RetentionStats
	cut := db.Now().Add(-after).Unix()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		su, sg, err := db.retireDecided(ctx, tx, cut)
		if err != nil {
			return err
		}
		st.SignUps, st.Suggestions = su, sg
		// Other records (cancellations, call-back requests, training
		// records of old courses) by age. Sign-ups and suggestions still
		// open are kept: their decisions are still being made.
		n, err := execCount(ctx, tx, `DELETE FROM records WHERE received < ?
			AND kind NOT IN ('signup', 'suggestion', 'learner', 'course', 'session', 'attendance', 'progress', 'completion',
				'course_edit', 'session_edit', 'roster_leave')`, cut)
		if err != nil {
			return err
		}
		// Learners' records are kept while they keep learning, and go
		// store.LearnerRetention after their last one. Courses and
		// sessions (and the changes to them) hold no personal data and
		// stay for the reports.
		m, err := execCount(ctx, tx, `WITH idle AS (
				SELECT learner FROM records WHERE learner != '' GROUP BY learner HAVING max(received) < ?)
			DELETE FROM records WHERE learner IN (SELECT learner FROM idle)`,
			db.Now().Add(-alliance.LearnerRetention).Unix())
		if err != nil {
			return err
		}
		// Call-back requests: 'after' once staff marked them done, and at
		// most three times as long while nobody settled them.
		cb, err := execCount(ctx, tx, "DELETE FROM callbacks WHERE (closed > 0 AND closed < ?) OR received < ?",
			cut, db.Now().Add(-3*after).Unix())
		if err != nil {
			return err
		}
		m += cb
		if err := retainAudit(ctx, tx, db.Now()); err != nil {
			return err
		}
		// Refusals hold no personal data, but nobody needs them for ever.
		if _, err := tx.ExecContext(ctx, "DELETE FROM refusals WHERE received < ?", cut); err != nil {
			return err
		}
		st.Records = int(n+m) + su + sg
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("retention: %w", err)
	}
	return st, nil
}

// retireDecided deletes the sign-ups of events over and the suggestions
// closed before cut, with their records, and sends each kiosk that made one
// a tombstone (and every kiosk the tombstone of a suggestion's sealed
// lookup). It returns how many sign-ups and suggestions went.
func (db *DB) retireDecided(ctx context.Context, tx *sql.Tx, cut int64) (signUps, suggestions int, err error) {
	type gone struct {
		id, kiosk string
		kind      alliance.Kind
	}
	var del []gone
	collect := func(q string, kind alliance.Kind) error {
		rows, err := tx.QueryContext(ctx, q, cut)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			g := gone{kind: kind}
			if err := rows.Scan(&g.id, &g.kiosk); err != nil {
				return err
			}
			del = append(del, g)
		}
		return rows.Err()
	}
	if err := collect("SELECT id, kiosk FROM signups WHERE ends > 0 AND ends < ?", alliance.KindSignUpStatus); err != nil {
		return 0, 0, err
	}
	if err := collect("SELECT id, kiosk FROM suggestions WHERE closed > 0 AND closed < ?", alliance.KindSuggestionStatus); err != nil {
		return 0, 0, err
	}
	for _, g := range del {
		table := "signups"
		if g.kind == alliance.KindSuggestionStatus {
			table = "suggestions"
			suggestions++
			// Its sealed lookup goes from every kiosk too.
			var lookupID string
			if err := tx.QueryRowContext(ctx, "SELECT lookup_id FROM suggestions WHERE id = ?", g.id).Scan(&lookupID); err != nil {
				return 0, 0, err
			}
			if lookupID != "" {
				if err := tombstone(ctx, tx, alliance.KindReplyLookup, lookupID, db.Now()); err != nil {
					return 0, 0, err
				}
			}
		} else {
			signUps++
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE id = ?", g.id); err != nil {
			return 0, 0, err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM records WHERE id = ?", g.id); err != nil {
			return 0, 0, err
		}
		// The tombstone keeps the audience, so only that kiosk gets it.
		if _, err := putItem(ctx, tx, g.kind, g.id, g.kiosk, "", "", true, []byte(strconv.FormatInt(db.Now().Unix(), 10))); err != nil {
			return 0, 0, err
		}
	}
	return signUps, suggestions, nil
}

// execCount runs a statement and returns how many rows it changed.
func execCount(ctx context.Context, tx *sql.Tx, q string, args ...any) (int64, error) {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
