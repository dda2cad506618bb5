package main

import (
	"image/color"
)

// More parts: the phone's own screens (home, settings) and WeChat's pages.

// glyph draws an icon's figure centred at cx, cy, about 2*s wide.
type glyph func(c *canvas, cx, cy, s float64, col color.RGBA)

func gearGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	for i := 0; i < 8; i++ {
		a := float64(i) * 3.14159265 / 4
		x, y := cx+0.78*s*cos(a), cy+0.78*s*sin(a)
		c.circle(x, y, 0.2*s, col)
	}
	c.circle(cx, cy, 0.72*s, col)
	c.circle(cx, cy, 0.3*s, rgb(0x9e9e9e))
}

func bagGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.round(cx-0.7*s, cy-0.35*s, 1.4*s, 1.15*s, 0.15*s, col)
	c.frame(cx-0.38*s, cy-0.8*s, 0.76*s, 0.9*s, 0.38*s, 0.12*s, col)
}

// storeAGlyph is an "A" of three sticks, like the iPhone's App Store.
func storeAGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.line(cx-0.15*s, cy-0.75*s, cx-0.6*s, cy+0.6*s, 0.16*s, col)
	c.line(cx+0.15*s, cy-0.75*s, cx+0.6*s, cy+0.6*s, 0.16*s, col)
	c.line(cx-0.7*s, cy+0.2*s, cx+0.7*s, cy+0.2*s, 0.16*s, col)
}

func wechatGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.round(cx-0.85*s, cy-0.6*s, 1.2*s, 0.95*s, 0.47*s, col)
	c.poly(col, cx-0.6*s, cy+0.2*s, cx-0.7*s, cy+0.5*s, cx-0.35*s, cy+0.3*s)
	c.round(cx-0.2*s, cy-0.15*s, 1.05*s, 0.85*s, 0.42*s, col)
	c.poly(col, cx+0.55*s, cy+0.6*s, cx+0.7*s, cy+0.85*s, cx+0.35*s, cy+0.65*s)
	c.circle(cx-0.5*s, cy-0.2*s, 0.08*s, green)
	c.circle(cx-0.1*s, cy-0.2*s, 0.08*s, green)
}

func cameraGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.round(cx-0.8*s, cy-0.45*s, 1.6*s, 1.1*s, 0.18*s, col)
	c.round(cx-0.3*s, cy-0.65*s, 0.6*s, 0.3*s, 0.08*s, col)
	c.circle(cx, cy+0.1*s, 0.36*s, rgb(0x333a44))
	c.circle(cx, cy+0.1*s, 0.22*s, col)
}

func photosGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.frame(cx-0.8*s, cy-0.6*s, 1.6*s, 1.2*s, 0.15*s, 0.12*s, col)
	c.poly(col, cx-0.65*s, cy+0.45*s, cx-0.2*s, cy-0.1*s, cx+0.1*s, cy+0.2*s, cx+0.3*s, cy, cx+0.65*s, cy+0.45*s)
	c.circle(cx+0.35*s, cy-0.3*s, 0.13*s, col)
}

func phoneGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	// A handset: a thick arc with an ear piece and a mouth piece.
	ox, oy, r := cx+0.55*s, cy-0.55*s, 1.05*s
	var pts []float64
	for a := 100.0; a <= 170; a += 10 {
		rad := a * 3.14159265 / 180
		pts = append(pts, ox+r*cos(rad), oy+r*sin(rad))
	}
	c.polyline(0.32*s, col, pts...)
	c.round(ox+r*cos(1.57)-0.15*s, oy+r-0.3*s, 0.55*s, 0.4*s, 0.15*s, col)
	c.round(ox-r-0.1*s, oy-0.15*s, 0.4*s, 0.55*s, 0.15*s, col)
}

func messageGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.round(cx-0.8*s, cy-0.6*s, 1.6*s, 1.1*s, 0.3*s, col)
	c.poly(col, cx-0.4*s, cy+0.4*s, cx-0.55*s, cy+0.85*s, cx, cy+0.45*s)
}

func clockGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.ring(cx, cy, 0.75*s, 0.12*s, col)
	c.line(cx, cy, cx, cy-0.45*s, 0.12*s, col)
	c.line(cx, cy, cx+0.35*s, cy, 0.12*s, col)
}

func calendarGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.frame(cx-0.7*s, cy-0.55*s, 1.4*s, 1.25*s, 0.12*s, 0.12*s, col)
	c.rect(cx-0.7*s, cy-0.55*s, 1.4*s, 0.35*s, col)
}

func personGlyph(c *canvas, cx, cy, s float64, col color.RGBA) { person(c, cx, cy, 0.8*s, col) }

func peopleGlyph(c *canvas, cx, cy, s float64, col color.RGBA) { people(c, cx, cy, 0.7*s, col) }

func scanGlyph(c *canvas, cx, cy, s float64, col color.RGBA) { scanIcon(c, cx, cy, 0.8*s, col) }

func bellGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.dome(cx, cy-0.65*s, 0.6*s, 1.0*s, col)
	c.rect(cx-0.75*s, cy+0.3*s, 1.5*s, 0.15*s, col)
	c.circle(cx, cy+0.6*s, 0.15*s, col)
}

func sunGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	for i := 0; i < 8; i++ {
		a := float64(i) * 3.14159265 / 4
		c.line(cx+0.55*s*cos(a), cy+0.55*s*sin(a), cx+0.8*s*cos(a), cy+0.8*s*sin(a), 0.12*s, col)
	}
	c.circle(cx, cy, 0.4*s, col)
}

func speakerGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.poly(col, cx-0.7*s, cy-0.25*s, cx-0.35*s, cy-0.25*s, cx+0.1*s, cy-0.65*s, cx+0.1*s, cy+0.65*s, cx-0.35*s, cy+0.25*s, cx-0.7*s, cy+0.25*s)
	c.line(cx+0.35*s, cy-0.3*s, cx+0.35*s, cy+0.3*s, 0.12*s, col)
	c.line(cx+0.6*s, cy-0.5*s, cx+0.6*s, cy+0.5*s, 0.12*s, col)
}

func wifiGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.circle(cx, cy+0.5*s, 0.14*s, col)
	c.polyline(0.13*s, col, cx-0.35*s, cy+0.15*s, cx, cy-0.05*s, cx+0.35*s, cy+0.15*s)
	c.polyline(0.13*s, col, cx-0.7*s, cy-0.2*s, cx, cy-0.5*s, cx+0.7*s, cy-0.2*s)
}

func lockGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.round(cx-0.55*s, cy-0.1*s, 1.1*s, 0.8*s, 0.12*s, col)
	c.frame(cx-0.35*s, cy-0.65*s, 0.7*s, 0.8*s, 0.35*s, 0.13*s, col)
}

func handGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	// A person with a heart: accessibility and care.
	person(c, cx-0.15*s, cy, 0.7*s, col)
	c.circle(cx+0.45*s, cy-0.55*s, 0.18*s, col)
	c.circle(cx+0.75*s, cy-0.55*s, 0.18*s, col)
	c.poly(col, cx+0.28*s, cy-0.5*s, cx+0.92*s, cy-0.5*s, cx+0.6*s, cy-0.12*s)
}

func batteryGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.frame(cx-0.75*s, cy-0.38*s, 1.4*s, 0.76*s, 0.12*s, 0.12*s, col)
	c.rect(cx+0.65*s, cy-0.15*s, 0.12*s, 0.3*s, col)
	c.rect(cx-0.55*s, cy-0.2*s, 0.7*s, 0.4*s, col)
}

func searchGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.ring(cx-0.15*s, cy-0.15*s, 0.55*s, 0.14*s, col)
	c.line(cx+0.25*s, cy+0.25*s, cx+0.7*s, cy+0.7*s, 0.16*s, col)
}

func micGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.round(cx-0.28*s, cy-0.8*s, 0.56*s, 1.05*s, 0.28*s, col)
	c.polyline(0.1*s, col, cx-0.5*s, cy-0.05*s, cx-0.45*s, cy+0.25*s, cx, cy+0.45*s, cx+0.45*s, cy+0.25*s, cx+0.5*s, cy-0.05*s)
	c.line(cx, cy+0.45*s, cx, cy+0.75*s, 0.1*s, col)
}

func videoGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.round(cx-0.8*s, cy-0.45*s, 1.1*s, 0.9*s, 0.15*s, col)
	c.poly(col, cx+0.35*s, cy-0.1*s, cx+0.8*s, cy-0.4*s, cx+0.8*s, cy+0.4*s, cx+0.35*s, cy+0.1*s)
}

func pinGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.circle(cx, cy-0.25*s, 0.5*s, col)
	c.poly(col, cx-0.45*s, cy-0.05*s, cx+0.45*s, cy-0.05*s, cx, cy+0.8*s)
	c.circle(cx, cy-0.25*s, 0.18*s, white)
}

func cardGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.round(cx-0.8*s, cy-0.5*s, 1.6*s, 1.0*s, 0.12*s, col)
	c.rect(cx-0.8*s, cy-0.25*s, 1.6*s, 0.18*s, rgb(0x333a44))
}

func heartGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.circle(cx-0.3*s, cy-0.2*s, 0.35*s, col)
	c.circle(cx+0.3*s, cy-0.2*s, 0.35*s, col)
	c.poly(col, cx-0.64*s, cy-0.1*s, cx+0.64*s, cy-0.1*s, cx, cy+0.65*s)
}

func yenGlyph(c *canvas, cx, cy, s float64, col color.RGBA) { yen(c, cx, cy, 0.6*s, col) }

func starGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	var pts []float64
	for i := 0; i < 10; i++ {
		r := 0.8 * s
		if i%2 == 1 {
			r = 0.35 * s
		}
		a := -3.14159265/2 + float64(i)*3.14159265/5
		pts = append(pts, cx+r*cos(a), cy+r*sin(a))
	}
	c.poly(col, pts...)
}

func cubeGlyph(c *canvas, cx, cy, s float64, col color.RGBA) { // mini programs, services
	c.ring(cx-0.35*s, cy, 0.35*s, 0.12*s, col)
	c.ring(cx+0.35*s, cy, 0.35*s, 0.12*s, col)
}

func chevron(c *canvas, x, y float64, col color.RGBA) {
	c.polyline(3.5, col, x-5, y-11, x+5, y, x-5, y+11)
}

// app is an icon on a phone's home screen.
type app struct {
	label string
	bg    color.RGBA
	g     glyph
	fg    color.RGBA
}

// The home screen's grid: four columns of 104-pixel icons from x 38, step
// 126; rows from y 96, step 150. Icon (col, row) is at homeIcon(col, row).
func homeIcon(col, row int) (x, y float64) { return 38 + float64(col)*126, 96 + float64(row)*150 }

// homeScreen draws a home screen: apps in rows of four, and four in the dock.
func homeScreen(c *canvas, apps []app, dock []app) {
	c.rect(0, 0, W, H, screenBlue)
	c.poly(teal, 0, 700, 170, 590, 260, 650, 380, 540, 540, 660, 540, 960, 0, 960)
	statusBar(c, white)
	for i, a := range apps {
		x, y := homeIcon(i%4, i/4)
		appIcon(c, x, y, 104, a)
		c.text(x+52, y+126, 21, white, center, a.label)
	}
	if len(dock) > 0 {
		c.round(24, 800, 492, 118, 30, rgb(0x2a4d6e))
		for i, a := range dock {
			appIcon(c, 44+float64(i)*122, 814, 90, a)
		}
	}
	homeIndicator(c, white)
}

func appIcon(c *canvas, x, y, s float64, a app) {
	c.round(x, y, s, s, s*0.24, a.bg)
	fg := a.fg
	if fg == (color.RGBA{}) {
		fg = white
	}
	if a.g != nil {
		a.g(c, x+s/2, y+s/2, s*0.3, fg)
	}
}

// setRow is one line of a settings list.
type setRow struct {
	label string
	bg    color.RGBA
	g     glyph
	value string // grey text at the right
}

