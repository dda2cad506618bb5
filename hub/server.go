package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/shinan-alliance/alliance/wire"
)

// Close codes beyond the standard ones, so a kiosk can tell staff why.
const (
	CloseUpgradeRequired = 4001
	CloseBadMessage      = 4002
)

// Server serves kiosks: the websocket at /sync, blobs at /blobs/{sha256},
// enrolment at /enroll and a health check at /healthz.
type Server struct {
	DB     *DB
	Logger *slog.Logger

	// HelloTimeout bounds how long a connection may stay silent before its
	// first message; ReadTimeout bounds the silence between messages
	// afterwards (pings count). Slow or stuck clients are dropped.
	HelloTimeout time.Duration
	ReadTimeout  time.Duration

	// FailedAuthPerMinute is how many failed token or code attempts one
	// address may make per minute before it is refused outright.
	FailedAuthPerMinute int

	// BatchItems bounds the items in one batch (default and maximum
	// wire.MaxBatchItems). Smaller batches mean more, smaller commits.
	BatchItems int

	once     sync.Once
	ctx      context.Context
	cancel   context.CancelFunc
	sessions sync.WaitGroup
	mu       sync.Mutex
	failures map[string]*rate.Limiter
	upgrader websocket.Upgrader
	live     map[*session]struct{} // guarded by mu
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
		if s.FailedAuthPerMinute == 0 {
			s.FailedAuthPerMinute = 10
		}
		s.ctx, s.cancel = context.WithCancel(context.Background())
		s.failures = map[string]*rate.Limiter{}
		s.live = map[*session]struct{}{}
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

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// blocked reports whether an address has used up its failed attempts.
func (s *Server) blocked(ip string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.failures[ip]
	return ok && l.Tokens() < 1
}

func (s *Server) failed(ip string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.failures[ip]
	if !ok {
		l = rate.NewLimiter(rate.Limit(float64(s.FailedAuthPerMinute)/60), s.FailedAuthPerMinute)
		s.failures[ip] = l
	}
	l.Allow()
}

func writeJSONError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(wire.Error{Code: code, Message: msg})
}

