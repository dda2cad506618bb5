// Package testutil is what the project's tests share, so that they do not
// copy helpers from package to package: the sample content pack and a
// small purpose-built one (TinyPack, for tests where the sample is not the
// point), new hub and kiosk databases in a test's own temporary folder,
// and a real hub serving on loopback that kiosk databases join.
//
// Everything it opens is closed when the test ends, and every helper
// loads its own copy, so tests that use it may run in parallel.
package testutil
