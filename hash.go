package alliance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// ContentHash identifies one version of a content record: 32 lowercase hex
// digits of the SHA-256 of its canonical JSON. The hub computes it when a
// record enters the change log and sends it with the item; kiosks store it
// and compare it, never recompute it. The canonical JSON is the record's
// JSON shape (its tags, which are the protocol, not Go's field names), with
// times in UTC whole seconds (Canonical), object keys sorted and no spaces:
// reordering or renaming Go fields changes no hash, so no kiosk downloads
// everything again because of a refactoring.
func ContentHash(c Content) (string, error) {
	data, err := json.Marshal(Canonical(c))
	if err != nil {
		return "", fmt.Errorf("hash %s %s: %w", c.ContentKind(), c.ContentID(), err)
	}
	return HashJSON(data)
}

// HashJSON is ContentHash of a record already encoded as JSON.
func HashJSON(data []byte) (string, error) {
	canon, err := CanonicalJSON(data)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:16]), nil
}

// CanonicalJSON re-encodes JSON with object keys sorted and no spaces;
// numbers keep their exact text.
func CanonicalJSON(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("canonical json: %w", err)
	}
	// encoding/json writes map keys sorted and json.Number verbatim.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("canonical json: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
