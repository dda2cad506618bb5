package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/wire"
)

// Quota bounds what one kiosk may push in a day, so that a stolen or broken
// kiosk cannot fill the hub's disk. A real kiosk pushes a few hundred
// records a day; a full class saving progress at every step, a few
// thousand.
type Quota struct {
	RecordsPerDay int
	BytesPerDay   int64
}

// DefaultQuota is the quota when none is configured.
var DefaultQuota = Quota{RecordsPerDay: 20_000, BytesPerDay: 64 << 20}

// refusal is a record the hub will not take, for a reason of the record's
// own: it goes back to the kiosk and is never sent again.
type refusal struct {
	reason  alliance.Reason
	message string
}

func (r *refusal) Error() string { return string(r.reason) + ": " + r.message }

func refuse(reason alliance.Reason, format string, args ...any) *refusal {
	return &refusal{reason: reason, message: fmt.Sprintf(format, args...)}
}

// Accept takes the records a kiosk pushed, in order, all in one
// transaction, each in a savepoint of its own. Each is validated alone
// (alliance.DecodeRecord, then its references), stored once by its UUID,
// and decided (sign-ups, cancellations, erasures). A record that breaks a
// rule is refused alone, with a reason, and never blocks those after it.
// Records past the kiosk's daily quota are not taken: the answer's Defer
// says so and Upto stops before them.
func (db *DB) Accept(ctx context.Context, kiosk string, recs []wire.Record, quota Quota) (wire.Pushed, error) {
	var out wire.Pushed
	if quota == (Quota{}) {
		quota = DefaultQuota
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		out = wire.Pushed{}
		var n int
		var size int64
		since := db.Now().Add(-24 * time.Hour).Unix()
		if err := tx.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(length(payload)), 0) FROM records WHERE kiosk = ? AND received > ?",
			kiosk, since).Scan(&n, &size); err != nil {
			return err
		}
		var refused int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM refusals WHERE kiosk = ? AND received > ?", kiosk, since).Scan(&refused); err != nil {
			return err
		}
		n += refused
		for _, r := range recs {
			if n+1 > quota.RecordsPerDay || size+int64(len(r.Payload)) > quota.BytesPerDay {
				out.Defer = &wire.Deferment{Reason: alliance.ReasonQuota,
					Message: fmt.Sprintf("this kiosk pushed its daily quota (%d records, %d MB): the rest goes at the next sync", quota.RecordsPerDay, quota.BytesPerDay>>20)}
				break
			}
			n++
			if _, err := tx.ExecContext(ctx, "SAVEPOINT record"); err != nil {
				return err
			}
			stored, err := db.acceptOne(ctx, tx, kiosk, r)
			var rf *refusal
			if err != nil && !errors.As(err, &rf) {
				// The hub failed on this record: nothing of it stays, and
				// the kiosk keeps it for staff. Logged without the payload.
				slog.Error("accept record", "kiosk", kiosk, "seq", r.Seq, "kind", sanitize(string(r.Kind), 32), "err", err)
				rf = refuse(alliance.ReasonHubError, "the hub could not store this record; staff can report it")
			}
			if rf != nil {
				if _, err := tx.ExecContext(ctx, "ROLLBACK TO record"); err != nil {
					return err
				}
				out.Refused = append(out.Refused, wire.Refusal{Seq: r.Seq, ID: sanitize(r.ID, 64), Reason: rf.reason, Message: sanitize(rf.message, 300)})
				if _, err := tx.ExecContext(ctx, "INSERT INTO refusals (kiosk, seq, id, kind, reason, message, received) VALUES (?, ?, ?, ?, ?, ?, ?)",
					kiosk, r.Seq, sanitize(r.ID, 64), sanitize(string(r.Kind), 32), string(rf.reason), sanitize(rf.message, 300), db.Now().Unix()); err != nil {
					return err
				}
			} else if stored {
				size += int64(len(r.Payload))
			}
			if _, err := tx.ExecContext(ctx, "RELEASE record"); err != nil {
				return err
			}
			out.Upto = r.Seq
		}
		return nil
	})
	if err != nil {
		return wire.Pushed{}, fmt.Errorf("accept records from kiosk %s: %w", kiosk, err)
	}
	return out, nil
}

