package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/wire"
)

// Server serves kiosks: the websocket at /sync, blobs at /blobs/{sha256},
// enrolment at /enroll and a health check at /healthz. Its zero values are
// sensible defaults; set fields before the first call to Handler.
type Server struct {
	DB     *DB
	Logger *slog.Logger
	// Metrics, if set, counts connections, syncs, records and bytes.
	Metrics *Metrics

	// HelloTimeout bounds how long a connection may stay silent before its
	// first message; ReadTimeout bounds the silence between messages
	// afterwards (pings count); WriteTimeout bounds one message written to
	// a kiosk: a client that stops reading is dropped after it.
	HelloTimeout time.Duration
	ReadTimeout  time.Duration
	WriteTimeout time.Duration

	// FailedAuthPerMinute is how many failed token or code attempts one
	// address may make per minute before it is refused; a request with a
	// valid token is never refused for its address's failures.
	// FailedEnrolPerMinute bounds failed enrolment codes from all
	// addresses together: the code space, not the guesser, is protected.
	FailedAuthPerMinute  int
	FailedEnrolPerMinute int

	// TrustedProxies are the addresses of reverse proxies (a TLS proxy in
	// front of the hub) whose X-Forwarded-For header names the client.
	// Requests from other addresses are taken at their own address.
	TrustedProxies []netip.Prefix

	// SessionsPerKiosk bounds the syncs one kiosk may have open at once
	// (default 2); MaxSessions bounds all of them (default 20,000).
	SessionsPerKiosk int
	MaxSessions      int
	// SendSlots bounds how many sessions may be building or writing a batch
	// at once (default 8): the hub's memory for batches stays bounded
	// however many kiosks connect and however slowly they read.
	SendSlots int

	// Quota bounds what one kiosk may push in a day (DefaultQuota).
	Quota Quota

	// BatchItems bounds the items in one batch (default and maximum
	// wire.MaxBatchItems). Smaller batches mean more, smaller commits.
	BatchItems int

	once      sync.Once
	ctx       context.Context
	cancel    context.CancelFunc
	sessions  sync.WaitGroup
	mu        sync.Mutex
	failures  map[string]*rate.Limiter // by address, guarded by mu
	enrolFail *rate.Limiter
	pruned    time.Time // guarded by mu
	upgrader  websocket.Upgrader
	live      map[*session]struct{} // guarded by mu
	perKiosk  map[string]int        // guarded by mu
	slots     chan struct{}
}

func (s *Server) init() {
	s.once.Do(func() {
		if s.Logger == nil {
			s.Logger = slog.Default()
		}
		if s.HelloTimeout == 0 {
			s.HelloTimeout = 15 * time.Second
		}
		if s.ReadTimeout == 0 {
			s.ReadTimeout = 60 * time.Second
		}
		if s.WriteTimeout == 0 {
			s.WriteTimeout = 30 * time.Second
		}
		if s.FailedAuthPerMinute == 0 {
			s.FailedAuthPerMinute = 10
		}
		if s.FailedEnrolPerMinute == 0 {
			s.FailedEnrolPerMinute = 60
		}
		if s.SessionsPerKiosk == 0 {
			s.SessionsPerKiosk = 2
		}
		if s.MaxSessions == 0 {
			s.MaxSessions = 20_000
		}
		if s.SendSlots == 0 {
			s.SendSlots = 8
		}
		s.slots = make(chan struct{}, s.SendSlots)
		s.ctx, s.cancel = context.WithCancel(context.Background())
		s.failures = map[string]*rate.Limiter{}
		s.enrolFail = rate.NewLimiter(rate.Limit(float64(s.FailedEnrolPerMinute)/60), s.FailedEnrolPerMinute)
		s.live = map[*session]struct{}{}
		s.perKiosk = map[string]int{}
		s.upgrader = websocket.Upgrader{
			HandshakeTimeout: 10 * time.Second,
			ReadBufferSize:   1024,
			WriteBufferSize:  1024,
			// Idle connections hold no write buffer: they borrow one
			// from the pool only while writing.
			WriteBufferPool:   &sync.Pool{},
			EnableCompression: false,
			CheckOrigin:       func(*http.Request) bool { return true }, // kiosks are not browsers; the token is the check
		}
	})
}

