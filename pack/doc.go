// Package pack reads and checks content packs: the folders in which editors
// write the alliance's content for the hub to publish, and in which the
// kiosk carries its sample content. Load returns an *alliance.Pack, which
// the hub (hub.DB.ImportPack) and the kiosk (store.DB.ImportPack) import;
// the pack's data type lives in package alliance, so that the hub links no
// YAML reader.
//
// # The format
//
// A pack is a folder:
//
//	manifest.yaml    format, id, version, created, title, sample, replaces
//	accounts.yaml    list of accounts (district and communities)
//	places.yaml      list of places
//	directory.yaml   list of phone numbers
//	events.yaml      list of events
//	posts/*.md       one post per file: YAML front matter between "---" lines, then Markdown
//	media/*          images, referenced from the files above by their path in the pack
//	lessons/*/       smartphone lessons, one folder each (see package lessons)
//
// Names starting with a dot are ignored, and so are README* and LICENSE*
// at the top; any other file at the top is a problem.
//
// The manifest:
//
//	format: alliance-pack/1            # required, exactly this
//	id: shinan-2026                    # required: lowercase letters, digits, dashes
//	version: 3                         # required, 1 or more; see "Versions" below
//	created: 2026-11-27T09:00:00+08:00 # required
//	title: 市南区社区微信联盟            # optional
//	sample: true                       # optional: sample content, replaced by the first sync from a hub
//	replaces: [shinan-2025]            # optional: packs this one may take records over from
//
// The four YAML files are lists of records, one record per "- " line with
// its fields indented below it; each file's fields are those of the
// matching alliance type (Account, Place, DirectoryEntry, Event), in
// snake_case: see the tests and assets/sample for complete examples. A file
// over 1 MB is read one record at a time, so it must be such a list: a
// line at the left margin that is neither a "- " nor a comment is a
// problem.
//
// Event dates may be absolute (RFC 3339, or "2026-12-05 09:30" in district
// time) or relative, "+3d 09:30": three days after the day the pack was
// first imported, at 09:30 district time. Sample packs use that so their
// events never go stale.
//
// # Rules
//
// The loader checks the whole pack before anything is written and reports
// every problem as "file:line: what is wrong" (an *Error). What it accepts
// imports on the hub and on every kiosk:
//
//   - Regular files and folders only. A symbolic link (even to a file inside
//     the pack), a named pipe, a device or a socket is a problem, reported
//     before anything is opened: a pack is one self-contained folder.
//   - Sizes are checked before reading: a media file at most
//     alliance.MaxMediaBytes, a YAML file at most MaxYAMLBytes, a post at
//     most alliance.MaxTextBytes of body plus its front matter, each lesson
//     file at most MaxLessonFileBytes. No file is read past its limit, and
//     checking takes memory in proportion to the largest file, not to the
//     pack.
//   - Every text follows alliance.CheckText (valid UTF-8, no control or
//     bidirectional-override characters, one line unless it is a body or a
//     description) and every date alliance.CheckTime (years
//     alliance.MinYear to alliance.MaxYear).
//   - Media files are PNG, JPEG, GIF or WebP images inside media/.
//
// # Versions and ownership
//
// Importers (see alliance.Pack.CheckImport) keep two more rules, which
// depend on what was imported before and so are not checked by Load:
//
//   - A pack whose version is lower than the version of the same pack
//     imported before is refused: it would bring back older content and
//     delete newer. alliance-sync import --force rolls back on purpose. The
//     same version may be imported again, to correct it; the command says
//     so and prints what changed. Give every release a new version.
//   - A record id (an account, post, place, phone number, event or lesson)
//     belongs to the pack that first published it. A pack holding an id
//     that another pack holds is refused, naming both packs, unless its
//     manifest lists that pack under replaces: then the records move to it.
//     Media files are named by their content, and any pack may hold them.
package pack
