// Package console is the hub's web console: the pages community staff,
// district editors, trainers and the hub's operator use all day to publish,
// answer suggestions and call-backs, run events and rosters, watch kiosks
// and read the training reports.
//
// It is served by "alliance-sync serve" under /console/ on the hub's own
// listener (or on a listener of its own with --console-addr), rendered on
// the server with html/template, with its stylesheet and script embedded:
// no CDN, nothing from the internet, and every action works without
// JavaScript (the script only fills a reply from a template and asks
// before a destructive step).
//
// A post's 预览 shows it as a kiosk will: when the console has a Previewer
// (alliance-sync wires in the kiosk's own reader screen, drawn offscreen
// by Fyne's software renderer), a PNG of a 1280×800 kiosk screen; without
// one, an HTML approximation.
//
// Security: passwords are hashed with Argon2id (package hub); sessions are
// rows at the hub, so logging out or disabling a user ends them at once;
// the cookie is HttpOnly, SameSite=Strict and Secure behind TLS; every
// write goes through net/http's CrossOriginProtection; logins are
// throttled per account and per address; every route is checked against
// one policy table (Policy) before it runs, and every write, every reveal
// of a phone number, every export and every refusal is in the audit log.
package console
