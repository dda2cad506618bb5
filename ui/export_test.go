package ui

// PlainLinksForTest exposes plainLinks to the external tests.
var PlainLinksForTest = plainLinks

// OpenEventForTest shows one event's screen, as a resident who had it open
// would see it.
func (a *App) OpenEventForTest(id string) { a.push(a.eventScreen(id)) }
