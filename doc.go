// Package alliance holds the domain types of the community alliance kiosk:
// the content the hub publishes (accounts, posts, places, phone numbers,
// events, blobs, and a content pack as a whole, with the rules every import
// keeps), the records residents create at a kiosk (sign-ups, suggestions,
// call-backs, training records) and the decisions taken on them, the rules
// for text and dates, and the kiosk's languages (Lang) with texts written
// in each (Text). Package pack reads content packs from their folders.
//
// It imports nothing of the project, and no database, network, YAML or UI
// package: store/, mirror/, hub/ and ui/ depend on it, never the other way
// round.
package alliance