// Handler returns the hub's HTTP routes.
func (s *Server) Handler() http.Handler {
	s.init()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sync", s.serveSync)
	mux.HandleFunc("GET /blobs/{sha}", s.serveBlob)
	mux.HandleFunc("POST /enroll", s.serveEnroll)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.DB.read.PingContext(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})
	return mux
}

// Shutdown stops accepting syncs and waits for open ones to end: each
// finishes the transaction it is in, then closes with "going away". A
// session waiting for its kiosk's next message is woken at once; whatever
// it had committed stays, and the kiosk resends anything unacknowledged.
func (s *Server) Shutdown(ctx context.Context) error {
	s.init()
	s.cancel()
	s.mu.Lock()
	for ss := range s.live {
		ss.close(websocket.CloseGoingAway, "hub is restarting")
		ss.conn.SetReadDeadline(time.Now())
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.sessions.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ClientIP is the address a request comes from, as clientIP tells it: for
// the console's login throttling and audit log.
func (s *Server) ClientIP(r *http.Request) string {
	s.init()
	return s.clientIP(r)
}

// clientIP is the address a request comes from: its peer, or, when the
// peer is a trusted proxy, the last address in X-Forwarded-For that is not
// a trusted proxy itself.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		if h == "" {
			continue
		}
		if !s.trusted(h) {
			return h
		}
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range s.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// blocked reports whether an address has used up its failed attempts.
func (s *Server) blocked(ip string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.failures[ip]
	return ok && l.Tokens() < 1
}

// failed counts a failed attempt against an address, and logs it without
// the secret tried.
func (s *Server) failed(ip, what string) {
	s.Logger.Warn("failed authentication", "what", what, "addr", ip)
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.failures[ip]
	if !ok {
		l = rate.NewLimiter(rate.Limit(float64(s.FailedAuthPerMinute)/60), s.FailedAuthPerMinute)
		s.failures[ip] = l
	}
	l.Allow()
	if now := time.Now(); now.Sub(s.pruned) > time.Minute || len(s.failures) > 10_000 {
		s.prune(now)
	}
}

// prune forgets addresses whose budget has refilled by now: they carry no
// information, and a scan from many addresses must not grow the table for
// ever. Called with mu held.
func (s *Server) prune(now time.Time) {
	s.pruned = now
	for a, l := range s.failures {
		if l.TokensAt(now) >= float64(s.FailedAuthPerMinute) {
			delete(s.failures, a)
		}
	}
}

// FailureEntries counts the addresses whose failed attempts are remembered.
func (s *Server) FailureEntries() int {
	s.init()
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.failures)
}

func writeJSONError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "60")
	}
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(wire.Error{Code: code, Message: msg})
}

// authenticate checks the bearer token; it answers the request itself when
// the token is missing or wrong. A valid token is accepted whatever its
// address did: kiosks behind one NAT or proxy are not locked out by one
// another, and a 256-bit token cannot be guessed anyway.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (kiosk, token string, ok bool) {
	ip := s.clientIP(r)
	token, hasBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	token = strings.TrimSpace(token)
	if hasBearer && token != "" {
		kiosk, err := s.DB.Authenticate(r.Context(), token)
		if err == nil {
			return kiosk, token, true
		}
		if !errors.Is(err, ErrUnauthorized) {
			s.Logger.Error("authenticate", "err", err)
			writeJSONError(w, http.StatusInternalServerError, wire.CodeInternal, "hub error")
			return "", "", false
		}
	}
	if s.blocked(ip) {
		writeJSONError(w, http.StatusTooManyRequests, wire.CodeTooManyAttempts, "too many failed attempts from this address; try again later")
		return "", "", false
	}
	s.failed(ip, "token")
	writeJSONError(w, http.StatusUnauthorized, wire.CodeUnauthorized, "this kiosk is not enrolled, or its enrolment was revoked")
	return "", "", false
}

