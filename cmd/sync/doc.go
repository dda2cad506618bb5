// Command alliance-sync is the sync program for both ends.
//
// Hub side: serve, import, enroll, revoke, kiosks, refusals, reply,
// training, backup, restore, and the console's twins. Kiosk side: join, now, daemon, status. Both: pack check, pack
// import (into a kiosk database), lessons check.
//
// Run "alliance-sync help" for the commands, and "alliance-sync COMMAND
// --help" for one command's flags. Each command is a type of its own
// (command.go says how to add one).
package main
