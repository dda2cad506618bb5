package ui

import "errors"

// Kinds of sync failure the staff panel tells apart, so that staff read
// what to do rather than one "did not work" for everything. A Syncer wraps
// its errors in these; anything else is shown as a general failure.
var (
	// ErrHubRefusedCode: the hub does not know the enrolment code, or it
	// was used or is more than a day old.
	ErrHubRefusedCode = errors.New("the hub refused the enrolment code")
	// ErrHubUnreachable: no answer from the address (network, typo, hub down).
	ErrHubUnreachable = errors.New("the hub cannot be reached")
	// ErrHubPlainHTTP: an http:// address of a hub on another machine,
	// which the kiosk refuses unless allowed from the shell.
	ErrHubPlainHTTP = errors.New("plain http to a hub on another machine")
	// ErrHubCertificate: the hub's certificate is not one the kiosk trusts
	// (a self-signed certificate needs alliance-sync join --ca).
	ErrHubCertificate = errors.New("the hub's certificate is not trusted")
	// ErrHubPinMismatch: the hub presented another key than the one the
	// kiosk pinned, or than the enrolment code names: nothing was sent.
	ErrHubPinMismatch = errors.New("the hub's key is not the pinned one")
)

// UnverifiedHubError is a hub with its own certificate that nothing vouches
// for yet: the staff panel shows Pin, the key's fingerprint, for staff to
// compare with the one printed with the enrolment code, and joins with it
// once they confirm.
type UnverifiedHubError struct {
	Pin string
	Err error
}

func (e *UnverifiedHubError) Error() string {
	return "unverified hub key " + e.Pin + ": " + e.Err.Error()
}
func (e *UnverifiedHubError) Unwrap() error { return e.Err }

// joinMessage is the staff panel's words for a failed join.
func (a *App) joinMessage(err error) string {
	switch {
	case errors.Is(err, ErrHubRefusedCode):
		return a.t("staff.join_code_wrong")
	case errors.Is(err, ErrHubPlainHTTP):
		return a.t("staff.join_insecure")
	case errors.Is(err, ErrHubPinMismatch):
		return a.t("staff.hub_key_mismatch")
	case errors.Is(err, ErrHubCertificate):
		return a.t("staff.join_certificate")
	case errors.Is(err, ErrHubUnreachable):
		return a.t("staff.join_unreachable")
	}
	return a.t("staff.join_failed")
}
