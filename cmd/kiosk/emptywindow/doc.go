// Command emptywindow shows an empty full-screen Fyne window and reports
// its first frames exactly as `kiosk --exit-after-first-frame` does: the
// baseline of the kiosk's cold-start benchmark (ui/bench), which is the
// start of Fyne, GL and the window alone, without the database, the theme's
// fonts or the home screen.
package main