// acceptOne validates, stores and decides one record. It returns a
// *refusal for a record that breaks a rule; stored is false for a
// duplicate.
func (db *DB) acceptOne(ctx context.Context, tx *sql.Tx, kiosk string, r wire.Record) (stored bool, err error) {
	if len(r.Payload) > alliance.MaxRecordBytes {
		return false, refuse(alliance.ReasonTooLarge, "payload is %d bytes, limit %d", len(r.Payload), alliance.MaxRecordBytes)
	}
	rec, err := alliance.DecodeRecord(r.Kind, r.Payload)
	if err != nil {
		if alliance.NewRecord(r.Kind) == nil {
			return false, refuse(alliance.ReasonUnknownKind, "unknown record kind %q", sanitize(string(r.Kind), 32))
		}
		return false, refuse(alliance.ReasonMalformed, "%v", err)
	}
	if rec.RecordID() != r.ID {
		return false, refuse(alliance.ReasonIDMismatch, "record id %q, payload id %q", sanitize(r.ID, 64), rec.RecordID())
	}
	canon, err := json.Marshal(rec)
	if err != nil {
		return false, err
	}
	hash, err := alliance.HashJSON(canon)
	if err != nil {
		return false, err
	}
	var prevHash string
	err = tx.QueryRowContext(ctx, "SELECT hash FROM records WHERE id = ?", r.ID).Scan(&prevHash)
	switch {
	case err == nil && prevHash == hash:
		return false, nil // a duplicate: stored before, decided before
	case err == nil:
		return false, refuse(alliance.ReasonConflict, "record %s was pushed before with other content", r.ID)
	case !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	learner, ref, err := db.decide(ctx, tx, kiosk, rec)
	if err != nil {
		return false, err
	}
	if err := db.auditAssisted(ctx, tx, kiosk, rec); err != nil {
		return false, err
	}
	if sg, ok := rec.(*alliance.Suggestion); ok && sg.Anonymous && sg.CallbackPhone != "" {
		// Anonymous stays anonymous: the number she typed is not kept at
		// the hub (the hash still identifies what was pushed).
		stripped := *sg
		stripped.CallbackPhone, stripped.ConsentVersion = "", ""
		if canon, err = json.Marshal(stripped); err != nil {
			return false, err
		}
	}
	// What is stored is the canonical re-encoding of the validated record:
	// no unknown field, no odd spacing, nothing the checks did not see.
	_, err = tx.ExecContext(ctx, `INSERT INTO records (id, kiosk, seq, kind, payload, hash, received, learner, ref)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, kiosk, r.Seq, r.Kind, canon, hash, db.Now().Unix(), learner, ref)
	return err == nil, err
}

// auditAssisted writes an audit line for a record staff entered for a
// resident at the kiosk (assisted_by), in the record's own transaction:
// the audit tells which records she did not enter herself, and who did.
// Its subject is the record, so retention deletes the line with it.
func (db *DB) auditAssisted(ctx context.Context, tx *sql.Tx, kiosk string, rec alliance.Record) error {
	var by, community string
	switch r := rec.(type) {
	case *alliance.SignUp:
		by = r.AssistedBy
		if e, ok, err := db.event(ctx, tx, r.EventID); err == nil && ok {
			community = e.Community
		}
	case *alliance.Suggestion:
		by, community = r.AssistedBy, r.Community
	case *alliance.CallbackRequest:
		by, community = r.AssistedBy, r.Community
	}
	if by == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, user_id, login, addr, action, subject, community, detail)
		VALUES (?, 0, ?, '', ?, ?, ?, ?)`, db.Now().Unix(), sanitize("kiosk:"+kiosk, 64), ActionAssisted,
		sanitize(string(rec.RecordKind())+":"+rec.RecordID(), 200), sanitize(community, 80),
		sanitize("entered at the kiosk by "+by, 500))
	return err
}

// ActionAssisted is the audit action of a record staff entered for a
// resident at the kiosk (see auditAssisted).
const ActionAssisted = "record.assisted"

// recordExists reports whether a stored record of a kind has the id.
func recordExists(ctx context.Context, tx *sql.Tx, kind alliance.Kind, id string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM records WHERE id = ? AND kind = ?", id, kind).Scan(&n)
	return n > 0, err
}

// needRecords refuses a record whose references the hub does not hold.
func needRecords(ctx context.Context, tx *sql.Tx, what string, refs ...any) error {
	for i := 0; i+1 < len(refs); i += 2 {
		kind, id := refs[i].(alliance.Kind), refs[i+1].(string)
		ok, err := recordExists(ctx, tx, kind, id)
		if err != nil {
			return err
		}
		if !ok {
			return refuse(alliance.ReasonUnknownRef, "%s refers to %s %s, which the hub does not have", what, kind, id)
		}
	}
	return nil
}

// decide checks a record's references and takes the decisions it calls
// for. It returns the learner the record is about and what it refers to,
// for the records table.
func (db *DB) decide(ctx context.Context, tx *sql.Tx, kiosk string, rec alliance.Record) (learner, ref string, err error) {
	switch r := rec.(type) {
	case *alliance.SignUp:
		return "", r.EventID, db.decideSignUp(ctx, tx, kiosk, r)
	case *alliance.SignUpCancel:
		var owner string
		err := tx.QueryRowContext(ctx, "SELECT kiosk FROM signups WHERE id = ?", r.SignUpID).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) {
			return "", "", refuse(alliance.ReasonUnknownRef, "cancels sign-up %s, which the hub does not have", r.SignUpID)
		}
		if err != nil {
			return "", "", err
		}
		if owner != kiosk {
			return "", "", refuse(alliance.ReasonNotOwner, "cancels sign-up %s, which another kiosk took", r.SignUpID)
		}
		return "", r.SignUpID, db.cancelSignUp(ctx, tx, r.SignUpID)
	case *alliance.Suggestion:
		if err := db.needAccount(ctx, tx, r.Community); err != nil {
			return "", "", err
		}
		if err := db.insertSuggestion(ctx, tx, kiosk, r); err != nil {
			return "", "", err
		}
		return "", r.Community, db.emitSuggestion(ctx, tx, r.ID)
	case *alliance.CallbackRequest:
		if err := db.needAccount(ctx, tx, r.Community); err != nil {
			return "", "", err
		}
		now := db.Now().Unix()
		if _, err := tx.ExecContext(ctx, `INSERT INTO callbacks (id, kiosk, community, entry, phone, receipt, created, received, status, updated, assisted_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, kiosk, r.Community, r.Entry, r.Phone, r.Receipt, r.Created.Unix(), now,
			string(alliance.CallbackRequested), now, r.AssistedBy); err != nil {
			return "", "", err
		}
		return "", r.Community, db.emitCallback(ctx, tx, r.ID)
	case *alliance.Learner:
		return r.ID, "", nil
	case *alliance.Course:
		return "", "", nil
	case *alliance.Session:
		return "", r.CourseID, needRecords(ctx, tx, "session", alliance.KindCourse, r.CourseID)
	case *alliance.Attendance:
		return r.LearnerID, r.SessionID, needRecords(ctx, tx, "check-in", alliance.KindSession, r.SessionID, alliance.KindLearner, r.LearnerID)
	case *alliance.LessonProgress:
		if err := needRecords(ctx, tx, "progress", alliance.KindLearner, r.LearnerID); err != nil {
			return "", "", err
		}
		if r.SessionID != "" {
			if err := needRecords(ctx, tx, "progress", alliance.KindSession, r.SessionID); err != nil {
				return "", "", err
			}
		}
		return r.LearnerID, r.SessionID, nil
	case *alliance.Completion:
		return r.LearnerID, r.CourseID, needRecords(ctx, tx, "completion", alliance.KindLearner, r.LearnerID, alliance.KindCourse, r.CourseID)
	case *alliance.LearnerDelete:
		return "", r.LearnerID, db.eraseLearner(ctx, tx, kiosk, r.LearnerID)
	}
	if learner, ref, ok, err := db.decideTrainingEdit(ctx, tx, kiosk, rec); ok {
		return learner, ref, err
	}
	return "", "", fmt.Errorf("no decision for %T", rec)
}

// needAccount refuses a record addressed to a community the hub does not
// publish.
func (db *DB) needAccount(ctx context.Context, tx *sql.Tx, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM items WHERE kind = 'account' AND id = ? AND deleted = 0", id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return refuse(alliance.ReasonUnknownRef, "community %q is not published at the hub", id)
	}
	return nil
}

// eraseLearner deletes a learner's card and every training record about
// her, whichever kiosk sent them. Only a kiosk of the community she
// registered in may ask; asking for one already gone changes nothing.
func (db *DB) eraseLearner(ctx context.Context, tx *sql.Tx, kiosk, learnerID string) error {
	var owner string
	err := tx.QueryRowContext(ctx, "SELECT kiosk FROM records WHERE id = ? AND kind = 'learner'", learnerID).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if owner != kiosk {
		var same int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM kiosks a JOIN kiosks b ON a.community = b.community
			WHERE a.id = ? AND b.id = ?`, owner, kiosk).Scan(&same); err != nil {
			return err
		}
		if same == 0 {
			return refuse(alliance.ReasonNotOwner, "learner %s registered in another community", learnerID)
		}
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM records WHERE learner = ? AND kind IN ('learner', 'attendance', 'progress', 'completion', 'roster_leave')", learnerID)
	return err
}

func (db *DB) event(ctx context.Context, tx *sql.Tx, id string) (alliance.Event, bool, error) {
	var data []byte
	err := tx.QueryRowContext(ctx, "SELECT data FROM items WHERE kind = 'event' AND id = ? AND deleted = 0", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return alliance.Event{}, false, nil
	}
	if err != nil {
		return alliance.Event{}, false, err
	}
	var e alliance.Event
	if err := json.Unmarshal(data, &e); err != nil {
		return e, false, fmt.Errorf("event %s in the change log: %w", id, err)
	}
	return e, true, nil
}

// decideSignUp confirms a sign-up while places last, then waitlists it (if
// the event has a waitlist) or rejects it; a sign-up for an event that is
// gone, cancelled, over or outside its sign-up window is rejected with the
// reason. Sign-ups are decided in the order they reach the hub, which is
// the only order the hub can vouch for, and against the hub's clock.
func (db *DB) decideSignUp(ctx context.Context, tx *sql.Tx, kiosk string, s *alliance.SignUp) error {
	e, ok, err := db.event(ctx, tx, s.EventID)
	if err != nil {
		return err
	}
	now := db.Now()
	status, reason := alliance.SignUpRejected, alliance.ReasonEventUnknown
	// Personal data goes 30 days after the event, or after now for an
	// event the hub does not know.
	ends := now.Unix()
	if ok {
		ends = max(e.Ends.Unix(), now.Unix())
		reason = e.SignUpReason(s.Created, now)
	}
	if ok && reason == "" {
		taken, err := takenNow(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		switch {
		case e.Capacity == 0 || taken+s.PartySize <= e.Capacity:
			status = alliance.SignUpConfirmed
		case e.Waitlist:
			status = alliance.SignUpWaitlisted
		default:
			reason = alliance.ReasonEventFull
		}
	}
	var arrival int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(arrival), 0) + 1 FROM signups").Scan(&arrival); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO signups (id, kiosk, event_id, party, status, reason, arrival, decided, ends,
			name, phone, receipt, created, assisted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, kiosk, s.EventID, s.PartySize, string(status), string(reason), arrival, now.Unix(), ends,
		s.Name, s.Phone, s.Receipt, s.Created.Unix(), s.AssistedBy); err != nil {
		return err
	}
	if err := db.emitSignUp(ctx, tx, s.ID); err != nil {
		return err
	}
	if status == alliance.SignUpConfirmed {
		return db.publishTaken(ctx, tx, e)
	}
	return nil
}

