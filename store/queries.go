package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance"
)

// Page asks for one page of a newest-first list. After is the cursor
// returned with the previous page (empty for the first): keyset paging stays
// fast on the ten-thousandth page, where OFFSET would not.
type Page struct {
	After string
	Limit int // default 20
}

func (p Page) limit() int {
	if p.Limit <= 0 {
		return 20
	}
	return p.Limit
}

// PostSummary is a post in a list: no body.
type PostSummary struct {
	ID        string
	Account   string
	Column    alliance.Column
	Title     string
	Published time.Time
	Pinned    bool
	HasImage  bool
}

// PostList is one page of posts and the cursor for the next ("" at the end).
type PostList struct {
	Posts []PostSummary
	Next  string
}

// A page cursor is "pinned:published:id" of the last post shown: lists
// show pinned posts first, then the newest.
func postCursor(p PostSummary) string {
	pinned := 0
	if p.Pinned {
		pinned = 1
	}
	return fmt.Sprintf("%d:%d:%s", pinned, p.Published.Unix(), p.ID)
}

func parseCursor(s string) (pinned int, ts int64, id string, err error) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 {
		return 0, 0, "", fmt.Errorf("bad page cursor %q", s)
	}
	if _, err := fmt.Sscan(parts[0], &pinned); err != nil || (pinned != 0 && pinned != 1) {
		return 0, 0, "", fmt.Errorf("bad page cursor %q", s)
	}
	if _, err := fmt.Sscan(parts[1], &ts); err != nil {
		return 0, 0, "", fmt.Errorf("bad page cursor %q", s)
	}
	return pinned, ts, parts[2], nil
}

// PostsByColumn lists a column's posts, newest first.
func (db *DB) PostsByColumn(ctx context.Context, col alliance.Column, page Page) (PostList, error) {
	return db.postList(ctx, "col", string(col), page)
}

// PostsByAccount lists one account's posts (a community's notices), newest
// first.
func (db *DB) PostsByAccount(ctx context.Context, account string, page Page) (PostList, error) {
	return db.postList(ctx, "account", account, page)
}

func (db *DB) postList(ctx context.Context, field, value string, page Page) (PostList, error) {
	pinned, ts, id := 2, int64(0), ""
	if page.After != "" {
		var err error
		if pinned, ts, id, err = parseCursor(page.After); err != nil {
			return PostList{}, err
		}
	}
	// Pinned posts first, then the newest; a post not yet published (the
	// console schedules them) or expired is not shown. field is one of two
	// constants, never user input.
	now := db.Now().Unix()
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, account, col, title, published, pinned, EXISTS (SELECT 1 FROM post_images i WHERE i.post_id = p.id)
		FROM posts p WHERE `+field+` = ? AND published <= ? AND (expires = 0 OR expires > ?)
			AND (pinned < ? OR (pinned = ? AND (published < ? OR (published = ? AND id < ?))))
		ORDER BY pinned DESC, published DESC, id DESC LIMIT ?`, value, now, now, pinned, pinned, ts, ts, id, page.limit()+1)
	if err != nil {
		return PostList{}, fmt.Errorf("list posts by %s %s: %w", field, value, err)
	}
	defer rows.Close()
	var out PostList
	for rows.Next() {
		var p PostSummary
		var pub int64
		if err := rows.Scan(&p.ID, &p.Account, &p.Column, &p.Title, &pub, &p.Pinned, &p.HasImage); err != nil {
			return PostList{}, err
		}
		p.Published = time.Unix(pub, 0).In(alliance.Location)
		out.Posts = append(out.Posts, p)
	}
	if len(out.Posts) > page.limit() {
		out.Posts = out.Posts[:page.limit()]
		out.Next = postCursor(out.Posts[len(out.Posts)-1])
	}
	return out, rows.Err()
}

// PinnedPosts lists pinned posts that have not expired, newest first.
func (db *DB) PinnedPosts(ctx context.Context, limit int) ([]PostSummary, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, account, col, title, published FROM posts
		WHERE pinned = 1 AND (expires = 0 OR expires > ?1) AND published <= ?1 ORDER BY published DESC LIMIT ?2`, db.Now().Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("list pinned posts: %w", err)
	}
	defer rows.Close()
	var out []PostSummary
	for rows.Next() {
		var p PostSummary
		var pub int64
		if err := rows.Scan(&p.ID, &p.Account, &p.Column, &p.Title, &pub); err != nil {
			return nil, err
		}
		p.Published, p.Pinned = time.Unix(pub, 0).In(alliance.Location), true
		out = append(out, p)
	}
	return out, rows.Err()
}

