// Package mirror is the kiosk side of sync: it connects to the hub, pulls
// and applies the change log, pushes the outbox, fetches blobs, and runs on
// a schedule. Runner is a kiosk's sync as a program runs it (the kiosk
// program and alliance-sync daemon alike): the nightly schedule, "sync now"
// from staff, one sync at a time. The protocol is specified in package
// wire.
package mirror