// cancelSignUp frees a sign-up's places and promotes the waitlist, first
// come first served, while the places last.
func (db *DB) cancelSignUp(ctx context.Context, tx *sql.Tx, id string) error {
	return db.cancelSignUpFor(ctx, tx, id, "")
}

// cancelSignUpFor cancels a sign-up with a reason ("" when the resident
// cancelled at the kiosk; staff_cancelled or no_show from the console).
func (db *DB) cancelSignUpFor(ctx context.Context, tx *sql.Tx, id string, reason alliance.Reason) error {
	var eventID, status string
	err := tx.QueryRowContext(ctx, "SELECT event_id, status FROM signups WHERE id = ?", id).Scan(&eventID, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // nothing to cancel: the sign-up was purged
	}
	if err != nil {
		return err
	}
	if status == string(alliance.SignUpCancelled) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE signups SET status = 'cancelled', reason = ?, decided = ? WHERE id = ?", string(reason), db.Now().Unix(), id); err != nil {
		return err
	}
	if err := db.emitSignUp(ctx, tx, id); err != nil {
		return err
	}
	if status != string(alliance.SignUpConfirmed) {
		return nil
	}
	e, ok, err := db.event(ctx, tx, eventID)
	if err != nil || !ok {
		return err
	}
	return db.promote(ctx, tx, e)
}

