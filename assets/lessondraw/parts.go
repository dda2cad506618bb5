package main

import (
	"image/color"
	"math"
)

// The parts of a phone screen, each where WeChat and the phones put it,
// drawn generic: no vendor's artwork, only the shapes a learner looks for.

// statusBar draws the time and the signal and battery at the top.
func statusBar(c *canvas, fg color.RGBA) {
	c.text(22, 22, 24, fg, left, "9:30")
	for i := 0.0; i < 4; i++ { // signal
		h := 5 + i*5
		c.rect(430+i*9, 33-h, 6, h, fg)
	}
	c.round(474, 13, 36, 19, 7, fg) // battery
	c.rect(510, 18, 4, 9, fg)
}

// homeIndicator draws the bar at the bottom of a phone without buttons.
func homeIndicator(c *canvas, fg color.RGBA) { c.round(201, 935, 138, 9, 4.5, fg) }

// header draws a page's title bar, y 44 to 132, with an optional back arrow.
func header(c *canvas, title string, back bool) {
	c.rect(0, 44, W, 88, paper)
	c.rect(0, 131, W, 2, line)
	if title != "" {
		c.text(W/2, 88, 30, ink, center, title)
	}
	if back {
		backArrow(c, 45, 88, ink)
	}
}

func backArrow(c *canvas, x, y float64, col color.RGBA) {
	c.polyline(5, col, x+10, y-18, x-6, y, x+10, y+18)
}

// closeCross draws an ×, centred at x, y.
func closeCross(c *canvas, x, y, s float64, col color.RGBA) {
	c.line(x-s, y-s, x+s, y+s, 5, col)
	c.line(x-s, y+s, x+s, y-s, 5, col)
}

// plusButton is WeChat's round + at the top right of the chat list.
func plusButton(c *canvas, cx, cy float64, col color.RGBA) {
	c.ring(cx, cy, 23, 3.5, col)
	c.line(cx-11, cy, cx+11, cy, 3.5, col)
	c.line(cx, cy-11, cx, cy+11, 3.5, col)
}

// person draws a head and shoulders about 2*s high, centred.
func person(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.circle(cx, cy-0.5*s, 0.45*s, col)
	c.dome(cx, cy+0.1*s, 0.9*s, 0.8*s, col)
}

// people draws two people side by side: a group.
func people(c *canvas, cx, cy, s float64, col color.RGBA) {
	person(c, cx-0.55*s, cy, 0.8*s, col)
	person(c, cx+0.55*s, cy, 0.8*s, col)
}

// districtLogo is the drawings' sign for the district and its
// communities: a roof over three lines (no real logo).
func districtLogo(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.poly(col, cx-0.75*s, cy-0.15*s, cx, cy-0.75*s, cx+0.75*s, cy-0.15*s)
	for i := 0.0; i < 3; i++ {
		c.rect(cx-0.75*s, cy+i*0.3*s-0.02*s, 1.5*s, 0.16*s, col)
	}
}

// avatar draws a square picture with rounded corners and a figure in it.
type figure int

const (
	figPerson figure = iota
	figGroup
	figDistrict
	figAccount // a subscription account: a newspaper
)

func avatar(c *canvas, x, y, s float64, bg color.RGBA, f figure) {
	c.round(x, y, s, s, s*0.13, bg)
	cx, cy := x+s/2, y+s/2
	switch f {
	case figPerson:
		person(c, cx, cy, s*0.3, white)
	case figGroup:
		people(c, cx, cy+2, s*0.3, white)
	case figDistrict:
		districtLogo(c, cx, cy, s*0.4, white)
	case figAccount:
		c.round(cx-s*0.25, cy-s*0.25, s*0.5, s*0.5, 4, white)
		for i := 0.0; i < 3; i++ {
			c.rect(cx-s*0.17, cy-s*0.14+i*s*0.11, s*0.34, s*0.05, bg)
		}
	}
}

// redDot is the mark of something unread.
func redDot(c *canvas, cx, cy float64) { c.circle(cx, cy, 14, red) }

// chatBubbleIcon: a speech bubble with three dots.
func chatBubbleIcon(c *canvas, cx, cy, s float64, fg, dots color.RGBA) {
	c.round(cx-s, cy-0.75*s, 2*s, 1.45*s, 0.7*s, fg)
	c.poly(fg, cx-0.6*s, cy+0.4*s, cx-0.85*s, cy+0.95*s, cx-0.1*s, cy+0.6*s)
	for i := -1.0; i <= 1; i++ {
		c.circle(cx+i*0.42*s, cy-0.03*s, 0.13*s, dots)
	}
}

