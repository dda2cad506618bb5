// Package mirror is the kiosk side of sync: it connects to the hub, pulls
// and applies the change log, pushes the outbox, fetches blobs, and runs on
// a schedule. The protocol is specified in package wire.
package mirror

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/wire"
)

// AppVersion is reported to the hub in every hello.
const AppVersion = "0.1.0"

// Progress is reported while a sync runs.
type Progress struct {
	Phase        string // "pull", "push", "blobs"
	Items        int    // items applied so far
	Records      int    // records pushed so far
	Bytes        int64  // bytes received so far (messages and blobs)
	Blobs, Total int    // blobs fetched of those missing
}

// Result sums up one sync.
type Result struct {
	Pulled, Pushed, Blobs int
	RoundTrips            int   // messages sent that the hub answered
	BytesIn, BytesOut     int64 // websocket message payloads, and blob bodies in
	Reset                 bool
}

// Client syncs one kiosk database with the hub.
type Client struct {
	DB      *store.DB
	HubURL  string // e.g. https://hub.example:8443
	KioskID string
	Token   string
	TLS     *tls.Config // nil: the system's roots
	Logger  *slog.Logger
	// Progress, if set, is called as the sync advances (from the syncing
	// goroutine).
	Progress func(Progress)
	// PingEvery keeps the connection alive through long applies.
	PingEvery time.Duration
	// ReadTimeout bounds the wait for each hub message.
	ReadTimeout time.Duration

	conn *websocket.Conn
	res  Result
	prog Progress
}

// ErrNotJoined is returned when the kiosk has no hub credentials yet.
var ErrNotJoined = errors.New("this kiosk has not joined a hub yet")

// RefusedError is the hub's explanation for refusing a sync or enrolment.
type RefusedError struct {
	Code, Message string
}

func (e *RefusedError) Error() string { return "hub refused: " + e.Message + " (" + e.Code + ")" }

