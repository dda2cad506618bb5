// Package store is the kiosk's database: schema, migrations, content import,
// the queries the screens need, Chinese search (folding Traditional to
// Simplified with package internal/chinese), the outbox of records residents
// create, applying sync batches, and retention.
//
// # Connections
//
// A DB holds two connection pools on one SQLite file in WAL mode:
//
//   - a writer with exactly one connection, whose transactions begin
//     IMMEDIATE: writers queue in Go instead of failing with SQLITE_BUSY
//     halfway through a transaction, and sync, imports and residents'
//     sign-ups never interleave;
//   - a reader pool, opened query-only: WAL lets readers see the last
//     committed state while the writer works, so the screens never wait for
//     a sync to finish.
//
// synchronous=FULL makes every commit durable before it returns: a resident
// is told "saved" only after a commit that survives a power cut.
//
// # Safety of files
//
// Open refuses a file that is not a SQLite database, a database made by
// another program, and one made by a newer version of this program, with an
// error naming the path. It never rewrites or "repairs" such a file. A
// folder, a named pipe or a device is refused without being opened.
// OpenExisting and OpenReadOnly create nothing; OpenReadOnly writes nothing.
// Opening and migrating are package sqlitedb's, shared with the hub.
//
// # Clock
//
// DB.Now is hub time: the kiosk's own clock (LocalNow) corrected by what the
// hub said its time was at the last sync (RecordHubTime). Event windows,
// "upcoming", retention and the times records carry all use it, so a kiosk
// whose clock is a year off still lists the right events and keeps
// residents' data exactly as long as it should. Before the first sync it is
// the local clock. The times of sync attempts stay in the local clock: the
// scheduler that reads them counts in it.
package store