// settingsList draws rows of 96 pixels from y with round icons: row i
// spans y+i*96 to y+(i+1)*96.
func settingsList(c *canvas, y float64, rows []setRow) {
	for i, r := range rows {
		top := y + float64(i)*96
		cy := top + 48
		x := 28.0
		if r.g != nil {
			c.round(28, cy-24, 48, 48, 12, r.bg)
			r.g(c, 52, cy, 15, white)
			x = 98
		}
		c.text(x, cy, 28, ink, left, r.label)
		if r.value != "" {
			c.text(490, cy, 24, grey, right, r.value)
		}
		chevron(c, 510, cy, grey)
		c.rect(x, top+95, W-x, 1.5, line)
	}
}

// searchBox draws a rounded search field with a magnifier and a hint.
func searchBox(c *canvas, x, y, w float64, hint string) {
	c.round(x, y, w, 64, 32, rgb(0xe8e8e8))
	searchGlyph(c, x+40, y+32, 16, grey)
	c.text(x+72, y+32, 26, grey, left, hint)
}

// sheet draws a bottom sheet of options, each 100 pixels high, over a
// dimmed page, with 取消 at the bottom when cancel is set. It returns the
// top of the first option.
func sheet(c *canvas, options []string, cancel bool) float64 {
	c.rect(0, 0, W, H, color.RGBA{0, 0, 0, 0x66})
	n := float64(len(options))
	h := n * 100
	if cancel {
		h += 112
	}
	top := H - 40 - h
	c.round(0, top, W, h+60, 20, white)
	for i, o := range options {
		y := top + float64(i)*100
		c.text(W/2, y+50, 30, ink, center, o)
		if i > 0 {
			c.rect(0, y, W, 1.5, line)
		}
	}
	if cancel {
		c.rect(0, top+n*100, W, 12, paper)
		c.text(W/2, top+n*100+62, 30, ink, center, "取消")
	}
	homeIndicator(c, ink)
	return top
}

// bubble is one chat message.
type bubble struct {
	mine   bool
	text   string
	voice  int // seconds, for a voice message
	photo  color.RGBA
	avatar color.RGBA
}

// chatPage draws a WeChat chat: title, messages from y 150, and the input
// bar (y 812 to 900: voice key at x 10-90, field, emoji, + at x 450-530).
func chatPage(c *canvas, title string, msgs []bubble) {
	c.rect(0, 0, W, H, rgb(0xededed))
	statusBar(c, ink)
	header(c, title, true)
	c.text(500, 88, 34, ink, center, "···")
	y := 160.0
	for _, m := range msgs {
		h := 84.0
		if m.photo != (color.RGBA{}) {
			h = 200
		}
		av := m.avatar
		if av == (color.RGBA{}) {
			av = orange
			if m.mine {
				av = brown
			}
		}
		ax := 18.0
		if m.mine {
			ax = 454
		}
		avatar(c, ax, y, 68, av, figPerson)
		switch {
		case m.photo != (color.RGBA{}):
			bx := 100.0
			if m.mine {
				bx = 440 - 220
			}
			c.round(bx, y, 220, 190, 10, m.photo)
			c.poly(white, bx+20, y+170, bx+90, y+90, bx+130, y+130, bx+160, y+105, bx+200, y+170)
			c.circle(bx+165, y+55, 18, rgb(0xffc400))
		case m.voice > 0:
			w := 140 + float64(m.voice)*6
			col := white
			bx := 100.0
			if m.mine {
				col = bubbleGreen
				bx = 440 - w
			}
			c.round(bx, y, w, 68, 10, col)
			label := itoa(m.voice) + "″"
			if m.mine {
				c.text(bx+24, y+34, 26, ink, left, label)
				speakerGlyph(c, bx+w-34, y+34, 16, ink)
			} else {
				speakerGlyph(c, bx+34, y+34, 16, ink)
				c.text(bx+w-24, y+34, 26, ink, right, label)
			}
		default:
			w := c.textWidth(m.text, 28) + 44
			col := white
			bx := 100.0
			if m.mine {
				col = bubbleGreen
				bx = 440 - w
			}
			c.round(bx, y, w, 68, 10, col)
			c.text(bx+22, y+34, 28, ink, left, m.text)
		}
		y += h + 16
	}
	inputBar(c, false)
}

