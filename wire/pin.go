package wire

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"strings"
)

// CodeAlphabet is the alphabet of enrolment codes and key pins: no letters
// or digits that are easy to confuse on a kiosk's screen or over the phone
// (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
const CodeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// PinLength is the number of characters of a key pin (without dashes).
const PinLength = 12

// CodeLength is the number of characters of an enrolment code proper.
const CodeLength = 8

// KeyPin is the fingerprint of a certificate's public key that enrolment
// codes carry and kiosks pin (see "Trusting the hub" in the package
// comment): the SHA-256 of the certificate's SubjectPublicKeyInfo, its
// first 8 bytes as a big-endian number written in 12 digits of
// CodeAlphabet (about 56 bits), grouped by four: "KMNP-QRTU-VWXY". It
// depends on the key alone, so a certificate renewed with the same key
// keeps its pin.
func KeyPin(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	n := binary.BigEndian.Uint64(sum[:8])
	var b [PinLength]byte
	for i := PinLength - 1; i >= 0; i-- {
		b[i] = CodeAlphabet[n%uint64(len(CodeAlphabet))]
		n /= uint64(len(CodeAlphabet))
	}
	return string(b[0:4]) + "-" + string(b[4:8]) + "-" + string(b[8:12])
}

// SplitCode separates what staff typed into the enrolment code proper
// (sent to the hub) and the key pin that may follow it (kept by the
// kiosk, never sent): "ACDE-FGH3-KMNP-QRTU-VWXY" gives "ACDEFGH3" and
// "KMNP-QRTU-VWXY"; "acde fgh3" gives "ACDEFGH3" and "". Anything else is
// returned as the code, for the hub to refuse.
func SplitCode(typed string) (code, pin string) {
	s := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(typed))
	if len(s) == CodeLength+PinLength {
		p := s[CodeLength:]
		return s[:CodeLength], p[0:4] + "-" + p[4:8] + "-" + p[8:12]
	}
	return strings.TrimSpace(typed), ""
}

// NormalizePin writes a pin typed in any case, with or without dashes, in
// KeyPin's form; ok is false when it is not a pin.
func NormalizePin(typed string) (pin string, ok bool) {
	s := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(typed))
	if len(s) != PinLength || strings.Trim(s, CodeAlphabet) != "" {
		return "", false
	}
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12], true
}