// authenticate checks the bearer token; it answers the request itself when
// the token is missing or wrong.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	ip := remoteIP(r)
	if s.blocked(ip) {
		writeJSONError(w, http.StatusTooManyRequests, wire.CodeUnauthorized, "too many failed attempts from this address; try again later")
		return "", false
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	kiosk, err := s.DB.Authenticate(r.Context(), strings.TrimSpace(token))
	if !ok || err != nil {
		if errors.Is(err, ErrUnauthorized) || !ok {
			s.failed(ip)
			writeJSONError(w, http.StatusUnauthorized, wire.CodeUnauthorized, "this kiosk is not enrolled, or its enrolment was revoked")
			return "", false
		}
		s.Logger.Error("authenticate", "err", err)
		writeJSONError(w, http.StatusInternalServerError, wire.CodeInternal, "hub error")
		return "", false
	}
	return kiosk, true
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (s *Server) serveBlob(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.authenticate(w, r); !ok {
		return
	}
	sha := r.PathValue("sha")
	if !shaPattern.MatchString(sha) {
		http.Error(w, "not a SHA-256", http.StatusBadRequest)
		return
	}
	data, mime, err := s.DB.BlobData(r.Context(), sha)
	if err != nil {
		http.Error(w, "no such blob", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", mime)
	w.Header().Set("ETag", `"`+sha+`"`)
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	// ServeContent answers Range requests, so a kiosk resumes a transfer.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// EnrollRequest and EnrollResponse are the body of POST /enroll.
type EnrollRequest struct {
	Code string `json:"code"`
}

// EnrollResponse carries the kiosk's identity and token.
type EnrollResponse struct {
	KioskID   string `json:"kiosk_id"`
	Community string `json:"community"`
	Token     string `json:"token"`
}

func (s *Server) serveEnroll(w http.ResponseWriter, r *http.Request) {
	ip := remoteIP(r)
	if s.blocked(ip) {
		writeJSONError(w, http.StatusTooManyRequests, wire.CodeUnauthorized, "too many failed attempts from this address; try again later")
		return
	}
	var req EnrollRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&req); err != nil {
		writeJSONError(w, http.StatusBadRequest, wire.CodeBadMessage, "want {\"code\": \"…\"}")
		return
	}
	id, community, token, err := s.DB.Join(r.Context(), req.Code)
	if errors.Is(err, ErrUnauthorized) {
		s.failed(ip)
		writeJSONError(w, http.StatusUnauthorized, wire.CodeUnauthorized, "the enrolment code is wrong, used or expired")
		return
	}
	if err != nil {
		s.Logger.Error("enroll", "err", err)
		writeJSONError(w, http.StatusInternalServerError, wire.CodeInternal, "hub error")
		return
	}
	s.Logger.Info("kiosk joined", "kiosk", id, "community", community)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(EnrollResponse{KioskID: id, Community: community, Token: token})
}

func (s *Server) serveSync(w http.ResponseWriter, r *http.Request) {
	if s.ctx.Err() != nil {
		writeJSONError(w, http.StatusServiceUnavailable, wire.CodeShuttingDown, "hub is restarting; try again shortly")
		return
	}
	kiosk, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the request
	}
	s.sessions.Add(1)
	defer s.sessions.Done()
	defer conn.Close()
	sess := &session{s: s, conn: conn, kiosk: kiosk, log: s.Logger.With("kiosk", kiosk)}
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
	s     *Server
	conn  *websocket.Conn
	kiosk string
	log   *slog.Logger
	app   string
}

func (ss *session) send(msg any) error {
	b, err := wire.Encode(msg)
	if err != nil {
		return err
	}
	ss.conn.SetWriteDeadline(time.Now().Add(30 * time.Second))
	return ss.conn.WriteMessage(websocket.TextMessage, b)
}

func (ss *session) close(code int, reason string) {
	ss.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(5*time.Second))
}

// refuse tells the kiosk why, in a message and in the close frame.
func (ss *session) refuse(code int, wcode, msg string) {
	ss.send(&wire.Refused{Code: wcode, Message: msg})
	ss.close(code, msg)
}

func (ss *session) read(timeout time.Duration) (any, error) {
	ss.conn.SetReadDeadline(time.Now().Add(timeout))
	_, data, err := ss.conn.ReadMessage()
	if err != nil {
		return nil, err
	}
	return wire.Decode(data)
}

func (ss *session) run() {
	c := ss.conn
	c.SetReadLimit(wire.MaxMessage)
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
		ss.refuse(CloseBadMessage, wire.CodeBadMessage, "a sync starts with hello")
		return
	}
	if hello.Kiosk != ss.kiosk {
		ss.refuse(CloseBadMessage, wire.CodeBadMessage, "hello names another kiosk than the token")
		return
	}
	version := wire.Choose(hello.Versions)
	if version == 0 {
		ss.refuse(CloseUpgradeRequired, wire.CodeUpgradeRequired, "this kiosk's program is too old for the hub: please update it")
		return
	}
	ss.app = hello.App
	batch, err := ss.s.DB.Batch(ctx, ss.kiosk, hello.Cursor, ss.s.BatchItems, hello.Snapshot || hello.Cursor == 0)
	if err != nil {
		ss.internal(err)
		return
	}
	if err := ss.send(&wire.Welcome{Version: version, HubTime: ss.s.DB.Now().UTC(), Batch: batch}); err != nil {
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
		switch m := msg.(type) {
		case *wire.Pull:
			b, err := ss.s.DB.Batch(ctx, ss.kiosk, m.After, ss.s.BatchItems, m.Snapshot)
			if err != nil {
				ss.internal(err)
				return
			}
			if err := ss.send(&b); err != nil {
				return
			}
		case *wire.Push:
			upto, err := ss.s.DB.Accept(ctx, ss.kiosk, m.Records)
			if err != nil {
				ss.internal(err)
				return
			}
			if err := ss.send(&wire.Pushed{Upto: upto}); err != nil {
				return
			}
		case *wire.Bye:
			if err := ss.s.DB.Seen(context.Background(), ss.kiosk, ss.app, m.Cursor, m.Backlog); err != nil {
				ss.log.Error("record kiosk status", "err", err)
			}
			ss.close(websocket.CloseNormalClosure, "done")
			return
		default:
			ss.refuse(CloseBadMessage, wire.CodeBadMessage, "unexpected message")
			return
		}
	}
}

// fail closes after a read error with the reason the kiosk should see.
func (ss *session) fail(err error) {
	var ce *websocket.CloseError
	switch {
	case errors.As(err, &ce):
		return // the kiosk closed
	case errors.Is(err, websocket.ErrReadLimit):
		ss.close(websocket.CloseMessageTooBig, "message too big")
	case errors.Is(err, wire.ErrBadMessage):
		ss.log.Warn("bad message", "err", err)
		ss.refuse(CloseBadMessage, wire.CodeBadMessage, err.Error())
	default:
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			ss.close(websocket.ClosePolicyViolation, "too slow")
		}
	}
}

func (ss *session) internal(err error) {
	if errors.Is(err, context.Canceled) {
		ss.close(websocket.CloseGoingAway, "hub is restarting")
		return
	}
	ss.log.Error("sync", "err", err)
	ss.close(websocket.CloseInternalServerErr, "hub error")
}