// Post returns a whole post with its images (SHA-256, in order).
func (db *DB) Post(ctx context.Context, id string) (alliance.Post, error) {
	var p alliance.Post
	var pub, exp int64
	err := db.read.QueryRowContext(ctx, `SELECT id, account, col, title, body, published, expires, pinned, link, source
		FROM posts WHERE id = ?`, id).Scan(&p.ID, &p.Account, &p.Column, &p.Title, &p.Body, &pub, &exp, &p.Pinned, &p.Link, &p.Source)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("post %s: %w", id, alliance.ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("post %s: %w", id, err)
	}
	p.Published = time.Unix(pub, 0).In(alliance.Location)
	if exp != 0 {
		p.Expires = time.Unix(exp, 0).In(alliance.Location)
	}
	rows, err := db.read.QueryContext(ctx, "SELECT sha256 FROM post_images WHERE post_id = ? ORDER BY pos", id)
	if err != nil {
		return p, fmt.Errorf("post %s images: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return p, err
		}
		p.Images = append(p.Images, s)
	}
	return p, rows.Err()
}

// Blob returns an image's bytes; Data is nil while the blob has not arrived,
// and the screens show a placeholder.
func (db *DB) Blob(ctx context.Context, sha string) (alliance.Blob, error) {
	var b alliance.Blob
	var present bool
	err := db.read.QueryRowContext(ctx, "SELECT sha256, size, mime, present, data FROM blobs WHERE sha256 = ?", sha).
		Scan(&b.SHA256, &b.Size, &b.MIME, &present, &b.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("blob %s: %w", sha, alliance.ErrNotFound)
	}
	if !present {
		b.Data = nil
	}
	return b, err
}

const accountCols = "id, kind, name, street_office, address, office_hours, phone, wechat, link, qr"

func scanAccount(s interface{ Scan(...any) error }) (alliance.Account, error) {
	var a alliance.Account
	err := s.Scan(&a.ID, &a.Kind, &a.Name, &a.StreetOffice, &a.Address, &a.OfficeHours, &a.Phone, &a.WeChat, &a.Link, &a.QR)
	return a, err
}

// Account returns one account.
func (db *DB) Account(ctx context.Context, id string) (alliance.Account, error) {
	a, err := scanAccount(db.read.QueryRowContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("account %s: %w", id, alliance.ErrNotFound)
	}
	return a, err
}

// StreetOffice is a street office and its communities.
type StreetOffice struct {
	Name        string
	Communities []alliance.Account
}

// CommunitiesByStreetOffice lists all communities grouped by street office,
// offices and communities in a stable order.
func (db *DB) CommunitiesByStreetOffice(ctx context.Context) ([]StreetOffice, error) {
	// Offices and communities in the order the content lists them.
	rows, err := db.read.QueryContext(ctx, "SELECT "+accountCols+` FROM accounts a WHERE kind = 'community'
		ORDER BY (SELECT min(rowid) FROM accounts o WHERE o.street_office = a.street_office), rowid`)
	if err != nil {
		return nil, fmt.Errorf("list communities: %w", err)
	}
	defer rows.Close()
	var out []StreetOffice
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Name != a.StreetOffice {
			out = append(out, StreetOffice{Name: a.StreetOffice})
		}
		out[len(out)-1].Communities = append(out[len(out)-1].Communities, a)
	}
	return out, rows.Err()
}

const eventCols = "id, community, title, description, starts, ends, place, capacity, taken, signup_opens, signup_closes, waitlist, status, tags"

func scanEvent(s interface{ Scan(...any) error }) (alliance.Event, error) {
	var e alliance.Event
	var starts, ends, opens, closes int64
	var tags string
	err := s.Scan(&e.ID, &e.Community, &e.Title, &e.Description, &starts, &ends, &e.Place, &e.Capacity, &e.Taken,
		&opens, &closes, &e.Waitlist, &e.Status, &tags)
	e.Starts, e.Ends = time.Unix(starts, 0).In(alliance.Location), time.Unix(ends, 0).In(alliance.Location)
	if opens != 0 {
		e.SignupOpens = time.Unix(opens, 0).In(alliance.Location)
	}
	if closes != 0 {
		e.SignupCloses = time.Unix(closes, 0).In(alliance.Location)
	}
	e.Tags = parseList(tags)
	return e, err
}

