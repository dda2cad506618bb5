package main

import "image/color"

// Lesson 18 (taxi): a ride-hailing app, drawn generic.

func init() {
	add(taxiHome, "18-taxi/home.png")
	add(taxiCare, "18-taxi/taxi-care.png")
	add(func() *canvas { return taxiMap("start") }, "18-taxi/taxi-start.png")
	add(taxiPlaces, "18-taxi/taxi-places.png")
	add(func() *canvas { return taxiMap("confirm") }, "18-taxi/taxi-confirm.png")
	add(func() *canvas { return taxiMap("waiting") }, "18-taxi/taxi-waiting.png")
	add(func() *canvas { return taxiMap("coming") }, "18-taxi/taxi-coming.png")
}

func carGlyph(c *canvas, cx, cy, s float64, col color.RGBA) {
	c.round(cx-0.85*s, cy-0.1*s, 1.7*s, 0.55*s, 0.15*s, col)
	c.poly(col, cx-0.55*s, cy-0.1*s, cx-0.35*s, cy-0.55*s, cx+0.35*s, cy-0.55*s, cx+0.55*s, cy-0.1*s)
	c.circle(cx-0.5*s, cy+0.5*s, 0.2*s, rgb(0x333a44))
	c.circle(cx+0.5*s, cy+0.5*s, 0.2*s, rgb(0x333a44))
}

// taxiHome has the taxi app second in the second row, [164, 246, 104, 104].
func taxiHome() *canvas {
	c := newCanvas(screenBlue)
	homeScreen(c, []app{
		{"时钟", rgb(0x333a44), clockGlyph, white},
		{"微信", green, wechatGlyph, white},
		{"设置", rgb(0x9e9e9e), gearGlyph, white},
		{"相册", white, photosGlyph, rgb(0x1e6fd9)},
		{"相机", rgb(0x333a44), cameraGlyph, white},
		{"打车", rgb(0xffc400), carGlyph, ink},
		{"天气", rgb(0x29b6f6), sunGlyph, white},
		{"地图", rgb(0xcfefd9), pinGlyph, green},
	}, []app{
		{"电话", green, phoneGlyph, white},
		{"信息", rgb(0x43a047), messageGlyph, white},
		{"联系人", orange, personGlyph, white},
		{"浏览器", blue, searchGlyph, white},
	})
	return c
}

// taxiCare is a taxi app's care mode: big 一键叫车 and places family set.
func taxiCare() *canvas {
	c := pageWith("关怀模式", true)
	c.round(40, 170, 460, 200, 24, rgb(0xffc400))
	carGlyph(c, 270, 235, 50, ink)
	c.text(270, 320, 44, ink, center, "一键叫车")
	c.text(40, 430, 26, grey, left, "家人帮您设好的地方：")
	places := []string{"回家", "去医院", "去女儿家"}
	for i, p := range places {
		y := 460 + float64(i)*120
		c.round(40, y, 460, 100, 18, paper)
		pinGlyph(c, 90, y+50, 22, orange)
		c.text(130, y+50, 34, ink, left, p)
	}
	homeIndicator(c, ink)
	return c
}

func mapBackground(c *canvas) {
	c.rect(0, 0, W, H, rgb(0xe8eee4))
	for _, r := range [][4]float64{{0, 300, 540, 26}, {0, 520, 540, 22}, {150, 0, 24, 960}, {380, 0, 22, 960}} {
		c.rect(r[0], r[1], r[2], r[3], white)
	}
	c.round(200, 360, 150, 120, 10, rgb(0xcfe3c2))
	c.round(30, 80, 100, 180, 10, rgb(0xdfe6ee))
}