// inputBar draws the chat's input bar at y 812 to 900; voice set: the
// 按住 说话 bar instead of the text field.
func inputBar(c *canvas, voice bool) {
	c.rect(0, 800, W, 160, rgb(0xf7f7f7))
	c.rect(0, 800, W, 1.5, line)
	if voice {
		keyboardIcon(c, 50, 856, ink)
		c.round(96, 820, 300, 72, 10, white)
		c.text(246, 856, 30, ink, center, "按住 说话")
	} else {
		c.ring(50, 856, 24, 3.5, ink)
		speakerGlyph(c, 52, 856, 12, ink)
		c.round(96, 820, 300, 72, 10, white)
	}
	c.ring(428, 856, 24, 3.5, ink) // emoji
	c.circle(420, 850, 3, ink)
	c.circle(436, 850, 3, ink)
	c.polyline(3, ink, 418, 862, 428, 868, 438, 862)
	plusButton(c, 490, 856, ink)
}

func keyboardIcon(c *canvas, cx, cy float64, col color.RGBA) {
	c.ring(cx, cy, 24, 3.5, col)
	for r := 0.0; r < 2; r++ {
		for i := 0.0; i < 3; i++ {
			c.rect(cx-12+i*9, cy-8+r*8, 5, 5, col)
		}
	}
	c.rect(cx-8, cy+9, 16, 3, col)
}

// plusPanel draws the panel under the chat opened by its +: icons of 108
// pixels in four columns from x 38, step 126; rows from y 620, step 150.
func plusPanel(c *canvas, items []app) {
	c.rect(0, 600, W, 360, rgb(0xf7f7f7))
	c.rect(0, 600, W, 1.5, line)
	for i, a := range items {
		x := 38 + float64(i%4)*126
		y := 620 + float64(i/4)*150
		c.round(x+6, y, 96, 96, 20, white)
		a.g(c, x+54, y+48, 26, ink)
		c.text(x+54, y+120, 21, dark, center, a.label)
	}
	homeIndicator(c, ink)
}

// profileCard draws an account's or person's page: a big picture, the
// name and lines under it, from y 160.
func profileCard(c *canvas, bg color.RGBA, f figure, name string, lines []string) {
	avatar(c, 40, 170, 120, bg, f)
	c.text(190, 205, 36, ink, left, name)
	for i, l := range lines {
		c.text(190, 255+float64(i)*40, 24, grey, left, l)
	}
}

// verified draws a verification tick in a circle.
func verified(c *canvas, cx, cy float64) {
	c.circle(cx, cy, 14, rgb(0xf0a800))
	c.polyline(3.5, white, cx-7, cy, cx-2, cy+6, cx+7, cy-6)
}

var (
	screenBlue  = rgb(0x5b8fd0)
	bubbleGreen = rgb(0x95ec69)
)

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

// dialogBox draws a centred dialog with a title, lines of text and two
// buttons side by side; it returns the top of the buttons (84 high,
// left half and right half of the box, x 50 to 490).
func dialogBox(c *canvas, y float64, title string, lines []string, no, yes string, yesCol color.RGBA) float64 {
	c.rect(0, 0, W, H, color.RGBA{0, 0, 0, 0x66})
	h := 120 + float64(len(lines))*44 + 84
	c.round(50, y, 440, h, 18, white)
	c.text(W/2, y+56, 32, ink, center, title)
	for i, l := range lines {
		c.text(W/2, y+110+float64(i)*44, 25, dark, center, l)
	}
	by := y + h - 84
	c.rect(50, by, 440, 1.5, line)
	c.rect(269, by, 1.5, 84, line)
	c.text(160, by+42, 30, ink, center, no)
	c.text(380, by+42, 30, yesCol, center, yes)
	return by
}

func crossGlyph(c *canvas, cx, cy, s float64, col color.RGBA) { // a medical cross
	c.rect(cx-0.2*s, cy-0.7*s, 0.4*s, 1.4*s, col)
	c.rect(cx-0.7*s, cy-0.2*s, 1.4*s, 0.4*s, col)
}
