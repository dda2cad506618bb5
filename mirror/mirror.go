package mirror

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shinan-alliance/alliance/internal/version"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/wire"
)

// AppVersion is reported to the hub in every hello: the build's version
// and commit (package version).
var AppVersion = version.String()

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
	Refused               int    // records the hub refused (kept for staff)
	Deferred              string // why the hub stopped taking records, if it did
	RoundTrips            int    // messages sent that the hub answered
	BytesIn, BytesOut     int64  // websocket message payloads, and blob bodies in
	Reset                 bool
}

// Client syncs one kiosk database with the hub.
type Client struct {
	DB      *store.DB
	HubURL  string // e.g. https://hub.example:8443
	KioskID string
	Token   string
	TLS     *tls.Config // nil: the system's roots
	// Pin, if set, is the hub's key pin (wire.KeyPin) the kiosk stored when
	// it joined: the hub must present that key, whoever signed it (TLS is
	// then ignored).
	Pin    string
	Logger *slog.Logger
	// Progress, if set, is called as the sync advances (from the syncing
	// goroutine).
	Progress func(Progress)
	// PingEvery keeps the connection alive through long applies.
	PingEvery time.Duration
	// ReadTimeout bounds the wait for each hub message.
	ReadTimeout time.Duration
	// AllowHTTP lets the kiosk talk plain HTTP to a hub that is not on
	// this machine: staff must choose it (join --allow-http), because on
	// an open network anyone on the path could feed the kiosk content.
	AllowHTTP bool
	// HubTime is the hub's clock as the last Welcome gave it.
	HubTime time.Time

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
	c := &Client{DB: db, HubURL: st[store.StateHubURL], KioskID: st[store.StateKioskID], Token: st[store.StateToken],
		AllowHTTP: st[store.StateAllowHTTP] == "1", Pin: st[store.StateHubPin]}
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
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{TLSClientConfig: c.tlsConfig(), Proxy: http.ProxyFromEnvironment}}
}

// tlsConfig is how the hub's certificate is checked: by its pinned key,
// by the CA file staff gave, or by the system's roots.
func (c *Client) tlsConfig() *tls.Config {
	if c.Pin != "" {
		return pinnedTLS(c.Pin)
	}
	return c.TLS
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

// Sync runs one whole sync and records its outcome in the kiosk's state:
// on failure the error, its code and since when syncs have been failing,
// which the next hello reports to the hub.
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
	code := ""
	if err != nil {
		code = ErrorCode(err)
	}
	// Recorded even on a full disk (see store.RecordSyncOutcome).
	if serr := c.DB.RecordSyncOutcome(context.Background(), now, err, code); serr != nil && err == nil {
		err = serr
	}
	return c.res, err
}

// HubError is an Error message the hub sent before closing.
type HubError struct {
	Code, Message string
}

func (e *HubError) Error() string { return "hub error: " + e.Message + " (" + e.Code + ")" }

// ErrorCode classifies a sync error for the hub's kiosk list: network,
// refused, hub_error, protocol, disk_full, apply or local.
func ErrorCode(err error) string {
	var re *RefusedError
	var he *HubError
	var ne net.Error
	switch {
	case errors.Is(err, store.ErrDiskFull):
		return "disk_full"
	case errors.As(err, &re):
		return "refused"
	case errors.As(err, &he):
		return "hub_error"
	case errors.Is(err, wire.ErrBadMessage):
		return "protocol"
	case errors.As(err, &ne), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, errConnection):
		return "network"
	case strings.Contains(err.Error(), "apply batch"):
		return "apply"
	}
	return "local"
}

// errConnection marks failures to reach or keep talking to the hub.
var errConnection = errors.New("connection")

