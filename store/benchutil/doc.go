// Package benchutil holds what several benchmark programs share: the bare
// SQLite baseline that store and sync imports are measured against.
package benchutil
