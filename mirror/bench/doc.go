// Command bench measures sync and prints each figure beside a baseline
// measured in the same run:
//
//   - the initial mirror of a generated 100k-post pack with 2k images into
//     an empty kiosk, beside bare SQLite inserts of the same rows and index
//     entries and beside copying the same bytes over a raw loopback socket;
//   - a sync with nothing new: round trips, bytes and time;
//   - the hub's memory per idle kiosk connection, with 2,000 connected;
//   - the hub's memory with 60 kiosks that ask for a whole snapshot and
//     never read it, beside the same hub with 60 kiosks that read;
//   - 500 kiosks pulling a 1,000-item change at once.
//
// Run it with `make bench`; flags scale it down for a quick look.
package main
