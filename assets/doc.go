// Package assets embeds the files the kiosk ships with: the sample content
// pack loaded on first start (and, as the project grows, the font, icons,
// translations and the lesson curriculum).
package assets