// lastError is the previous sync's failure, for the hello.
func (c *Client) lastError(ctx context.Context) (*wire.SyncError, error) {
	last, err := c.DB.LastSync(ctx) // also a failure the disk was too full to record in the database
	if err != nil {
		return nil, err
	}
	if last.Error == "" {
		return nil, nil
	}
	e := &wire.SyncError{Code: last.Code, Text: last.Error}
	if e.Code == "" {
		e.Code = "local"
	}
	if len(e.Text) > wire.MaxErrorText {
		e.Text = strings.ToValidUTF8(e.Text[:wire.MaxErrorText], "")
	}
	if !last.FailingSince.IsZero() {
		e.Since = last.FailingSince.UTC()
	} else if !last.Attempt.IsZero() {
		e.Since = last.Attempt.UTC()
	}
	return e, nil
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
	if err := checkScheme(c.HubURL, c.AllowHTTP); err != nil {
		return "", err
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/sync"
	return u.String(), nil
}

func (c *Client) sync(ctx context.Context) error {
	conn, err := c.dial(ctx)
	if err != nil {
		return err
	}
	c.conn = conn
	defer conn.Close()
	stop := make(chan struct{})
	defer close(stop)
	go c.keepAlive(ctx, conn, stop)

	welcome, knownLog, err := c.hello(ctx)
	if err != nil {
		return err
	}
	cursor, err := c.pull(ctx, &welcome.Batch, nil)
	if err != nil {
		return err
	}
	// The cursor now counts in the hub's log: remember which. A log that
	// changed under a kiosk that knew another is a new or restored hub
	// database, which may lack records it once acknowledged: everything
	// the kiosk still holds goes up again (the hub keeps each UUID once).
	if welcome.Log != "" && welcome.Log != knownLog {
		if _, err := c.DB.SwitchHubLog(ctx, welcome.Log, knownLog != ""); err != nil {
			return err
		}
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
	backlog, _ := c.DB.OutboxBacklog(ctx)
	if err := c.send(&wire.Bye{Cursor: cursor, Backlog: backlog}); err != nil {
		return err
	}
	// Wait briefly for the hub's close so it has recorded the bye.
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	conn.ReadMessage()
	return c.afterSync(ctx)
}

// dial opens the websocket to the hub with the kiosk's token, with the
// read limit and a pong handler that extends the read deadline.
func (c *Client) dial(ctx context.Context) (*websocket.Conn, error) {
	addr, err := c.wsURL()
	if err != nil {
		return nil, err
	}
	d := websocket.Dialer{HandshakeTimeout: 20 * time.Second, TLSClientConfig: c.tlsConfig(), EnableCompression: false, Proxy: http.ProxyFromEnvironment}
	hdr := http.Header{"Authorization": {"Bearer " + c.Token}}
	conn, resp, err := d.DialContext(ctx, addr, hdr)
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			defer resp.Body.Close()
			return nil, fmt.Errorf("connect to hub: %w", refusal(resp))
		}
		return nil, fmt.Errorf("connect to hub: %w: %w", errConnection, err)
	}
	conn.SetReadLimit(wire.MaxMessage)
	conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(c.ReadTimeout)) })
	return conn, nil
}

// keepAlive pings the hub every PingEvery until stop is closed, and closes
// the connection when ctx ends, which unblocks the reader.
func (c *Client) keepAlive(ctx context.Context, conn *websocket.Conn, stop <-chan struct{}) {
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
}

// hello says who the kiosk is and where it stands, and reads the hub's
// welcome (with the first batch) or refusal. It returns the welcome and the
// hub log the kiosk's cursor counted in before.
func (c *Client) hello(ctx context.Context) (*wire.Welcome, string, error) {
	cursor, err := c.DB.Cursor(ctx)
	if err != nil {
		return nil, "", err
	}
	backlog, err := c.DB.OutboxBacklog(ctx)
	if err != nil {
		return nil, "", err
	}
	snap, err := c.DB.Snapshot(ctx)
	if err != nil {
		return nil, "", err
	}
	state, err := c.DB.SyncState(ctx)
	if err != nil {
		return nil, "", err
	}
	last, err := c.lastError(ctx)
	if err != nil {
		return nil, "", err
	}
	hello := &wire.Hello{Kiosk: c.KioskID, App: AppVersion, Versions: wire.Versions, Cursor: cursor, Log: state[store.StateLog],
		Backlog: backlog, Snapshot: snap, LastError: last}
	if err := c.send(hello); err != nil {
		return nil, "", err
	}
	msg, err := c.read()
	if err != nil {
		return nil, "", err
	}
	var welcome *wire.Welcome
	switch m := msg.(type) {
	case *wire.Welcome:
		welcome = m
		if err := c.DB.RecordHubTime(ctx, m.HubTime); err != nil { // the kiosk works in hub time (store.DB.Now)
			return nil, "", err
		}
	case *wire.Refused:
		return nil, "", &RefusedError{Code: m.Code, Message: m.Message}
	default:
		return nil, "", fmt.Errorf("%w: hub answered hello with %s", wire.ErrBadMessage, typeName(msg))
	}
	if !wire.Speaks(welcome.Version) || len(welcome.Log) > 64 {
		return nil, "", fmt.Errorf("%w: hub chose version %d, this kiosk speaks %v", wire.ErrBadMessage, welcome.Version, wire.Versions)
	}
	c.HubTime = welcome.HubTime
	return welcome, state[store.StateLog], nil
}

// afterSync is the kiosk's housekeeping once a sync ended well: the
// sample content goes at the first sync, residents' data past its
// retention goes, blobs nothing names any more go, and missing ones are
// fetched.
func (c *Client) afterSync(ctx context.Context) error {
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
	msg     any
	n       int
	err     error
	changes []store.Change // a batch's items, decoded for the store
}

// receive reads and decodes one message. It touches no shared state, so it
// may run on its own goroutine while a batch is applied.
func (c *Client) receive() received {
	c.conn.SetReadDeadline(time.Now().Add(c.ReadTimeout))
	mt, data, err := c.conn.ReadMessage()
	if err != nil {
		var ce *websocket.CloseError
		if errors.As(err, &ce) && ce.Text != "" {
			return received{err: fmt.Errorf("hub closed the connection: %s (%d): %w", ce.Text, ce.Code, errConnection)}
		}
		return received{err: fmt.Errorf("read from hub: %w: %w", errConnection, err)}
	}
	if mt != websocket.TextMessage {
		return received{n: len(data), err: fmt.Errorf("%w: a binary frame from the hub", wire.ErrBadMessage)}
	}
	msg, err := wire.Decode(data)
	if e, ok := msg.(*wire.Error); ok {
		return received{n: len(data), err: &HubError{Code: e.Code, Message: e.Message}}
	}
	r := received{msg: msg, n: len(data), err: err}
	if b, ok := msg.(*wire.Batch); ok {
		r.changes = c.decodeItems(b)
	}
	return r
}