// UpcomingEvents lists events that have not ended, soonest first; with a
// community id, only that community's. PlacesLeft on each tells what is free.
func (db *DB) UpcomingEvents(ctx context.Context, community string, limit int) ([]alliance.Event, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+eventCols+` FROM events
		WHERE ends > ? AND (? = '' OR community = ?) ORDER BY starts, id LIMIT ?`, db.Now().Unix(), community, community, limit)
	if err != nil {
		return nil, fmt.Errorf("list upcoming events: %w", err)
	}
	defer rows.Close()
	var out []alliance.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Event returns one event.
func (db *DB) Event(ctx context.Context, id string) (alliance.Event, error) {
	e, err := scanEvent(db.read.QueryRowContext(ctx, "SELECT "+eventCols+" FROM events WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("event %s: %w", id, alliance.ErrNotFound)
	}
	return e, err
}

// Directory lists phone numbers in a category ("" for all), by name; with a
// community id, that community's numbers come first.
func (db *DB) Directory(ctx context.Context, category, community string) ([]alliance.DirectoryEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, number, hours, category, community, note FROM directory
		WHERE (? = '' OR category = ?) ORDER BY community != ? OR ? = '', category, name`, category, category, community, community)
	if err != nil {
		return nil, fmt.Errorf("list directory: %w", err)
	}
	defer rows.Close()
	var out []alliance.DirectoryEntry
	for rows.Next() {
		var d alliance.DirectoryEntry
		if err := rows.Scan(&d.ID, &d.Name, &d.Number, &d.Hours, &d.Category, &d.Community, &d.Note); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// PlacesByKind lists places of one kind by name.
func (db *DB) PlacesByKind(ctx context.Context, kind alliance.PlaceKind) ([]alliance.Place, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, kind, community, address, hours, phone, tags, description, images
		FROM places WHERE kind = ? ORDER BY name`, string(kind))
	if err != nil {
		return nil, fmt.Errorf("list places: %w", err)
	}
	defer rows.Close()
	var out []alliance.Place
	for rows.Next() {
		var p alliance.Place
		var tags, images string
		if err := rows.Scan(&p.ID, &p.Name, &p.Kind, &p.Community, &p.Address, &p.Hours, &p.Phone, &tags, &p.Description, &images); err != nil {
			return nil, err
		}
		p.Tags, p.Images = parseList(tags), parseList(images)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Counts tells how much content the kiosk holds, for the staff panel and
// tests. Blobs counts the images whose bytes it holds, BlobsMissing those
// content names that have yet to arrive.
type Counts struct {
	Accounts, Posts, Places, Directory, Events, Blobs, BlobsMissing int
}

// Counts counts the content tables.
func (db *DB) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM accounts), (SELECT count(*) FROM posts), (SELECT count(*) FROM places),
		(SELECT count(*) FROM directory), (SELECT count(*) FROM events), (SELECT count(*) FROM blobs WHERE present = 1)`).
		Scan(&c.Accounts, &c.Posts, &c.Places, &c.Directory, &c.Events, &c.Blobs)
	if err != nil {
		return c, fmt.Errorf("count content: %w", err)
	}
	missing, err := db.missingBlobs(ctx, math.MaxInt)
	if err != nil {
		return c, fmt.Errorf("count content: %w", err)
	}
	c.BlobsMissing = len(missing)
	return c, nil
}

// SignUpForPhone returns the sign-up a phone already holds for an event
// that still counts (provisional, confirmed or waitlisted), the latest if
// there are several; ok is false when there is none. The sign-up screen
// asks before taking a second one from the same phone.
func (db *DB) SignUpForPhone(ctx context.Context, eventID, phone string) (s alliance.SignUp, ok bool, err error) {
	s, err = scanSignUp(db.read.QueryRowContext(ctx, "SELECT "+signupCols+` FROM signups
		WHERE phone = ? AND event_id = ? AND status IN (?, ?, ?) ORDER BY created DESC, seq DESC LIMIT 1`,
		alliance.Digits(phone), eventID, alliance.SignUpProvisional, alliance.SignUpConfirmed, alliance.SignUpWaitlisted))
	if errors.Is(err, sql.ErrNoRows) {
		return alliance.SignUp{}, false, nil
	}
	if err != nil {
		return alliance.SignUp{}, false, fmt.Errorf("sign-ups of a phone for event %s: %w", eventID, err)
	}
	return s, true, nil
}