func (s *Server) serveBlob(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := s.authenticate(w, r); !ok {
		return
	}
	sha := r.PathValue("sha")
	if !alliance.SHA256Pattern.MatchString(sha) {
		writeJSONError(w, http.StatusBadRequest, wire.CodeBadMessage, "not a SHA-256: 64 lowercase hex digits")
		return
	}
	data, mime, err := s.DB.BlobData(r.Context(), sha)
	if errors.Is(err, alliance.ErrNotFound) {
		writeJSONError(w, http.StatusNotFound, wire.CodeBadMessage, "no such blob")
		return
	}
	if err != nil {
		s.Logger.Error("blob", "sha256", sha, "err", err)
		writeJSONError(w, http.StatusInternalServerError, wire.CodeInternal, "hub error")
		return
	}
	w.Header().Set("Content-Type", mime)
	w.Header().Set("ETag", `"`+sha+`"`)
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	// ServeContent answers Range requests, so a kiosk resumes a transfer.
	cw := &countingWriter{ResponseWriter: w}
	http.ServeContent(cw, r, "", time.Time{}, bytes.NewReader(data))
	s.Metrics.addBytes("out", "blobs", cw.n)
}

// countingWriter counts the bytes of a response's body.
type countingWriter struct {
	http.ResponseWriter
	n int
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += n
	return n, err
}

func (s *Server) serveEnroll(w http.ResponseWriter, r *http.Request) {
	ip := s.clientIP(r)
	if s.blocked(ip) || s.enrolFail.Tokens() < 1 {
		writeJSONError(w, http.StatusTooManyRequests, wire.CodeTooManyAttempts, "too many failed enrolment attempts; try again in a few minutes")
		return
	}
	var req wire.EnrollRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.Code == "" {
		writeJSONError(w, http.StatusBadRequest, wire.CodeBadMessage, `want {"code": "ACDE-FGH3"}`)
		return
	}
	id, community, token, err := s.DB.Join(r.Context(), req.Code)
	if errors.Is(err, ErrUnauthorized) {
		s.Metrics.enrolment("refused")
		s.enrolFail.Allow()
		s.failed(ip, "enrolment code")
		writeJSONError(w, http.StatusUnauthorized, wire.CodeUnauthorized, "the enrolment code is wrong, used or expired")
		return
	}
	if err != nil {
		s.Logger.Error("enroll", "err", err)
		writeJSONError(w, http.StatusInternalServerError, wire.CodeInternal, "hub error")
		return
	}
	s.Metrics.enrolment("joined")
	s.Logger.Info("kiosk joined", "kiosk", id, "community", community)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(wire.EnrollResponse{KioskID: id, Community: community, Token: token})
}

// admit counts a new session for a kiosk, or says why it may not open.
func (s *Server) admit(kiosk string) (release func(), ok bool, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.live) >= s.MaxSessions {
		return nil, false, "the hub is busy; try again later"
	}
	if s.perKiosk[kiosk] >= s.SessionsPerKiosk {
		return nil, false, "this kiosk already has " + strconv.Itoa(s.perKiosk[kiosk]) + " syncs open; try again when they end"
	}
	s.perKiosk[kiosk]++
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.perKiosk[kiosk]--; s.perKiosk[kiosk] <= 0 {
			delete(s.perKiosk, kiosk)
		}
	}, true, ""
}

func (s *Server) serveSync(w http.ResponseWriter, r *http.Request) {
	if s.ctx.Err() != nil {
		writeJSONError(w, http.StatusServiceUnavailable, wire.CodeShuttingDown, "hub is restarting; try again shortly")
		return
	}
	kiosk, token, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	release, ok, why := s.admit(kiosk)
	if !ok {
		writeJSONError(w, http.StatusTooManyRequests, wire.CodeBusy, why)
		return
	}
	defer release()
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the request
	}
	s.sessions.Add(1)
	defer s.sessions.Done()
	defer conn.Close()
	sess := &session{s: s, conn: conn, kiosk: kiosk, token: token, log: s.Logger.With("kiosk", kiosk), outcome: "failed"}
	s.Metrics.connOpened()
	defer func(start time.Time) { s.Metrics.connClosed(start, sess.outcome) }(time.Now())
	s.mu.Lock()
	s.live[sess] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.live, sess)
		s.mu.Unlock()
	}()
	if s.ctx.Err() != nil { // shutdown began while we upgraded
		sess.close(websocket.CloseGoingAway, "hub is restarting")
		return
	}
	sess.run()
}