// decodeItems turns a batch's items into store changes: what the kiosk
// cannot use is marked, logged, and applied as a deletion (see
// store.Change). It runs on the reading goroutine, beside the apply.
func (c *Client) decodeItems(b *wire.Batch) []store.Change {
	changes := make([]store.Change, 0, len(b.Items))
	for _, it := range b.Items {
		ch := store.DecodeChange(it.Kind, it.ID, it.Deleted, it.Data, it.Hash)
		if ch.Invalid != nil {
			c.Logger.Warn("skipped an item the kiosk cannot use", "seq", it.Seq, "err", ch.Invalid)
		}
		changes = append(changes, ch)
	}
	return changes
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
func (c *Client) pull(ctx context.Context, b *wire.Batch, changes []store.Change) (int64, error) {
	if changes == nil {
		changes = c.decodeItems(b)
	}
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
		if err := c.apply(ctx, b, changes); err != nil {
			if next != nil {
				c.conn.Close() // ends the read; the sync fails anyway
				<-next
			}
			return 0, err
		}
		if !b.More {
			return b.Cursor, nil
		}
		r := <-next
		msg, err := c.count(r)
		if err != nil {
			return 0, err
		}
		nb, ok := msg.(*wire.Batch)
		if !ok {
			return 0, fmt.Errorf("%w: hub answered pull with %s", wire.ErrBadMessage, typeName(msg))
		}
		b, changes = nb, r.changes
	}
}

func (c *Client) readAndPull(ctx context.Context) (int64, error) {
	msg, err := c.read()
	if err != nil {
		return 0, err
	}
	b, ok := msg.(*wire.Batch)
	if !ok {
		return 0, fmt.Errorf("%w: hub answered pull with %s", wire.ErrBadMessage, typeName(msg))
	}
	return c.pull(ctx, b, nil)
}

func (c *Client) apply(ctx context.Context, b *wire.Batch, changes []store.Change) error {
	if err := c.DB.ApplyChanges(ctx, changes, b.Cursor, b.Reset, b.More); err != nil {
		return err
	}
	c.res.Pulled += len(b.Items)
	c.res.Reset = c.res.Reset || b.Reset
	c.prog.Items += len(b.Items)
	c.report("pull")
	return nil
}

// typeName names a protocol message for an error.
func typeName(msg any) string {
	if msg == nil {
		return "nothing"
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", msg), "*wire.")
}

// recordOverhead is what a record adds to a push besides its payload:
// sequence, id, kind, keys and punctuation, generously.
const recordOverhead = 160

// push sends the outbox in order until the hub has settled all of it:
// acknowledged each record, or refused it (the refusal is kept for staff
// and the record is never sent again). A push stays under wire's limits.
// When the hub defers the rest (the kiosk's daily quota), pushing stops
// until the next sync.
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
		size := 64
		for _, it := range items {
			n := len(it.Payload) + recordOverhead
			if len(p.Records) > 0 && size+n > wire.MaxPushBytes {
				break
			}
			size += n
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
			return total, fmt.Errorf("%w: hub answered push with %s", wire.ErrBadMessage, typeName(msg))
		}
		first, last := p.Records[0].Seq, p.Records[len(p.Records)-1].Seq
		if ack.Upto > last || (ack.Upto < first && ack.Defer == nil) {
			return total, fmt.Errorf("%w: hub acknowledged up to %d, outside %d–%d", wire.ErrBadMessage, ack.Upto, first, last)
		}
		var refused []store.Refusal
		sent := map[int64]bool{}
		for _, r := range p.Records {
			sent[r.Seq] = true
		}
		for _, r := range ack.Refused {
			if !sent[r.Seq] || r.Seq > ack.Upto {
				return total, fmt.Errorf("%w: hub refused record %d, which this push did not carry", wire.ErrBadMessage, r.Seq)
			}
			c.Logger.Warn("the hub refused a record", "seq", r.Seq, "reason", string(r.Reason), "message", r.Message)
			refused = append(refused, store.Refusal{Seq: r.Seq, Reason: r.Reason, Message: r.Message})
		}
		if ack.Upto >= first {
			if err := c.DB.AckOutbox(ctx, ack.Upto, refused...); err != nil {
				return total, err
			}
		}
		n := 0
		for _, r := range p.Records {
			if r.Seq <= ack.Upto {
				n++
			}
		}
		total += n
		c.res.Pushed += n
		c.res.Refused += len(refused)
		c.prog.Records += n
		c.report("push")
		if ack.Defer != nil {
			c.Logger.Warn("the hub deferred the rest of the outbox", "reason", string(ack.Defer.Reason), "message", ack.Defer.Message)
			c.res.Deferred = ack.Defer.Message
			return total, nil
		}
	}
}