// taxiMap draws the map with a card at the bottom, by stage: start (您要去
// 哪儿 at [50, 712, 460, 96]), confirm (呼叫出租车 at [50, 750, 440,
// 130]), waiting (取消订单 at [50, 760, 440, 110]), coming (the driver's
// phone at [390, 580, 120, 120], 分享行程 at [40, 740, 220, 90]).
func taxiMap(stage string) *canvas {
	c := newCanvas(white)
	mapBackground(c)
	statusBar(c, ink)
	backArrow(c, 40, 90, ink)
	switch stage {
	case "start":
		c.circle(162, 430, 26, color4(0x1e6fd9, 0x40))
		c.circle(162, 430, 12, blue)
		c.round(30, 600, 480, 230, 20, white)
		c.circle(74, 660, 10, green)
		c.text(100, 660, 28, ink, left, "盐城路社区 上车")
		c.rect(60, 700, 420, 1.5, line)
		c.circle(74, 760, 10, orange)
		c.text(100, 760, 32, ink, left, "您要去哪儿")
	case "confirm", "waiting":
		c.polyline(8, rgb(0x1a9e55), 162, 430, 162, 313, 391, 313, 391, 120)
		c.circle(162, 430, 12, green)
		c.circle(391, 120, 12, orange)
		c.round(30, 560, 480, 360, 20, white)
		c.text(60, 610, 26, ink, left, "去：市立医院（本部）门诊楼")
		if stage == "confirm" {
			c.text(60, 665, 28, dark, left, "出租车  约 18 元 · 约 15 分钟")
			c.round(50, 750, 440, 130, 24, rgb(0xffc400))
			carGlyph(c, 150, 815, 26, ink)
			c.text(300, 815, 36, ink, center, "呼叫出租车")
		} else {
			c.text(W/2, 680, 34, ink, center, "正在为您叫车……")
			c.text(W/2, 725, 24, grey, center, "已等待 0分45秒，还没有司机接单")
			c.round(50, 760, 440, 110, 24, white)
			c.frame(50, 760, 440, 110, 24, 3, grey)
			c.text(270, 815, 32, ink, center, "取消订单")
		}
	case "coming":
		c.polyline(8, rgb(0x1a9e55), 162, 430, 162, 313, 300, 313)
		carGlyph(c, 310, 300, 22, ink)
		c.circle(162, 430, 12, blue)
		c.round(30, 520, 480, 400, 20, white)
		avatar(c, 50, 580, 90, brown, figPerson)
		c.text(160, 600, 28, ink, left, "王师傅 · 白色轿车")
		c.text(160, 650, 40, ink, left, "鲁B·D1234")
		c.circle(450, 640, 42, green)
		phoneGlyph(c, 450, 640, 20, white)
		c.rect(50, 710, 440, 1.5, line)
		c.round(40, 740, 220, 90, 16, paper)
		peopleGlyph(c, 85, 785, 18, blue)
		c.text(180, 785, 28, ink, center, "分享行程")
		c.round(280, 740, 220, 90, 16, paper)
		c.round(305, 765, 34, 40, 8, red)
		c.text(410, 785, 28, ink, center, "安全中心")
	}
	homeIndicator(c, ink)
	return c
}

func color4(v uint32, a uint8) color.RGBA {
	c := rgb(v)
	// premultiplied, as image/color wants
	f := float64(a) / 255
	return color.RGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), a}
}

// taxiPlaces lists places for "医院", rows of 116 from y 150: the hospital
// she means is the third, [0, 382, 540, 116].
func taxiPlaces() *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	backArrow(c, 30, 92, ink)
	c.round(60, 60, 456, 64, 12, paper)
	c.circle(94, 92, 8, orange)
	c.text(116, 92, 28, ink, left, "医院")
	rows := [][2]string{
		{"市立医院-停车场", "市南区 · 距您 1.2 公里"},
		{"市立医院口腔门诊部", "市南区 · 距您 2.0 公里"},
		{"市立医院（本部）门诊楼", "市南区胶州路1号（示例）"},
		{"市立医院（东院区）", "崂山区 · 距您 11 公里"},
	}
	for i, r := range rows {
		y := 150 + float64(i)*116
		pinGlyph(c, 62, y+58, 20, grey)
		c.text(110, y+40, 30, ink, left, r[0])
		c.text(110, y+82, 22, grey, left, r[1])
		c.rect(110, y+115, W-110, 1.5, line)
	}
	homeIndicator(c, ink)
	return c
}
