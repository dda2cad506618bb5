// Command kiosk runs the community alliance kiosk full screen.
//
// With no flags it keeps its database in the user's data folder and loads
// the embedded sample content on first start, so it is useful with no hub.
package main
