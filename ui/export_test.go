package ui

// PlainLinksForTest exposes plainLinks to the external tests.
var PlainLinksForTest = plainLinks