// addFriendIcon: a person with a + beside.
func addFriendIcon(c *canvas, cx, cy, s float64, col color.RGBA) {
	person(c, cx-0.25*s, cy+0.05*s, 0.75*s, col)
	c.line(cx+0.55*s, cy-0.5*s, cx+0.55*s, cy-0.05*s, 3.5, col)
	c.line(cx+0.33*s, cy-0.28*s, cx+0.78*s, cy-0.28*s, 3.5, col)
}

// scanIcon: four corners and a line across, WeChat's 扫一扫.
func scanIcon(c *canvas, cx, cy, s float64, col color.RGBA) {
	a, b := s*0.85, s*0.35
	w := 3.5
	for _, sx := range []float64{-1, 1} {
		for _, sy := range []float64{-1, 1} {
			x, y := cx+sx*a, cy+sy*a
			c.polyline(w, col, x, y-sy*b, x, y, x-sx*b, y)
		}
	}
	c.line(cx-0.55*s, cy, cx+0.55*s, cy, w, col)
}

// payIcon: a card with a ¥, for 收付款.
func payIcon(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.frame(cx-0.9*s, cy-0.75*s, 1.8*s, 1.5*s, 0.2*s, 3.5, col)
	yen(c, cx, cy, 0.5*s, col)
}

// yen draws a ¥ sign of half-height s.
func yen(c *canvas, cx, cy, s float64, col color.RGBA) {
	w := math.Max(2.5, s*0.16)
	c.polyline(w, col, cx-0.6*s, cy-s, cx, cy-0.1*s, cx+0.6*s, cy-s)
	c.line(cx, cy-0.1*s, cx, cy+s, w, col)
	c.line(cx-0.5*s, cy+0.05*s, cx+0.5*s, cy+0.05*s, w, col)
	c.line(cx-0.5*s, cy+0.45*s, cx+0.5*s, cy+0.45*s, w, col)
}

// compassIcon: 发现.
func compassIcon(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.ring(cx, cy, s, 3.5, col)
	c.poly(col, cx+0.5*s, cy-0.5*s, cx+0.15*s, cy+0.15*s, cx-0.5*s, cy+0.5*s, cx-0.15*s, cy-0.15*s)
}

// tabBar draws WeChat's four tabs at the bottom (微信, 通讯录, 发现, 我),
// the active one green.
func tabBar(c *canvas, active int) {
	c.rect(0, 828, W, 84, paper)
	c.rect(0, 828, W, 2, line)
	names := []string{"微信", "通讯录", "发现", "我"}
	for i, name := range names {
		cx := 67 + float64(i)*135
		col := dark
		if i == active {
			col = green
		}
		cy := 856.0
		switch i {
		case 0:
			chatBubbleIcon(c, cx, cy, 19, col, paper)
		case 1:
			people(c, cx, cy, 16, col)
		case 2:
			compassIcon(c, cx, cy, 17, col)
		case 3:
			person(c, cx, cy, 19, col)
		}
		c.text(cx, 893, 18, col, center, name)
	}
}

// row is one line of a list: a picture, a name and a line under it.
type row struct {
	bg      color.RGBA
	fig     figure
	name    string
	sub     string
	unread  bool
	subBar  float64 // when sub is "": the width of a placeholder bar, 0 for none
	nameBar float64 // when name is "": placeholder width
}

// chatList draws rows of 124 pixels from y, as WeChat's chat list does.
func chatList(c *canvas, y float64, rows []row) {
	for i, r := range rows {
		top := y + float64(i)*124
		avatar(c, 28, top+15, 92, r.bg, r.fig)
		if r.unread {
			redDot(c, 112, top+21)
		}
		if r.name != "" {
			c.text(147, top+44, 28, ink, left, r.name)
		} else if r.nameBar > 0 {
			c.bar(147, top+31, r.nameBar, grey)
		}
		if r.sub != "" {
			c.text(147, top+82, 22, grey, left, r.sub)
		} else if r.subBar > 0 {
			c.bar(147, top+67, r.subBar, grey)
		}
		c.rect(147, top+123, W-147, 1.5, line)
	}
}
