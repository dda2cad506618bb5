package ui

import "github.com/shinan-alliance/alliance"

// SessionLabel is how a session is listed on its course's screen.
func (a *App) SessionLabel(s alliance.Session) string { return a.sessionLabel(s) }
