// Package hub is the district's central server: its database (the change
// log of published content, enrolled kiosks, records kiosks pushed and the
// decisions taken on them), the websocket sync endpoint, blob serving and
// enrolment. The protocol itself is specified in package wire.
package hub
