// Package ui holds the kiosk's Fyne screens and theme. It is driven in tests
// with fyne.io/fyne/v2/test; only cmd/kiosk creates a real window.
//
// The numbers residents over 60 need (issue 4) live here once: text sizes
// and contrast in Theme, target sizes and tap debouncing in BigButton, and
// every screen is built from those so none can forget them.
//
// Files go by screen (home, browse, search, events, services, suggest,
// records, lessons, lessons_player, trainer, trainer_class,
// trainer_report, staff, staff_sync …). What is not a screen lives in its
// own package, which the screens call: the PIN policy in
// internal/staffpin, reports, CSV exports and certificates in
// internal/report, script conversion in internal/chinese. Work that waits
// on the network or a disk (a search, joining a hub, a sync, writing to a
// USB stick) runs off Fyne's goroutine with a timeout (async.go).
package ui
