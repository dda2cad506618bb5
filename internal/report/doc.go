// Package report makes what the kiosk hands staff and trainers on paper or
// a USB stick: an event's roster of sign-ups and a class's or a course's
// training report (CSV), and a learner's certificate (a PNG for the
// community office's printer).
//
// Reports are data: counts, statuses and the CSV rows, the same in every
// language. The screens (package ui) put them into words. Files are
// written into the folder staff chose (Dir finds a USB stick) under names
// reduced to safe characters, since parts of them come from the hub.
package report
