// Package safefs reads folders that people wrote by hand (content packs,
// lesson folders) without trusting them: it opens nothing but regular files
// and folders, never follows a symbolic link, checks a file's size before
// reading it, never reads past a limit, and stops when its context is done.
//
// A careless editor's folder can hold a symbolic link to /dev/zero (read
// forever), a named pipe (an open that never returns), a link to a file
// outside the folder, or a file far too big to read: each of these is
// refused, with a message that says which file and why, before it is
// opened.
package safefs
