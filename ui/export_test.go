package ui

import (
	"context"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// PlainLinksForTest is the words the kiosk shows for Markdown text: links
// keep their words only.
var PlainLinksForTest = plainText

// OpenEventForTest shows one event's screen, as a resident who had it open
// would see it.
func (a *App) OpenEventForTest(id string) { a.push(a.eventScreen(id)) }

// OpenPostForTest shows one post in the reader.
func (a *App) OpenPostForTest(id string) { a.push(a.readerScreen(id)) }

// SetSearchForTest replaces the store's search, for tests of the search
// screen's background work.
func (a *App) SetSearchForTest(f func(context.Context, store.SearchQuery) ([]store.Hit, error)) {
	a.search = f
}

// SetJoinTimeoutForTest shortens the wait for a hub to answer a join.
func SetJoinTimeoutForTest(d time.Duration) (restore func()) {
	old := joinTimeout
	joinTimeout = d
	return func() { joinTimeout = old }
}

// SignUpStatusText is signUpStatus, for tests.
func (a *App) SignUpStatusText(s alliance.SignUp) string { return a.signUpStatus(s) }

// OpenReportForTest shows a course's report, or a class's (session set).
func (a *App) OpenReportForTest(courseID, session string) { a.push(a.reportScreen(courseID, session)) }

// CommunityNameForTest is the community's name certificates carry.
func (a *App) CommunityNameForTest() string { return a.communityName(a.ctx()) }

// HomeForTest is the kiosk's home community.
func (a *App) HomeForTest() string { return a.home }