// promote confirms waitlisted sign-ups of an event strictly in arrival
// order while its places last (after a cancellation, or a capacity
// raised), and republishes its places taken.
func (db *DB) promote(ctx context.Context, tx *sql.Tx, e alliance.Event) error {
	eventID := e.ID
	if e.Status != alliance.EventOpen {
		return db.publishTaken(ctx, tx, e)
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, party FROM signups WHERE event_id = ? AND status = 'waitlisted' ORDER BY arrival", eventID)
	if err != nil {
		return err
	}
	type waiting struct {
		id    string
		party int
	}
	var queue []waiting
	for rows.Next() {
		var w waiting
		if err := rows.Scan(&w.id, &w.party); err != nil {
			rows.Close()
			return err
		}
		queue = append(queue, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, w := range queue {
		taken, err := takenNow(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if e.Capacity > 0 && taken+w.party > e.Capacity {
			break // strictly in order: nobody jumps the queue
		}
		if _, err := tx.ExecContext(ctx, "UPDATE signups SET status = 'confirmed', decided = ? WHERE id = ?", db.Now().Unix(), w.id); err != nil {
			return err
		}
		if err := db.emitSignUp(ctx, tx, w.id); err != nil {
			return err
		}
	}
	return db.publishTaken(ctx, tx, e)
}

// emitSignUp sends a sign-up's status to the kiosk that made it.
func (db *DB) emitSignUp(ctx context.Context, tx *sql.Tx, id string) error {
	var kiosk, status, reason string
	var decided int64
	if err := tx.QueryRowContext(ctx, "SELECT kiosk, status, reason, decided FROM signups WHERE id = ?", id).Scan(&kiosk, &status, &reason, &decided); err != nil {
		return err
	}
	data, err := json.Marshal(alliance.SignUpDecision{Status: alliance.SignUpStatus(status), At: time.Unix(decided, 0).UTC(), Reason: alliance.Reason(reason)})
	if err != nil {
		return err
	}
	_, err = putItem(ctx, tx, alliance.KindSignUpStatus, id, kiosk, "", "", false, data)
	return err
}

// publishTaken republishes an event with its places taken, to every kiosk.
func (db *DB) publishTaken(ctx context.Context, tx *sql.Tx, e alliance.Event) error {
	taken, err := takenNow(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	e.Taken = taken
	var origin string
	if err := tx.QueryRowContext(ctx, "SELECT origin FROM items WHERE kind = 'event' AND id = ?", e.ID).Scan(&origin); err != nil {
		return err
	}
	p := db.publisher(ctx, tx, origin)
	return p.put(e)
}

// SignUpCounts counts an event's sign-ups by status, for operators and tests.
func (db *DB) SignUpCounts(ctx context.Context, eventID string) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT status, count(*) FROM signups WHERE event_id = ? GROUP BY status", eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// RecordCount counts the records stored for a kiosk (all kiosks when "").
func (db *DB) RecordCount(ctx context.Context, kiosk string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM records WHERE ? = '' OR kiosk = ?", kiosk, kiosk).Scan(&n)
	return n, err
}

// Refusal is a record the hub refused, as the console lists it.
type Refusal struct {
	Kiosk, ID, Kind, Reason, Message string
	Seq                              int64
	Received                         time.Time
}

// Refusals lists the records refused from a kiosk (all kiosks when ""),
// newest first.
func (db *DB) Refusals(ctx context.Context, kiosk string) ([]Refusal, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT kiosk, seq, id, kind, reason, message, received FROM refusals
		WHERE ? = '' OR kiosk = ? ORDER BY received DESC, seq DESC LIMIT 1000`, kiosk, kiosk)
	if err != nil {
		return nil, fmt.Errorf("list refusals: %w", err)
	}
	defer rows.Close()
	var out []Refusal
	for rows.Next() {
		var r Refusal
		var at int64
		if err := rows.Scan(&r.Kiosk, &r.Seq, &r.ID, &r.Kind, &r.Reason, &r.Message, &at); err != nil {
			return nil, err
		}
		r.Received = time.Unix(at, 0)
		out = append(out, r)
	}
	return out, rows.Err()
}