// session is one kiosk's sync. Its goroutine is the connection's only
// writer of data frames; pongs are control frames, which gorilla lets the
// read side write concurrently.
type session struct {
	s       *Server
	conn    *websocket.Conn
	kiosk   string
	token   string
	log     *slog.Logger
	app     string
	version int // the protocol version chosen at hello
	// outcome is how the sync ended, for the metrics: done (bye),
	// refused, or failed.
	outcome string
}

// send writes one message within the write timeout. Batches take one of
// the server's send slots while they are built and written.
func (ss *session) send(msg any) error {
	b, err := wire.Encode(msg)
	if err != nil {
		return err
	}
	ss.conn.SetWriteDeadline(time.Now().Add(ss.s.WriteTimeout))
	ss.s.Metrics.addBytes("out", "websocket", len(b))
	return ss.conn.WriteMessage(websocket.TextMessage, b)
}

// sendBatch builds a batch and sends it while holding a send slot.
func (ss *session) sendBatch(ctx context.Context, wrap func(wire.Batch) any, after int64, snapshot, reset bool) error {
	select {
	case ss.s.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-ss.s.slots }()
	b, err := ss.s.DB.BatchFor(ctx, ss.kiosk, ss.version, after, ss.s.BatchItems, snapshot)
	if err != nil {
		return err
	}
	b.Reset = b.Reset || reset
	return ss.send(wrap(b))
}

// close sends a close frame. Its reason must fit a control frame (123
// bytes): a longer one is cut, at a character boundary.
func (ss *session) close(code int, reason string) {
	reason = sanitize(reason, 120)
	ss.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(5*time.Second))
}

// refuse tells the kiosk why, in a message and in the close frame.
func (ss *session) refuse(code int, wcode, msg string) {
	ss.outcome = "refused"
	_ = ss.send(&wire.Refused{Code: wcode, Message: msg}) // best effort: the close frame says it too
	ss.close(code, msg)
}

// errBinary is a binary frame: the protocol speaks text frames only.
var errBinary = errors.New("binary frame: messages are JSON text frames")

func (ss *session) read(timeout time.Duration) (any, error) {
	ss.conn.SetReadDeadline(time.Now().Add(timeout))
	mt, data, err := ss.conn.ReadMessage()
	if err != nil {
		return nil, err
	}
	ss.s.Metrics.addBytes("in", "websocket", len(data))
	if mt != websocket.TextMessage {
		return nil, errBinary
	}
	return wire.Decode(data)
}

// readLimit is the largest message a kiosk sends: a push, with room for
// its envelope. Anything larger closes the connection before it is read.
const readLimit = wire.MaxPushBytes + 4096

