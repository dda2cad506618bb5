package mirror

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/shinan-alliance/alliance/wire"
)

// Trusting a hub with its own certificate (see "Trusting the hub" in
// package wire): a hub whose certificate the system does not trust is
// trusted by its key's pin (wire.KeyPin), which the enrolment code carries
// or staff confirm when they join. The kiosk stores the pin and from then
// on accepts that key and no other.

// UnverifiedHubError is returned by JoinWith when the system does not
// trust the hub's certificate and nothing vouches for its key: staff
// compare Pin with the one printed with the enrolment code, and join again
// with JoinOptions.Pin set if they match.
type UnverifiedHubError struct {
	Pin string // the key pin of the certificate the hub presented
	Err error  // why the system's roots do not trust it
}

func (e *UnverifiedHubError) Error() string {
	return fmt.Sprintf("the hub's certificate is not trusted by this system (%v); its key fingerprint is %s: compare it with the one printed with the enrolment code", e.Err, e.Pin)
}

func (e *UnverifiedHubError) Unwrap() error { return e.Err }

// PinMismatchError is a hub that presented another key than the one the
// kiosk pinned, or than the enrolment code named. Nothing was sent to it.
type PinMismatchError struct {
	Want, Got string
}

func (e *PinMismatchError) Error() string {
	return fmt.Sprintf("the hub's certificate key is not the one this kiosk trusts (fingerprint %s, expected %s): nothing was sent. "+
		"If the hub was given a new key, enrol this kiosk again and join with the new code; otherwise someone may be posing as the hub", e.Got, e.Want)
}

// ErrPinMismatch matches every PinMismatchError (errors.Is).
var ErrPinMismatch = errors.New("hub key pin mismatch")

// Is makes errors.Is(err, ErrPinMismatch) true.
func (e *PinMismatchError) Is(target error) bool { return target == ErrPinMismatch }

// pinnedTLS accepts exactly the hub whose leaf certificate's key has the
// pin, whatever signed it and whenever it expires: the pin is the trust.
func pinnedTLS(pin string) *tls.Config {
	return &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // replaced by VerifyConnection: the key must be the pinned one
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("the hub presented no certificate")
			}
			if got := wire.KeyPin(cs.PeerCertificates[0]); got != pin {
				return &PinMismatchError{Want: pin, Got: got}
			}
			return nil
		},
	}
}

// joinTLS is the TLS configuration of a join over https without a CA file:
// a hub the system's roots trust is accepted (and its key must match the
// pin if one was given); any other is accepted only when its key matches
// the pin. pinned is set to the pin the kiosk must keep: "" when the
// system's roots are the trust.
func joinTLS(host, pin string, pinned *string) *tls.Config {
	return &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // replaced by VerifyConnection below
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("the hub presented no certificate")
			}
			leaf := cs.PeerCertificates[0]
			got := wire.KeyPin(leaf)
			if pin != "" && got != pin {
				return &PinMismatchError{Want: pin, Got: got}
			}
			inter := x509.NewCertPool()
			for _, c := range cs.PeerCertificates[1:] {
				inter.AddCert(c)
			}
			_, verr := leaf.Verify(x509.VerifyOptions{DNSName: host, Intermediates: inter})
			switch {
			case verr == nil:
				*pinned = ""
			case pin != "":
				*pinned = pin
			default:
				return &UnverifiedHubError{Pin: got, Err: verr}
			}
			return nil
		},
	}
}
