// Package wire is the sync protocol between a kiosk and the hub: the
// messages both ends exchange, their limits and versions. Both mirror/ (the
// kiosk side) and hub/ import it. This comment is the specification: an
// engineer should be able to write a second kiosk, in another language,
// from it and the example files in wire/testdata/ alone. Every "must" is
// enforced by the side that receives; every "the hub refuses" is tested.
//
// # Protocol versions 3 and 2
//
// Version 2 fixed every payload's JSON shape (version 1 used Go's field
// names, which a refactoring could change) and added per-record refusals,
// the kiosk's last error, the change log's id and deferred pushes. A kiosk
// that speaks only version 1 is refused with upgrade_required.
//
// Version 3 (the hub console, issue 10) adds what the people who answer
// residents do, in items a kiosk receives; no message and no pushed record
// changed shape:
//
//   - callback_status items: a call-back request's status as staff mark it
//     (requested, called, no_answer, done), to the kiosk it came from;
//   - three suggestion statuses: in_progress, transferred (to another
//     community; the reason is a reply the resident reads) and duplicate;
//   - two reasons a sign-up is cancelled by staff on her behalf:
//     staff_cancelled and no_show;
//   - reply_lookup items, to every kiosk: each suggestion's status and
//     replies sealed under its receipt and a 4-digit PIN, so the resident
//     reads her reply at any kiosk of the district (see "Looking up a reply
//     at any kiosk" below).
//
// Why a new version, when kiosks skip unknown kinds and count them: a
// version 2 kiosk would count every reply_lookup item of the district (tens
// of thousands) as "skipped" for staff, an alarm about nothing, and it
// stores a suggestion status it does not know as it is, showing residents a
// code instead of words. So the hub speaks both: a kiosk offering [3, 2]
// gets 3; a kiosk offering only [2] is served as before, and the hub keeps
// version 3 from it: no callback_status and no reply_lookup items, and the
// new suggestion statuses sent as the nearest it knows (in_progress as
// received, transferred as forwarded, duplicate as answered), re-hashed. A
// kiosk of version 3 accepts a Welcome of version 2 from an older hub and
// syncs as version 2.
//
// # Overview
//
// The hub publishes content (accounts, posts, places, phone numbers,
// events, images, lessons) in a change log. A kiosk mirrors the log: it
// pulls what changed since its cursor and applies it. Residents' records
// (sign-ups, suggestions, call-back requests, training records) are made at
// the kiosk, kept in its outbox, and pushed to the hub, which stores each
// once and sends its decisions back down the log, to that kiosk only.
//
// Four HTTP endpoints, all on the hub's base address (https://HUB):
//
//	POST /enroll            trade a one-time enrolment code for a token
//	GET  /sync              the websocket every sync runs on
//	GET  /blobs/{sha256}    an image's bytes, resumable
//	GET  /healthz           "ok" while the hub and its database work
//
// A kiosk must use https (wss) for a hub on another machine; plain http is
// for a hub on the same machine, or when staff explicitly allow it on a
// private network they trust (alliance-sync join --allow-http), because on
// an open network anyone on the path could feed the kiosk content.
//
// # Enrolment: POST /enroll
//
// An operator runs "alliance-sync enroll --name NAME --community ID" and
// gets a code like ACDE-FGH3: 8 characters from ACDEFGHJKMNPQRTUVWXY34679,
// shown with a dash, valid once for 24 hours. Staff type it on the kiosk in
// any case, with or without the dash. The kiosk sends (EnrollRequest)
//
//	POST /enroll
//	Content-Type: application/json
//
//	{"code": "ACDE-FGH3"}
//
// and gets 200 with (EnrollResponse)
//
//	{"kiosk_id": "0e7c6b5a-4d3c-4b2a-9180-7f6e5d4c3b2a", "community": "yanchenglu",
//	 "token": "q0Vb3m9yR1s8cXo2Z4F7uK5wP6tJ0hL3dN8aE1gC4iM"}
//
// It keeps all three: kiosk_id goes in every Hello, the token in every
// request (Authorization: Bearer TOKEN), community is the account id of its
// home community. The hub keeps only the token's SHA-256. Enrolling the same
// name again gives a new code; when it is used, the old token stops working
// (and a kiosk keeps its id). Errors are JSON Error bodies: 400
// bad_message (not {"code": "…"}), 401 unauthorized (wrong, used or expired
// code), 429 too_many_attempts (see Rate limits), 500 internal.
//
// # Trusting the hub
//
// A hub may serve with a certificate of its own (self-signed) rather than
// one the kiosk's system trusts. Kiosks then trust it by its key: the key
// pin (KeyPin) is the SHA-256 of the certificate's SubjectPublicKeyInfo,
// its first 8 bytes read as a big-endian number and written as 12 digits
// of the code alphabet (most significant first), grouped by four:
// KMNP-QRTU-VWXY. A hub that serves TLS prints its pin with every
// enrolment code, as three more groups of the code:
//
//	ACDE-FGH3-KMNP-QRTU-VWXY     (code ACDE-FGH3, pin KMNP-QRTU-VWXY)
//
// The kiosk splits what staff typed (SplitCode: 20 characters of the
// alphabet, dashes and spaces ignored, any case), sends only the code in
// EnrollRequest, and checks the pin itself during the TLS handshake,
// before anything is sent:
//
//   - a certificate the system trusts for the hub's name is accepted (and
//     must have the code's pin, if the code carries one); the kiosk pins
//     nothing, so the hub may renew it with new keys;
//   - any other certificate is accepted only if its key has the pin, which
//     the kiosk then keeps and requires at every later connection (the
//     websocket and /blobs alike), whatever signed the certificate and
//     whenever it expires. A hub renewing its certificate keeps its key,
//     and so its pin; a hub with a new key must enrol its kiosks again;
//   - without a pin, a certificate the system does not trust is refused
//     and its pin shown: staff compare it with the one printed with the
//     code and, if they match, join again with it (the staff panel adds it
//     to the code).
//
// A key that does not match is refused with both pins named and nothing
// sent; the enrolment code is not used up. Nothing on the wire changes:
// the pin never travels, it is compared with what TLS presents.
//
// # Messages
//
// A sync is one websocket at wss://HUB/sync, opened with the header
// "Authorization: Bearer TOKEN". Before upgrading, the hub answers a
// missing, unknown or revoked token with 401 (Error body, code
// unauthorized), too many open syncs with 429 (code busy), too many failed
// attempts from the address with 429 (too_many_attempts), a restart in
// progress with 503 (shutting_down); 429 and 503 carry Retry-After.
//
// Every message is one text frame (binary frames are refused) holding one
// JSON object, the envelope, and nothing after it:
//
//	{"type": "hello", "body": {…}}
//
// type is one of hello, welcome, refused, pull, batch, push, pushed, bye,
// error; body is the message (never null or absent). Neither end accepts
// a field it does not know, in the envelope or the body: a message that is
// not exactly the shape described here is a bad message. Compression is
// off.
//
// The kiosk drives; the hub answers each kiosk message with exactly one:
//
//	kiosk                                    hub
//	Hello{kiosk, versions, cursor, log, …}  ─►
//	                                        ◄─  Welcome{version, hub_time, log, batch}
//	                                            or Refused{code, message}, then close
//	(apply batch + cursor in one transaction)
//	Pull{after: cursor}                     ─►  (while the last batch said "more")
//	                                        ◄─  Batch
//	Push{records}                           ─►  (while the outbox has records)
//	                                        ◄─  Pushed{upto, refused, defer}
//	Pull{after: cursor}                     ─►  (after pushing: decisions come back)
//	                                        ◄─  Batch
//	Bye{cursor, backlog}                    ─►
//	                                        ◄─  close 1000 "done"
//
// A sync with nothing new is one round trip: Hello, a Welcome with an empty
// batch, Bye. The kiosk may send Pull and Push in any order after the
// Welcome; anything else after it (a second Hello, a Welcome from the
// kiosk) is a bad message.
//
// Hello (kiosk → hub)
//
//	kiosk       the kiosk_id from enrolment; must be the token's kiosk, at most 64 bytes
//	app         the kiosk program's version, for the hub's kiosk list, at most 64 bytes
//	versions    protocol versions the kiosk speaks, e.g. [3, 2]
//	cursor      the last sequence applied, 0 before the first pull
//	log         the change log's id from the last Welcome, "" before the first
//	backlog     outbox records waiting to be pushed
//	snapshot    true while the kiosk is taking a whole snapshot (see Pull)
//	last_error  why the previous sync failed, or absent if it worked:
//	            {"code", "text", "since"}: code one of network, refused,
//	            hub_error, protocol, disk_full, apply, local; text a short
//	            sentence without personal data, at most 300 bytes; since
//	            when syncs began failing. The hub records it before anything
//	            else, so its kiosk list shows a kiosk that never gets to Bye
//	            as failing, with the reason and since when.
//
// Welcome (hub → kiosk): version (the highest both speak), hub_time (the
// hub's clock: kiosks reckon event windows and retention in it, not in
// their own), log (the change log's id, 16 hex digits; absent when it is
// the one the Hello named), batch (the first Batch after the cursor). Refused instead, then the connection closes: upgrade_required
// (no common version; close 4001) or bad_message (the first message is not
// a Hello, or names another kiosk than the token; close 4002).
//
// # Pull: the change log
//
// The hub keeps every item under a sequence number that grows with every
// change and is never reused. An item is a content record, a tombstone
// (the record was withdrawn), or a decision addressed to one kiosk. The
// log keeps only the latest state of each item: an edited account moves to
// the end of the log, after the posts that name it.
//
//	Item  {"seq", "kind", "id", "deleted", "data", "hash"}
//	      data absent for a tombstone; hash is 32 hex digits identifying this
//	      version of data (absent for tombstones)
//	Batch {"reset", "items", "cursor", "more"}
//	Pull  {"after", "snapshot"}
//
// A Batch holds the items after the cursor asked for, in sequence order,
// at most 2,000 items and about 3 MB of data, and says more when there
// are others. Its cursor is what the kiosk stores; it may be beyond the
// last item's sequence (other kiosks' decisions, purged tombstones).
//
// The kiosk applies a batch and stores its cursor in one transaction:
// a batch received twice changes nothing, and the cursor is never ahead of
// what was applied. No batch may fail because of the order of its items or
// of batches: references between content records (a post's account, an
// event's community, an image) are soft on the kiosk, since the hub is the
// authority and its log may send a child before the edited parent. Items
// whose kind the kiosk does not know, or whose data breaks its kind's rules,
// are skipped (applied as deletions, counted for staff), never fatal.
// Whatever the hub's history, a kiosk that pulls to the end holds exactly
// the hub's content; a generated-history test checks this item by item.
//
// Resets. The hub forgets tombstones after a while (90 days by default) and
// moves its horizon. It answers with reset (and a snapshot from the start:
// every live item, no tombstones) when the cursor cannot be continued from:
// older than the horizon, beyond the log's end, or counted in another log
// (Hello.log differs from the hub's: a new or restored hub database). On a
// reset the kiosk drops all the hub's content in the transaction that
// applies the first batch. While it takes a snapshot — its first pull, or
// after a reset — its cursor may fall behind the horizon without that
// calling for another reset: it says snapshot: true in Hello and Pull
// until it has applied a batch without more. The last batch of a pull
// always carries a cursor at the log's end.
//
// A restored hub. Restoring the hub's database from a backup gives its log
// a new id (so every kiosk resets), and the backup may lack records the hub
// acknowledged after it was taken. A kiosk that sees the log's id change
// from one it knew therefore marks every record it still holds (payloads
// are kept until retention) unacknowledged and pushes them again in that
// sync; the hub keeps each UUID once, so nothing is doubled and nothing is
// lost. Records the hub refused stay refused.
//
// # Kinds and their data
//
// Item and record kinds are the alliance.Kind constants; each kind's JSON
// shape is the alliance type named beside it, and wire/testdata/ holds one
// example of each (content-*.json, record-*.json, decision-*.json, and lookup-reply_lookup.json: a worked example of a reply lookup, with the codes that open it). Times
// are RFC 3339 strings; the hub writes them in UTC, whole seconds.
// Optional fields may be absent.
//
//	content (every kiosk)  data                     id is
//	account                alliance.Account         its id (a slug like yanchenglu)
//	post                   alliance.Post            its id
//	place                  alliance.Place           its id
//	directory              alliance.DirectoryEntry  its id
//	event                  alliance.Event           its id; taken is the places confirmed
//	blob                   alliance.Blob            the image's SHA-256; bytes at /blobs/{sha256}
//	lesson                 alliance.LessonFolder    the lesson's id; files base64 in JSON
//
//	decisions (one kiosk)  data                     id is
//	signup_status          alliance.SignUpDecision  the sign-up's id
//	suggestion_status      alliance.SuggestionUpdate the suggestion's id
//	callback_status        alliance.CallbackUpdate  the call-back request's id (version 3)
//
//	lookups (every kiosk)  data                     id is
//	reply_lookup           alliance.ReplyLookup     32 hex digits derived from a receipt and PIN (version 3)
//
// Content ids are lowercase letters, digits and dashes (at most 80); image
// references are SHA-256s, 64 lowercase hex digits, and a kiosk uses no
// other name from the network in a path or URL. The rules of each kind
// (lengths, allowed values, dates between 2000 and 2100, no control or
// bidirectional-override characters in text) are its Validate method in
// package alliance; hub and kiosks apply the same ones.
//
// # Blobs: GET /blobs/{sha256}
//
// Images travel over HTTP, not the websocket. The request carries the
// same bearer token; the hub answers 200 with the bytes, their
// Content-Type and ETag "sha256", 206 for a Range request (a kiosk resumes
// a transfer cut short with "Range: bytes=N-"), 416 for a range beyond the
// end, 404 for an unknown blob, 400 for a name that is not a SHA-256, 401
// without a good token. The kiosk checks the bytes' SHA-256 against the
// name before it uses or marks them present; a mismatch is discarded.
//
// # Push: the outbox
//
//	Record {"seq", "id", "kind", "payload"}
//	Push   {"records": [Record, …]}
//	Pushed {"upto", "refused": [{"seq", "id", "reason", "message"}, …], "defer": {"reason", "message"}}
//
// Every record a kiosk makes gets a UUID (lowercase, canonical form) and
// the next number of the kiosk's outbox sequence, and is committed before
// the resident is told it is saved. Records go up in sequence order,
// increasing within a push, at most 200 records and 1 MiB (1,048,576 bytes)
// of message per Push; one payload is at most 65,536 bytes of JSON, nested
// at most 8 levels. A larger Push message closes the connection (1009 if
// over the hub's read limit, else bad_message, 4002) and nothing of it is
// kept.
//
// A record's identity is its UUID, which must equal the payload's "id".
// The sequence orders, it does not identify: a kiosk replaced, or restored
// from an old backup, may start its sequence again, and its new records
// (new UUIDs) are new records, never dropped. The same UUID pushed again
// with the same content (after a connection was cut before Pushed arrived)
// is a duplicate: acknowledged, stored and decided once. The same UUID
// with other content is refused (conflict).
//
// The hub settles each record alone, in order: it stores and decides it,
// acknowledges a duplicate, or refuses it. Pushed.upto is the last sequence
// settled; every record up to it is done with, and the kiosk marks them so.
// Records listed in refused will never be accepted: the kiosk keeps each,
// with its reason and message, shows it to staff and never sends it again;
// a refused record never blocks the ones after it. Reasons (alliance.Reason):
//
//	malformed     not its kind's JSON shape (unknown field, missing id, trailing data, too deep),
//	              or breaks its kind's rules (party of 1–10, a 6-digit receipt, a phone number …)
//	unknown_kind  a kind the hub does not know
//	id_mismatch   the record's id is not its payload's id
//	conflict      the same id was pushed before with other content
//	unknown_ref   refers to what the hub does not have: a community, the sign-up a
//	              cancellation names, the learner, course or session of a training record
//	not_owner     cancels another kiosk's sign-up, or erases a learner of another community
//	too_large     a payload over 65,536 bytes
//	hub_error     the hub could not store it (a fault at the hub, logged there)
//
// When a kiosk has pushed its daily quota (20,000 records or 64 MB by
// default), Pushed stops early: upto is the last record taken (possibly
// below the push's first), and defer says why (reason quota). The kiosk
// stops pushing until its next sync; the rest is sent then.
//
// Record kinds and their payloads (alliance types; examples in testdata):
//
//	signup          alliance.SignUp           a resident's sign-up for an event
//	signup_cancel   alliance.SignUpCancel     her cancellation (only the kiosk that took the sign-up)
//	suggestion      alliance.Suggestion       a suggestion (征求意见) to a community
//	callback        alliance.CallbackRequest  a request to be called back by a community office
//	learner         alliance.Learner          a smartphone learner's card
//	course          alliance.Course           a course: lessons in teaching order
//	session         alliance.Session          one class of a course (course must be known)
//	attendance      alliance.Attendance       a check-in (session and learner must be known)
//	progress        alliance.LessonProgress   a learner's standing in a lesson
//	completion      alliance.Completion       a learner who finished a course
//	learner_delete  alliance.LearnerDelete    erase a learner and all about her (her community's kiosks)
//	course_edit     alliance.CourseEdit       a course renamed, its lessons changed, or deleted
//	session_edit    alliance.SessionEdit      a session moved (day, lesson), its trainer changed, or deleted
//	roster_leave    alliance.RosterLeave      a learner taken off a course's roster
//
// Training records since issue 14 (no new protocol version: nothing a
// kiosk receives changed, and older kiosks' records are accepted as they
// were). A session may name its trainer ("trainer", at most 20
// characters; record-session-trainer.json). A progress record's status may
// be completed_with_help: every step gone through, some with help (the
// right place shown after missed taps, a quiz answered right after a wrong
// answer); it counts as completed, and the hub's reports count it apart as
// well. Courses and sessions can be changed after they were pushed: since
// a record is never pushed twice with other content, each change is a
// record of its own (course_edit, session_edit) carrying the new state
// whole, or "deleted": true alone; the latest by "at" counts. The thing
// changed must be at the hub (else unknown_ref) and pushed by a kiosk of
// the same community (else not_owner). The hub keeps everything it was
// sent and leaves a deleted course, a deleted session and the check-ins at
// it out of its reports. roster_leave takes a learner off a course's
// roster: her check-ins before it stay counted (she came), a check-in
// after it puts her back; it is erased with her. A hub older than these
// refuses them one by one (malformed, unknown_kind) and the kiosk keeps
// them as refused: upgrade the hub before its kiosks.
//
// Who assisted. A sign-up, a suggestion or a call-back request that staff
// filled in for a resident at the kiosk (the kiosk's assisted mode, opened
// with the staff PIN) names them in assisted_by, at most 40 characters;
// the hub keeps it with the record and writes an audit line
// (record.assisted) so the console can tell which records a resident did
// not enter herself. The field is optional and left out when she was alone
// (record-suggestion-assisted.json, record-callback-assisted.json): a
// record made without help is byte for byte what it was before the field
// existed, so every hub takes it. A hub that does not know the field on a
// suggestion or a call-back refuses such a record as malformed (decoding
// is strict); upgrade hubs before kiosks, as for every change.
//
// Decisions come back as items for the kiosk that pushed: a sign-up is
// decided when it arrives, in arrival order, against the hub's clock:
// confirmed while places last; then waitlisted if the event has a waitlist;
// else rejected with a reason — event_full, event_ended (it arrived after
// the event ended), signup_closed (made outside the sign-up window, or
// after the event began, by the kiosk's clock but never later than the
// hub's), event_cancelled, event_unknown. A cancellation frees the places
// and promotes the waitlist strictly in order. Each change of a sign-up's
// status is a signup_status item whose id is the sign-up's id; each reply
// to a suggestion, a suggestion_status item whose id is the suggestion's
// id, carrying all replies so far, with its status: received (the hub has
// it), in_progress, answered, forwarded (to a department), transferred (to
// another community: community staff there answer it; a reply says why),
// duplicate (of another suggestion, answered there), closed. Staff may also
// cancel a sign-up on the resident's behalf, or mark her a no-show: a
// signup_status item with status cancelled and reason staff_cancelled or
// no_show, and the waitlist is promoted as for her own cancellation; a
// capacity raised promotes it too. Each change of a call-back request is a
// callback_status item (version 3); staff's notes stay at the hub.
// Retention deletes a sign-up 30 days after its event (or its decision,
// for an unknown event), a suggestion 30 days after it was answered,
// closed or marked a duplicate, a call-back request 30 days after it was
// done (90 if never): the kiosk receives a tombstone of the same kind and
// id, and deletes its copy; every kiosk receives the tombstone of the
// suggestion's reply_lookup.
//
// # Looking up a reply at any kiosk (version 3)
//
// When she saves a suggestion the resident is shown two codes: its receipt
// (6 random digits, made at the kiosk) and its PIN, 4 digits derived from
// the suggestion's UUID (alliance.LookupPIN: the first 4 bytes of
// SHA-256("shinan-alliance lookup pin v1\x00" + id), big-endian, modulo
// 10,000, zero-padded). Only the kiosk that took it and the hub know the
// UUID. With both codes she reads her reply at any kiosk, online or not:
//
//	key = Argon2id(password = receipt + "/" + PIN, salt = "shinan-alliance reply lookup v1",
//	               time 2, memory 8 MiB, 1 lane, 48 bytes)
//	id  = hex(key[0:16])        the reply_lookup item's id
//	k   = key[16:48]            AES-256-GCM key
//	sealed = nonce (12 bytes) || AES-GCM(k, nonce, JSON of alliance.LookupAnswer, additional data "reply_lookup")
//
// The hub sends a reply_lookup item to every kiosk each time a suggestion's
// status or replies change. A kiosk derives the id from the codes typed,
// finds the item and opens it; a wrong code finds nothing, or fails to open
// (both: "not found", never which). Why both codes: receipts are made
// offline and are only 6 digits, so with 50,000 suggestions in the district
// about one random receipt in twenty would open somebody's reply; with the
// PIN, one random guess in 200,000 does, and kiosks slow repeated wrong
// guesses. Someone who copies a kiosk's database must run Argon2id for each
// of the 10^10 codes to learn which item is whose. What is sealed is the
// community, the category, the status and staff's replies: never her
// words, her name or her phone, and an anonymous suggestion's item says no
// more than another's. Two suggestions whose codes coincide (one chance in
// 10^10 per pair) keep the first's item; the second is looked up at its own
// kiosk only.
//
// # Bye, errors and closing
//
// Bye {"cursor", "backlog"} ends a sync; the hub records the figures for
// its kiosk list and closes with 1000 "done". The kiosk should wait briefly
// for that close.
//
// The hub never closes a session because of what a record holds. When it
// fails itself it sends Error {"code": "internal", "message"} and closes
// with 1011: nothing of the message it was handling was kept, and the kiosk
// tries again later. A kiosk revoked during a sync gets Error
// {"code": "unauthorized"} at its next message and close 4003. Other closes:
// 1001 the hub is restarting, 1008 the kiosk was too slow (no Hello within
// 15 s, or 60 s of silence; pings count), 1009 a message over the hub's read
// limit (1 MiB and 4 KiB), 4001 upgrade required, 4002 bad message, 4003
// unauthorized, 4004 busy. A close frame's reason is at most 123 bytes;
// the preceding Refused or Error carries the whole sentence.
//
// Both ends must have one writer per connection, read limits (the kiosk
// reads messages up to 4 MiB) and deadlines; the kiosk pings every 20 s
// while it applies long batches, and the hub answers pings with pongs. A
// kiosk that stops reading is dropped after 30 s of blocked writing.
//
// # Rate limits and quotas
//
// A request with a good token is never refused for what its address did.
// Failed tokens and codes count against the client's address (behind a
// configured trusted proxy, the address it names in X-Forwarded-For): 10
// a minute, then 429. Failed enrolment codes also count against all
// addresses together (60 a minute): the code space, not the guesser, is
// protected. A kiosk may have 2 syncs open at once (429 busy beyond).
//
// # Hashes
//
// An item's hash is the first 16 bytes, in lowercase hex, of the SHA-256 of
// its data's canonical JSON: object keys sorted, no insignificant space,
// numbers as written, strings as Go's encoding/json writes them without
// HTML escaping. Only the hub computes hashes; a kiosk stores and compares
// them. They depend on the JSON shape, never on field order or any
// program's names.
//
// # Example
//
// Enrolment, then a sync that takes an edited account and a withdrawn post,
// fetches an image, pushes two sign-ups of which one is malformed, and gets
// the decision on the other (the bodies are those of wire/testdata/, some
// shortened with …):
//
//	→ POST /enroll {"code":"ACDE-FGH3"}
//	← 200 {"kiosk_id":"0e7c6b5a-…","community":"yanchenglu","token":"q0Vb3m9y…"}
//
//	→ GET /sync   Authorization: Bearer q0Vb3m9y…   (websocket upgrade)
//	→ {"type":"hello","body":{"kiosk":"0e7c6b5a-…","app":"0.3.0","versions":[3,2],"cursor":4180,
//	    "log":"9f86d081884c7d65","backlog":2,
//	    "last_error":{"code":"network","text":"connect to hub: … connection refused","since":"2026-11-28T18:00:00Z"}}}
//	← {"type":"welcome","body":{"version":3,"hub_time":"2026-11-29T18:00:03Z","log":"9f86d081884c7d65",
//	    "batch":{"items":[
//	      {"seq":4181,"kind":"account","id":"yanchenglu","data":{"id":"yanchenglu","kind":"community","name":"盐城路社区",…},"hash":"e5fb17e6…"},
//	      {"seq":4183,"kind":"post","id":"notice-old","deleted":true}],
//	     "cursor":4183,"more":true}}}
//	→ {"type":"pull","body":{"after":4183}}
//	← {"type":"batch","body":{"items":[{"seq":4190,"kind":"blob","id":"3f0a6c0d…","data":{"sha256":"3f0a6c0d…","size":18342,"mime":"image/png"},"hash":"…"}],"cursor":4200}}
//	→ {"type":"push","body":{"records":[
//	    {"seq":17,"id":"6f1d2c3b-…","kind":"signup","payload":{"id":"6f1d2c3b-…","event_id":"dumplings-2026-12","name":"王女士",
//	      "phone":"13812345678","party_size":2,"consent_version":"kiosk-consent-1","created":"2026-11-29T18:00:00Z","receipt":"428613",…}},
//	    {"seq":18,"id":"d5e6f7a8-…","kind":"signup","payload":{"id":"d5e6f7a8-…","party_size":-30}}]}}
//	← {"type":"pushed","body":{"upto":18,"refused":[{"seq":18,"id":"d5e6f7a8-…","reason":"malformed",
//	    "message":"invalid: signup d5e6f7a8-…: event_id is missing; party_size -30 is outside 1–10"}]}}
//	→ {"type":"pull","body":{"after":4200}}
//	← {"type":"batch","body":{"items":[{"seq":4201,"kind":"signup_status","id":"6f1d2c3b-…",
//	    "data":{"status":"waitlisted","at":"2026-11-29T18:02:00Z"},"hash":"…"}],"cursor":4201}}
//	→ {"type":"bye","body":{"cursor":4201,"backlog":0}}
//	← close 1000 "done"
//
//	→ GET /blobs/3f0a6c0d…   Authorization: Bearer q0Vb3m9y…   Range: bytes=8192-
//	← 206 Partial Content   Content-Range: bytes 8192-18341/18342   ETag: "3f0a6c0d…"   (the rest of the bytes)
package wire
