package store

// SetBootIDForTest pretends the machine rebooted (another boot id) until
// the returned function is called.
func SetBootIDForTest(id string) (restore func()) {
	old := bootID
	bootID = func() string { return id }
	return func() { bootID = old }
}
