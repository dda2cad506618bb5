// Package consoletest builds a real hub with its console for the console's
// tests, its screenshots and its benchmark: a hub database with the sample
// content, console users of every role, kiosks that sync with the hub over
// loopback, and headless Chromium to drive the pages.
package consoletest
