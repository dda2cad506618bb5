package main

// Lesson 14 (scam-rehearsal) and 17 (scam-rehearsal-2): scams as they
// reach seniors now.

func init() {
	add(func() *canvas { return phoneCall("96110", "来电") }, "14-scam-rehearsal/incoming-96110.png")
	add(newNumberSMS, "14-scam-rehearsal/scam-new-number.png")
}

// phoneCall is an ordinary phone call coming in (not WeChat): decline at
// the left, answer at the right, [336, 686, 148, 148].
func phoneCall(number, what string) *canvas {
	c := newCanvas(rgb(0x263238))
	statusBar(c, white)
	c.text(W/2, 260, 64, white, center, number)
	c.text(W/2, 330, 28, rgb(0xbbbbbb), center, what)
	c.circle(130, 760, 74, red)
	phoneGlyph(c, 130, 760, 36, white)
	c.text(130, 870, 26, white, center, "拒接")
	c.circle(410, 760, 74, green)
	phoneGlyph(c, 410, 760, 36, white)
	c.text(410, 870, 26, white, center, "接听")
	homeIndicator(c, white)
	return c
}

// smsPage is the phone's messages: a number and its messages to her.
func smsPage(from string, lines [][]string) *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	header(c, from, true)
	c.text(490, 88, 34, ink, center, "···")
	y := 170.0
	for _, msg := range lines {
		h := float64(len(msg))*40 + 30
		c.round(24, y, 440, h, 18, paper)
		for i, l := range msg {
			c.text(48, y+34+float64(i)*40, 27, ink, left, l)
		}
		y += h + 24
	}
	homeIndicator(c, ink)
	return c
}

func newNumberSMS() *canvas {
	return smsPage("138 9999 0000", [][]string{
		{"爸，我是小军，手机坏了，", "这是我的新号码，存一下。"},
		{"急用钱，先借我两万，", "转到这个卡上，别跟妈说，", "明天就还你。"},
	})
}
