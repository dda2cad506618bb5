//go:build !unix

package safefs

const nonBlocking = 0