func (ss *session) run() {
	c := ss.conn
	c.SetReadLimit(readLimit)
	c.SetPingHandler(func(data string) error {
		c.SetReadDeadline(time.Now().Add(ss.s.ReadTimeout))
		return c.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(5*time.Second))
	})
	ctx := ss.s.ctx
	msg, err := ss.read(ss.s.HelloTimeout)
	if err != nil {
		ss.fail(err)
		return
	}
	hello, ok := msg.(*wire.Hello)
	if !ok {
		ss.refuse(wire.CloseBadMessage, wire.CodeBadMessage, "a sync starts with hello")
		return
	}
	if hello.Kiosk != ss.kiosk {
		ss.refuse(wire.CloseBadMessage, wire.CodeBadMessage, "hello names another kiosk than the token")
		return
	}
	if err := ss.s.DB.Hello(ctx, ss.kiosk, hello.App, hello.LastError); err != nil {
		ss.internal(err)
		return
	}
	if hello.LastError != nil {
		ss.log.Warn("kiosk reports failing syncs", "code", sanitize(hello.LastError.Code, 32), "since", hello.LastError.Since)
	}
	version := wire.Choose(hello.Versions)
	if version == 0 {
		ss.refuse(wire.CloseUpgradeRequired, wire.CodeUpgradeRequired,
			"this kiosk's program is too old for the hub (it speaks sync protocol "+versions(hello.Versions)+", the hub "+versions(wire.Versions)+"): install the new kiosk program, then sync again · 本机程序版本过旧，请更新本机程序后再同步")
		return
	}
	ss.app, ss.version = hello.App, version
	logID, err := ss.s.DB.LogID(ctx)
	if err != nil {
		ss.internal(err)
		return
	}
	after, snapshot, reset := hello.Cursor, hello.Snapshot || hello.Cursor == 0, false
	if hello.Log != "" && hello.Log != logID {
		// The cursor counts in another log: start this kiosk afresh.
		after, snapshot, reset = 0, true, true
	}
	sendLog := logID
	if hello.Log == logID {
		sendLog = "" // the kiosk knows it: a quiet night stays a few hundred bytes
	}
	welcome := func(b wire.Batch) any {
		return &wire.Welcome{Version: version, HubTime: ss.s.DB.Now().UTC().Truncate(time.Second), Log: sendLog, Batch: b}
	}
	if err := ss.sendBatch(ctx, welcome, after, snapshot, reset); err != nil {
		ss.internal(err)
		return
	}
	for {
		if ctx.Err() != nil {
			ss.close(websocket.CloseGoingAway, "hub is restarting")
			return
		}
		msg, err := ss.read(ss.s.ReadTimeout)
		if err != nil {
			ss.fail(err)
			return
		}
		// A kiosk revoked while it syncs is stopped at its next message.
		if ok, err := ss.s.DB.StillAuthorized(ctx, ss.kiosk, ss.token); err != nil {
			ss.internal(err)
			return
		} else if !ok {
			ss.log.Warn("token revoked during a sync")
			_ = ss.send(&wire.Error{Code: wire.CodeUnauthorized, Message: "this kiosk's enrolment was revoked"}) // best effort, then close
			ss.close(wire.CloseUnauthorized, "enrolment revoked")
			return
		}
		switch m := msg.(type) {
		case *wire.Pull:
			if err := ss.sendBatch(ctx, func(b wire.Batch) any { return &b }, m.After, m.Snapshot, false); err != nil {
				ss.internal(err)
				return
			}
		case *wire.Push:
			pushed, err := ss.s.DB.Accept(ctx, ss.kiosk, m.Records, ss.s.Quota)
			if err != nil {
				ss.internal(err)
				return
			}
			ss.s.Metrics.pushed(m.Records, pushed)
			if len(pushed.Refused) > 0 {
				ss.log.Warn("refused records", "count", len(pushed.Refused), "first", string(pushed.Refused[0].Reason))
			}
			if err := ss.send(&pushed); err != nil {
				return
			}
		case *wire.Bye:
			if err := ss.s.DB.Seen(context.Background(), ss.kiosk, ss.app, m.Cursor, m.Backlog); err != nil {
				ss.log.Error("record kiosk status", "err", err)
			}
			ss.outcome = "done"
			ss.close(websocket.CloseNormalClosure, "done")
			return
		default:
			ss.refuse(wire.CloseBadMessage, wire.CodeBadMessage, "unexpected message")
			return
		}
	}
}

func versions(vs []int) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, strconv.Itoa(v))
	}
	return strings.Join(parts, ", ")
}

// fail closes after a read error with the reason the kiosk should see.
func (ss *session) fail(err error) {
	var ce *websocket.CloseError
	switch {
	case errors.As(err, &ce):
		return // the kiosk closed
	case errors.Is(err, websocket.ErrReadLimit):
		ss.close(websocket.CloseMessageTooBig, "message too big: a push is at most "+strconv.Itoa(wire.MaxPushBytes)+" bytes")
	case errors.Is(err, wire.ErrBadMessage), errors.Is(err, errBinary):
		ss.log.Warn("bad message", "err", err)
		ss.refuse(wire.CloseBadMessage, wire.CodeBadMessage, err.Error())
	default:
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			ss.close(websocket.ClosePolicyViolation, "too slow")
		}
	}
}

// internal reports a hub failure to the kiosk, then closes: nothing of the
// message being handled was kept, and the kiosk tries again later.
func (ss *session) internal(err error) {
	if errors.Is(err, context.Canceled) {
		ss.close(websocket.CloseGoingAway, "hub is restarting")
		return
	}
	ss.log.Error("sync", "err", err)
	_ = ss.send(&wire.Error{Code: wire.CodeInternal, Message: "the hub failed; nothing was lost, try again later"}) // best effort, then close
	ss.close(websocket.CloseInternalServerErr, "hub error")
}
