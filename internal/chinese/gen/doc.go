// Command gen makes package chinese's data from OpenCC's (go generate in
// internal/chinese): the conversion dictionaries it uses, normalised to
// what the OpenCC library reads from them, and the table of Traditional
// characters and their Simplified forms that search folds with.
//
// The OpenCC library is used here, at build time only: it registers a
// global -dir flag when it is linked, and its dictionaries take a
// double-array trie to read, neither of which the kiosk's programs need.
package main
