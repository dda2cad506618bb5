//go:build unix

package safefs

import "syscall"

// nonBlocking makes opening a named pipe return at once instead of waiting
// for a writer; it changes nothing for a regular file.
const nonBlocking = syscall.O_NONBLOCK
