package store

// SetBootIDForTest pretends the machine rebooted (another boot id) until
// the returned function is called.
func SetBootIDForTest(id string) (restore func()) {
	old := bootID
	bootID = func() string { return id }
	return func() { bootID = old }
}

// QueryTermsForTest returns the index terms a query text looks up.
func QueryTermsForTest(text string) ([]string, error) {
	q, err := parseQuery(text)
	return q.terms, err
}
