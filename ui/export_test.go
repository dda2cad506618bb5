package ui

// PlainLinksForTest is the words the kiosk shows for Markdown text: links
// keep their words only.
var PlainLinksForTest = plainText

// OpenEventForTest shows one event's screen, as a resident who had it open
// would see it.
func (a *App) OpenEventForTest(id string) { a.push(a.eventScreen(id)) }

// OpenPostForTest shows one post in the reader.
func (a *App) OpenPostForTest(id string) { a.push(a.readerScreen(id)) }
