// Package sqlitedb is the one way this project opens a SQLite database, for
// the kiosk's store and the hub alike.
//
// # Safety of files
//
// Open looks at the path before SQLite does, so that nothing is written to a
// file this program must not touch (switching a file to WAL mode rewrites
// its header):
//
//   - anything but a regular file (a folder, a named pipe, a device, a
//     socket) is refused without being opened, so a FIFO cannot hang the
//     program;
//   - a missing file is created only when Options.Create says so (a status
//     command given a mistyped path must not leave a new file behind);
//   - a file that is not SQLite, or a SQLite database whose application id
//     is not Schema.ApplicationID (another program's database), is refused
//     with ErrForeignFile and left byte for byte as it was;
//   - a database whose schema version is above the migrations this program
//     knows is refused with ErrTooNew, also unchanged.
//
// An empty file, and a SQLite file with no tables and no application id,
// are taken as new.
//
// # Connections
//
// A DB holds two pools on one file in WAL mode with synchronous=FULL and
// foreign keys on:
//
//   - Write has exactly one connection, whose transactions begin IMMEDIATE:
//     writers queue in Go instead of failing with SQLITE_BUSY halfway
//     through a transaction;
//   - Read is a query-only pool: WAL lets readers see the last committed
//     state while the writer works.
//
// With Options.ReadOnly both pools are opened read-only: no migration, no
// journal-mode switch, nothing written to the database file.
//
// # Migrations
//
// A Schema lists numbered migrations; migration i (from 0) brings the
// database to version i+1, recorded in PRAGMA user_version together with
// the application id, in the migration's own transaction. A migration is
// SQL, a Go function, or both (SQL first), so a step may re-encode data
// that SQL alone cannot:
//
//	ms := sqlitedb.MustLoad(migrationFS, "migrations") // 0001_x.sql, 0002_y.sql …
//	ms = append(ms, sqlitedb.Migration{Name: "0003_reencode", Go: reencode})
//	db, err := sqlitedb.Open(path, sqlitedb.Schema{ApplicationID: id, Migrations: ms},
//		sqlitedb.Options{What: "hub database", Create: true})
package sqlitedb
