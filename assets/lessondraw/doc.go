// Command lessondraw draws the pictures of the smartphone lessons in
// assets/curriculum: generic phone screens (no vendor artwork), 540×960,
// in the palette and style of the first lessons, with labels in the kiosk's
// own font (Droid Sans Fallback). Trainers regenerate them after changing a
// drawing here:
//
//	go run ./assets/lessondraw                 # every picture it knows
//	go run ./assets/lessondraw -only 11-scan   # those whose path contains 11-scan
//	go run ./assets/lessondraw -review /tmp/r  # also: each practice step's picture
//	                                           # with its tap areas marked, to check
//
// Pictures not listed here (the first lessons' hand-made ones) are left alone.
// Each picture is saved with at most 256 colours, which keeps it to a few
// kilobytes.
package main