// FromStore makes a client from the credentials a kiosk stored when it
// joined; the CA file, if one was configured, is trusted for the hub.
func FromStore(ctx context.Context, db *store.DB) (*Client, error) {
	st, err := db.SyncState(ctx)
	if err != nil {
		return nil, err
	}
	if st[store.StateHubURL] == "" || st[store.StateToken] == "" {
		return nil, ErrNotJoined
	}
	c := &Client{DB: db, HubURL: st[store.StateHubURL], KioskID: st[store.StateKioskID], Token: st[store.StateToken]}
	if ca := st[store.StateCAFile]; ca != "" {
		if c.TLS, err = TLSTrusting(ca); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// TLSTrusting returns a TLS configuration that trusts the certificates in
// a PEM file (a hub's self-signed certificate, say) besides the system's.
func TLSTrusting(caFile string) (*tls.Config, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("read hub certificate: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("read hub certificate %s: no PEM certificate in it", caFile)
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}

func (c *Client) httpClient() *http.Client {
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{TLSClientConfig: c.TLS, Proxy: http.ProxyFromEnvironment}}
}

// hubHTTP turns the address staff type into the hub's HTTP base URL: a
// wss:// or ws:// address (how the sync itself travels), even with its
// /sync path, is accepted too.
func hubHTTP(addr string) string {
	addr = strings.TrimSuffix(strings.TrimRight(strings.TrimSpace(addr), "/"), "/sync")
	switch {
	case strings.HasPrefix(addr, "wss://"):
		return "https://" + strings.TrimPrefix(addr, "wss://")
	case strings.HasPrefix(addr, "ws://"):
		return "http://" + strings.TrimPrefix(addr, "ws://")
	}
	return addr
}

// Join trades an enrolment code for the kiosk's credentials and stores them.
func Join(ctx context.Context, db *store.DB, hubURL, code string, tlsConf *tls.Config, caFile string) error {
	hubURL = hubHTTP(hubURL)
	body, _ := json.Marshal(map[string]string{"code": code})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(hubURL, "/")+"/enroll", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("join %s: %w", hubURL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	c := &Client{TLS: tlsConf}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return fmt.Errorf("join %s: %w", hubURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("join %s: %w", hubURL, refusal(resp))
	}
	var r struct {
		KioskID   string `json:"kiosk_id"`
		Community string `json:"community"`
		Token     string `json:"token"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&r); err != nil || r.Token == "" {
		return fmt.Errorf("join %s: unreadable answer from the hub", hubURL)
	}
	return db.SetSyncState(ctx, map[string]string{
		store.StateHubURL: hubURL, store.StateKioskID: r.KioskID,
		store.StateToken: r.Token, store.StateCommunity: r.Community, store.StateCAFile: caFile,
	})
}

func refusal(resp *http.Response) error {
	var e wire.Error
	if json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&e) == nil && e.Message != "" {
		return &RefusedError{Code: e.Code, Message: e.Message}
	}
	return &RefusedError{Code: strconv.Itoa(resp.StatusCode), Message: resp.Status}
}

// Sync runs one whole sync and records its outcome in the kiosk's state.
func (c *Client) Sync(ctx context.Context) (Result, error) {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.PingEvery == 0 {
		c.PingEvery = 20 * time.Second
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = 60 * time.Second
	}
	c.res, c.prog = Result{}, Progress{}
	now := time.Now()
	err := c.sync(ctx)
	// Recorded even on a full disk (see store.RecordSyncOutcome).
	if serr := c.DB.RecordSyncOutcome(context.Background(), now, err); serr != nil && err == nil {
		err = serr
	}
	return c.res, err
}

func (c *Client) wsURL() (string, error) {
	u, err := url.Parse(c.HubURL)
	if err != nil {
		return "", fmt.Errorf("hub address %q: %w", c.HubURL, err)
	}
	switch u.Scheme {
	case "https", "wss":
		u.Scheme = "wss"
	case "http", "ws":
		u.Scheme = "ws"
	default:
		return "", fmt.Errorf("hub address %q: want https:// (or http:// on a private network)", c.HubURL)
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/sync"
	return u.String(), nil
}

func (c *Client) sync(ctx context.Context) error {
	addr, err := c.wsURL()
	if err != nil {
		return err
	}
	d := websocket.Dialer{HandshakeTimeout: 20 * time.Second, TLSClientConfig: c.TLS, EnableCompression: false, Proxy: http.ProxyFromEnvironment}
	hdr := http.Header{"Authorization": {"Bearer " + c.Token}}
	conn, resp, err := d.DialContext(ctx, addr, hdr)
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			defer resp.Body.Close()
			return fmt.Errorf("connect to hub: %w", refusal(resp))
		}
		return fmt.Errorf("connect to hub: %w", err)
	}
	c.conn = conn
	defer conn.Close()
	conn.SetReadLimit(wire.MaxMessage)
	conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(c.ReadTimeout)) })
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTicker(c.PingEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(10*time.Second))
			case <-stop:
				return
			case <-ctx.Done():
				conn.Close() // unblocks the reader
				return
			}
		}
	}()

	cursor, err := c.DB.Cursor(ctx)
	if err != nil {
		return err
	}
	backlog, err := c.DB.OutboxBacklog(ctx)
	if err != nil {
		return err
	}
	snap, err := c.DB.Snapshot(ctx)
	if err != nil {
		return err
	}
	if err := c.send(&wire.Hello{Kiosk: c.KioskID, App: AppVersion, Versions: wire.Versions, Cursor: cursor, Backlog: backlog, Snapshot: snap}); err != nil {
		return err
	}
	msg, err := c.read()
	if err != nil {
		return err
	}
	var batch *wire.Batch
	switch m := msg.(type) {
	case *wire.Welcome:
		batch = &m.Batch
		if err := c.DB.RecordHubTime(ctx, m.HubTime); err != nil { // the kiosk works in hub time (store.DB.Now)
			return err
		}
	case *wire.Refused:
		return &RefusedError{Code: m.Code, Message: m.Message}
	default:
		return fmt.Errorf("hub answered hello with %T", msg)
	}
	if cursor, err = c.pull(ctx, batch); err != nil {
		return err
	}
	pushed, err := c.push(ctx)
	if err != nil {
		return err
	}
	if pushed > 0 {
		// Decisions on what we pushed are waiting.
		if err := c.send(&wire.Pull{After: cursor}); err != nil {
			return err
		}
		if cursor, err = c.readAndPull(ctx); err != nil {
			return err
		}
	}
	backlog, _ = c.DB.OutboxBacklog(ctx)
	if err := c.send(&wire.Bye{Cursor: cursor, Backlog: backlog}); err != nil {
		return err
	}
	// Wait briefly for the hub's close so it has recorded the bye.
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	conn.ReadMessage()

	st, err := c.DB.SyncState(ctx)
	if err != nil {
		return err
	}
	if st[store.StateSampleReplaced] == "" {
		if err := c.DB.ReplaceSampleContent(ctx); err != nil {
			return fmt.Errorf("replace sample content: %w", err)
		}
	}
	if _, err := c.DB.Retain(ctx, store.DefaultRetention); err != nil {
		return err
	}
	if _, err := c.DB.CollectBlobs(ctx); err != nil { // blobs no row names any more: not kept, not fetched
		return err
	}
	return c.fetchBlobs(ctx)
}

func (c *Client) send(msg any) error {
	b, err := wire.Encode(msg)
	if err != nil {
		return err
	}
	c.conn.SetWriteDeadline(time.Now().Add(30 * time.Second))
	if err := c.conn.WriteMessage(websocket.TextMessage, b); err != nil {
		return fmt.Errorf("send to hub: %w", err)
	}
	c.res.BytesOut += int64(len(b))
	return nil
}

func (c *Client) read() (any, error) {
	r := c.receive()
	return c.count(r)
}

// received is one message from the hub, as read by receive.
type received struct {
	msg any
	n   int
	err error
}

// receive reads and decodes one message. It touches no shared state, so it
// may run on its own goroutine while a batch is applied.
func (c *Client) receive() received {
	c.conn.SetReadDeadline(time.Now().Add(c.ReadTimeout))
	_, data, err := c.conn.ReadMessage()
	if err != nil {
		var ce *websocket.CloseError
		if errors.As(err, &ce) && ce.Text != "" {
			return received{err: fmt.Errorf("hub closed the connection: %s (%d)", ce.Text, ce.Code)}
		}
		return received{err: fmt.Errorf("read from hub: %w", err)}
	}
	msg, err := wire.Decode(data)
	return received{msg: msg, n: len(data), err: err}
}

// count adds a received message to the figures.
func (c *Client) count(r received) (any, error) {
	c.res.BytesIn += int64(r.n)
	c.prog.Bytes += int64(r.n)
	if r.n > 0 {
		c.res.RoundTrips++ // every hub message answers one of ours
	}
	return r.msg, r.err
}

func (c *Client) report(phase string) {
	c.prog.Phase = phase
	if c.Progress != nil {
		c.Progress(c.prog)
	}
}

// pull applies a batch and keeps pulling while the hub has more.
//
// It asks for the next batch before applying the current one, so that the
// hub prepares and sends it, and a second goroutine decodes it, while this
// one is written: on two cores the initial mirror runs about a third
// faster. Nothing is lost if the kiosk stops in between: its cursor moves
// only in the transaction that applies a batch.
func (c *Client) pull(ctx context.Context, b *wire.Batch) (int64, error) {
	for {
		var next chan received
		if b.More {
			snap, err := c.DB.Snapshot(ctx)
			if err != nil {
				return 0, err
			}
			// Still taking a snapshot after this batch, whose More we know.
			if err := c.send(&wire.Pull{After: b.Cursor, Snapshot: snap || b.Reset}); err != nil {
				return 0, err
			}
			next = make(chan received, 1)
			go func() { next <- c.receive() }()
		}
		if err := c.apply(ctx, b); err != nil {
			if next != nil {
				c.conn.Close() // ends the read; the sync fails anyway
				<-next
			}
			return 0, err
		}
		if !b.More {
			return b.Cursor, nil
		}
		msg, err := c.count(<-next)
		if err != nil {
			return 0, err
		}
		nb, ok := msg.(*wire.Batch)
		if !ok {
			return 0, fmt.Errorf("hub answered pull with %T", msg)
		}
		b = nb
	}
}

func (c *Client) readAndPull(ctx context.Context) (int64, error) {
	msg, err := c.read()
	if err != nil {
		return 0, err
	}
	b, ok := msg.(*wire.Batch)
	if !ok {
		return 0, fmt.Errorf("hub answered pull with %T", msg)
	}
	return c.pull(ctx, b)
}

func (c *Client) apply(ctx context.Context, b *wire.Batch) error {
	changes := make([]store.Change, 0, len(b.Items))
	for _, it := range b.Items {
		ch, err := decodeItem(it)
		if err != nil {
			return fmt.Errorf("item %d: %w", it.Seq, err)
		}
		changes = append(changes, ch)
	}
	if err := c.DB.ApplyChanges(ctx, changes, b.Cursor, b.Reset, b.More); err != nil {
		return err
	}
	c.res.Pulled += len(b.Items)
	c.res.Reset = c.res.Reset || b.Reset
	c.prog.Items += len(b.Items)
	c.report("pull")
	return nil
}

// decodeItem turns a wire item into a store change.
func decodeItem(it wire.Item) (store.Change, error) {
	ch := store.Change{Kind: it.Kind, ID: it.ID, Deleted: it.Deleted, Hash: it.Hash}
	if it.Deleted {
		return ch, nil
	}
	var target any
	switch it.Kind {
	case wire.KindAccount:
		ch.Account = &alliance.Account{}
		target = ch.Account
	case wire.KindPost:
		ch.Post = &alliance.Post{}
		target = ch.Post
	case wire.KindPlace:
		ch.Place = &alliance.Place{}
		target = ch.Place
	case wire.KindDirectory:
		ch.Directory = &alliance.DirectoryEntry{}
		target = ch.Directory
	case wire.KindEvent:
		ch.Event = &alliance.Event{}
		target = ch.Event
	case wire.KindLesson:
		ch.Lesson = &alliance.LessonFolder{}
		target = ch.Lesson
	case wire.KindBlob:
		var bi wire.BlobInfo
		if err := json.Unmarshal(it.Data, &bi); err != nil {
			return ch, err
		}
		ch.Blob = &alliance.Blob{SHA256: bi.SHA256, Size: bi.Size, MIME: bi.MIME}
		return ch, nil
	case wire.KindSignUpStatus:
		var s wire.SignUpStatus
		if err := json.Unmarshal(it.Data, &s); err != nil {
			return ch, err
		}
		ch.SignUpStatus, ch.At = alliance.SignUpStatus(s.Status), s.At
		return ch, nil
	case wire.KindSuggestionStatus:
		var s wire.SuggestionStatus
		if err := json.Unmarshal(it.Data, &s); err != nil {
			return ch, err
		}
		ch.SuggestionStatus, ch.At = alliance.SuggestionStatus(s.Status), s.At
		for _, r := range s.Replies {
			ch.Replies = append(ch.Replies, alliance.Reply{ID: r.ID, Body: r.Body, By: r.By, Created: r.Created})
		}
		return ch, nil
	default:
		return ch, fmt.Errorf("unknown kind %q", it.Kind)
	}
	if err := json.Unmarshal(it.Data, target); err != nil {
		return ch, fmt.Errorf("%s %s: %w", it.Kind, it.ID, err)
	}
	return ch, nil
}

// push sends the outbox in order until the hub has acknowledged all of it.
func (c *Client) push(ctx context.Context) (int, error) {
	total := 0
	for {
		items, err := c.DB.PendingOutbox(ctx, wire.MaxPushRecords)
		if err != nil {
			return total, err
		}
		if len(items) == 0 {
			return total, nil
		}
		var p wire.Push
		size := 0
		for _, it := range items {
			if len(p.Records) > 0 && size+len(it.Payload) > wire.MaxPushBytes/2 {
				break
			}
			size += len(it.Payload)
			p.Records = append(p.Records, wire.Record{Seq: it.Seq, ID: it.ID, Kind: it.Kind, Payload: it.Payload})
		}
		if err := c.send(&p); err != nil {
			return total, err
		}
		msg, err := c.read()
		if err != nil {
			return total, err
		}
		ack, ok := msg.(*wire.Pushed)
		if !ok {
			return total, fmt.Errorf("hub answered push with %T", msg)
		}
		last := p.Records[len(p.Records)-1].Seq
		if ack.Upto < p.Records[0].Seq || ack.Upto > last {
			return total, fmt.Errorf("hub acknowledged up to %d, outside %d–%d", ack.Upto, p.Records[0].Seq, last)
		}
		if err := c.DB.AckOutbox(ctx, ack.Upto); err != nil {
			return total, err
		}
		n := 0
		for _, r := range p.Records {
			if r.Seq <= ack.Upto {
				n++
			}
		}
		total += n
		c.res.Pushed += n
		c.prog.Records += n
		c.report("push")
	}
}

// fetchBlobs downloads the blobs content names but the kiosk lacks, each
// verified against its hash before it is used, and stores them a few
// megabytes per transaction. A transfer cut short leaves what arrived in a
// partial file beside the database, and the next sync asks only for the
// rest (HTTP Range).
func (c *Client) fetchBlobs(ctx context.Context) error {
	missing, err := c.DB.MissingBlobs(ctx, 100000)
	if err != nil || len(missing) == 0 {
		return err
	}
	dir := c.DB.Path + ".partial"
	hc := c.httpClient()
	c.prog.Total = len(missing)
	var batch []alliance.Blob
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := c.DB.PutBlobs(ctx, batch); err != nil {
			return err
		}
		for _, b := range batch {
			os.Remove(filepath.Join(dir, b.SHA256))
		}
		batch, size = batch[:0], 0
		return nil
	}
	for i, b := range missing {
		data, err := c.fetchBlob(ctx, hc, dir, b)
		if err != nil {
			if ferr := flush(); ferr != nil {
				return ferr
			}
			return fmt.Errorf("fetch blob %s: %w", b.SHA256, err)
		}
		batch = append(batch, alliance.Blob{SHA256: b.SHA256, Data: data})
		size += len(data)
		c.res.Blobs++
		c.prog.Blobs = i + 1
		c.report("blobs")
		if size >= 4<<20 || len(batch) >= 200 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// fetchBlob downloads one blob whole, resuming from a partial file, and
// checks its hash.
func (c *Client) fetchBlob(ctx context.Context, hc *http.Client, dir string, b alliance.Blob) ([]byte, error) {
	part := filepath.Join(dir, b.SHA256)
	have, _ := os.ReadFile(part) // what an earlier, interrupted transfer got
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(c.HubURL, "/")+"/blobs/"+b.SHA256, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	if len(have) > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", len(have)))
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		have = nil
	case http.StatusPartialContent:
	case http.StatusRequestedRangeNotSatisfiable:
		os.Remove(part) // longer than the blob: start over next time
		return nil, fmt.Errorf("partial file longer than the blob")
	default:
		return nil, refusal(resp)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, alliance.MaxMediaBytes+1))
	c.prog.Bytes += int64(len(body))
	c.res.BytesIn += int64(len(body))
	data := append(have, body...)
	if err != nil {
		// Keep what arrived, so the next sync resumes here.
		if len(data) > 0 && os.MkdirAll(dir, 0o700) == nil {
			os.WriteFile(part, data, 0o600)
		}
		return nil, err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != b.SHA256 {
		os.Remove(part) // corrupt: fetch it whole next time
		return nil, store.ErrHashMismatch
	}
	return data, nil
}
