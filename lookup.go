package alliance

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/argon2"
)

// Looking up a reply at any kiosk (protocol 3).
//
// A resident who left a suggestion keeps two codes: its 6-digit receipt and
// a 4-digit lookup PIN, both shown when she saves it. With both she can read
// the status and staff's replies at any kiosk of the district, also when it
// is offline: the hub sends every kiosk a ReplyLookup item per suggestion,
// whose id and contents are derived from the two codes by a slow,
// memory-hard hash (Argon2id) and sealed with AES-GCM. A kiosk holds
// thousands of them and can read none until someone types the right codes.
//
// Why two codes: receipts are 6 random digits made offline at each kiosk, so
// with 50,000 suggestions kept in the district about one random receipt in
// twenty would be somebody's. With the PIN the space is 10^10: a random
// guess finds someone's reply about once in 200,000 tries, and kiosks also
// slow down repeated wrong guesses. Someone who copies a kiosk's database
// must run Argon2id (8 MiB, two passes) for every one of the 10^10
// candidates to map ids to codes: years of computer time per district.
//
// What is sealed is what staff answered, the status and the community and
// category; never the resident's own words, name or phone number, and
// nothing of an anonymous suggestion that says who made it. The PIN is
// derived from the suggestion's UUID, which only the kiosk that took it and
// the hub know, so no field was added to the suggestion record.

// LookupAnswer is what a ReplyLookup item holds once opened.
type LookupAnswer struct {
	Community string           `json:"community"`
	Category  string           `json:"category"`
	Status    SuggestionStatus `json:"status"`
	At        time.Time        `json:"at"`
	Replies   []Reply          `json:"replies,omitempty"`
}

// ReplyLookup is the data of a KindReplyLookup item: a LookupAnswer sealed
// under the key LookupKey derives (a 12-byte nonce, then the AES-256-GCM
// ciphertext and tag; base64 in JSON). The item's id is LookupKey's id.
type ReplyLookup struct {
	Sealed []byte `json:"sealed"`
}

// MaxSealedBytes bounds a ReplyLookup's sealed answer.
const MaxSealedBytes = 48 << 10

// Validate checks a ReplyLookup's envelope.
func (r ReplyLookup) Validate() error {
	if len(r.Sealed) < 12+16 || len(r.Sealed) > MaxSealedBytes {
		return fmt.Errorf("%w: reply_lookup: sealed answer of %d bytes", ErrInvalid, len(r.Sealed))
	}
	return nil
}

// LookupPIN is the 4-digit PIN shown with a suggestion's receipt: derived
// from the suggestion's UUID, so the kiosk and the hub both know it and no
// one else does.
func LookupPIN(suggestionID string) string {
	sum := sha256.Sum256([]byte("shinan-alliance lookup pin v1\x00" + suggestionID))
	return fmt.Sprintf("%04d", binary.BigEndian.Uint32(sum[:4])%10000)
}

// Argon2id parameters of LookupKey: 8 MiB and two passes take about 20 ms
// on a kiosk, once per lookup.
const (
	lookupTime   = 2
	lookupMemory = 8 << 10 // KiB
)

var lookupSalt = []byte("shinan-alliance reply lookup v1")

// IsLookupID reports whether s has the shape of a ReplyLookup item's id:
// 32 lowercase hex digits.
func IsLookupID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// LookupKey derives a ReplyLookup item's id (32 hex digits) and its sealing
// key from a receipt and a PIN as the resident types them.
func LookupKey(receipt, pin string) (id string, key []byte) {
	out := argon2.IDKey([]byte(Digits(receipt)+"/"+Digits(pin)), lookupSalt, lookupTime, lookupMemory, 1, 48)
	return hex.EncodeToString(out[:16]), out[16:]
}

// SealLookup seals an answer under key, with a random nonce.
func SealLookup(key []byte, a LookupAnswer) (ReplyLookup, error) {
	nonce := make([]byte, 12)
	if _, err := rand.Read(nonce); err != nil {
		return ReplyLookup{}, err
	}
	return SealLookupWith(key, nonce, a)
}

// SealLookupWith seals an answer under key with a given 12-byte nonce: for
// the protocol's worked example. A nonce must never be used twice with a
// key; SealLookup draws a random one.
func SealLookupWith(key, nonce []byte, a LookupAnswer) (ReplyLookup, error) {
	plain, err := json.Marshal(a)
	if err != nil {
		return ReplyLookup{}, err
	}
	gcm, err := lookupAEAD(key)
	if err != nil {
		return ReplyLookup{}, err
	}
	if len(nonce) != gcm.NonceSize() {
		return ReplyLookup{}, fmt.Errorf("nonce of %d bytes, want %d", len(nonce), gcm.NonceSize())
	}
	return ReplyLookup{Sealed: gcm.Seal(append([]byte{}, nonce...), nonce, plain, []byte("reply_lookup"))}, nil
}

// ErrLookup is returned when a sealed answer does not open with the key:
// the codes are wrong.
var ErrLookup = errors.New("the receipt and PIN do not open this answer")

// OpenLookup opens a sealed answer with key.
func OpenLookup(key []byte, r ReplyLookup) (LookupAnswer, error) {
	var a LookupAnswer
	gcm, err := lookupAEAD(key)
	if err != nil {
		return a, err
	}
	if len(r.Sealed) < gcm.NonceSize()+gcm.Overhead() {
		return a, ErrLookup
	}
	plain, err := gcm.Open(nil, r.Sealed[:gcm.NonceSize()], r.Sealed[gcm.NonceSize():], []byte("reply_lookup"))
	if err != nil {
		return a, ErrLookup
	}
	if err := json.Unmarshal(plain, &a); err != nil {
		return a, fmt.Errorf("%w: %v", ErrLookup, err)
	}
	return a, nil
}

func lookupAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("lookup key of %d bytes, want 32", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
