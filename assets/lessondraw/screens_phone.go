package main

import "image/color"

// The phone itself: its body and keys, the home screen, settings. Lesson
// 1 (phone-basics), 2 (wechat-install), 3 (care-mode).

func init() {
	add(func() *canvas { return phoneBody("right") }, "01-phone-basics/phone-body.png")
	add(func() *canvas { return phoneBody("oppo") }, "01-phone-basics/phone-body-oppo.png")
	add(func() *canvas { return phoneBody("iphone") }, "01-phone-basics/phone-body-iphone.png")
	add(func() *canvas { return home("设置", "") }, "01-phone-basics/home.png")
	for _, f := range []string{"", "huawei", "xiaomi", "oppo", "vivo", "iphone"} {
		f := f
		suffix := ""
		if f != "" {
			suffix = "-" + f
		}
		add(func() *canvas { return settingsHome(f) }, "01-phone-basics/settings"+suffix+".png")
		add(func() *canvas { return displayPage(f) }, "01-phone-basics/display"+suffix+".png")
	}
	add(func() *canvas { return textSize("字体大小") }, "01-phone-basics/text-size.png")
	add(func() *canvas { return textSize("文字大小") }, "01-phone-basics/text-size-iphone.png")
}

// Keys on the phone's sides, in drawing pixels: the tap areas lessons use.
//
//	right-side phones (Huawei, Xiaomi, vivo): volume rocker x 398-418,
//	  y 230-390 (upper half louder); power x 398-418, y 420-500
//	OPPO: volume keys on the left x 122-142 (up y 240-320, down y 340-420),
//	  power on the right y 300-400
//	iPhone: action key left y 180-220, volume up y 250-330, down y 350-430;
//	  side key right y 270-400
func phoneBody(kind string) *canvas {
	c := newCanvas(paper)
	c.round(140, 110, 260, 740, 46, slate)
	c.round(154, 150, 232, 660, 18, screenBlue)
	c.circle(270, 130, 7, ink)
	c.round(216, 790, 108, 7, 3.5, white)
	key := func(x, y, h float64, col color.RGBA) { c.round(x, y, 22, h, 8, col) }
	plus := func(x, y float64) {
		c.line(x-18, y, x+18, y, 4, blue)
		c.line(x, y-18, x, y+18, 4, blue)
	}
	minus := func(x, y float64) { c.line(x-18, y, x+18, y, 4, blue) }
	power := func(x, y float64) {
		c.circle(x, y, 30, orange)
		c.ring(x, y, 15, 4, white)
		c.rect(x-7, y-22, 14, 16, orange)
		c.line(x, y-20, x, y-4, 4, white)
	}
	switch kind {
	case "right":
		key(397, 230, 160, blue)
		c.rect(397, 309, 22, 2, slate)
		plus(470, 270)
		minus(470, 350)
		key(397, 420, 80, orange)
		power(470, 460)
	case "oppo":
		key(121, 240, 80, blue)
		key(121, 340, 80, blue)
		plus(72, 280)
		minus(72, 380)
		key(397, 300, 100, orange)
		power(470, 350)
	case "iphone":
		key(121, 180, 40, grey)
		key(121, 250, 80, blue)
		key(121, 350, 80, blue)
		plus(72, 290)
		minus(72, 390)
		key(397, 270, 130, orange)
		power(470, 335)
	}
	return c
}

// home is a phone's home screen; the app store (or the icon named by
// store) is second in the first row, 设置 third: [164, 96, 104, 104] and
// [290, 96, 104, 104].
func home(settingsLabel, store string) *canvas {
	return homeWith(storeApp(store))
}

func storeApp(family string) app {
	switch family {
	case "huawei":
		return app{"应用市场", rgb(0xe02b2b), bagGlyph, white}
	case "xiaomi":
		return app{"应用商店", rgb(0x6d7684), bagGlyph, white}
	case "oppo":
		return app{"软件商店", rgb(0x6d7684), bagGlyph, white}
	case "vivo":
		return app{"应用商店", rgb(0x6d7684), bagGlyph, white}
	case "iphone":
		return app{"App Store", rgb(0x1e88e5), storeAGlyph, white}
	}
	return app{"应用商店", rgb(0x6d7684), bagGlyph, white}
}

func homeWith(store app) *canvas {
	c := newCanvas(screenBlue)
	homeScreen(c, []app{
		{"时钟", rgb(0x333a44), clockGlyph, white},
		store,
		{"设置", rgb(0x9e9e9e), gearGlyph, white},
		{"相册", white, photosGlyph, rgb(0x1e6fd9)},
		{"相机", rgb(0x333a44), cameraGlyph, white},
		{"日历", orange, calendarGlyph, white},
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

// settingsHome is 设置: a search box, then rows of 96 pixels from y 240;
// the display row is the fourth, [0, 528, 540, 96].
func settingsHome(family string) *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	c.text(28, 92, 40, ink, left, "设置")
	searchBox(c, 24, 150, 492, "搜索设置项")
	labels := map[string][]string{
		"":       {"WLAN", "蓝牙", "移动网络", "显示", "声音", "辅助功能", "电池"},
		"huawei": {"WLAN", "蓝牙", "移动网络", "显示和亮度", "声音和振动", "辅助功能", "电池"},
		"xiaomi": {"WLAN", "蓝牙", "移动网络", "显示与亮度", "声音与振动", "更多设置", "电池"},
		"oppo":   {"WLAN", "蓝牙", "移动网络", "显示与亮度", "声音与振动", "其他设置", "电池"},
		"vivo":   {"WLAN", "蓝牙", "移动网络", "显示与亮度", "声音与振动", "快捷与辅助", "电池"},
		"iphone": {"无线局域网", "蓝牙", "蜂窝网络", "显示与亮度", "声音与触感", "辅助功能", "电池"},
	}[family]
	icons := []struct {
		bg color.RGBA
		g  glyph
	}{{blue, wifiGlyph}, {blue, bellGlyph}, {green, phoneGlyph}, {orange, sunGlyph}, {red, speakerGlyph}, {rgb(0x1e88e5), handGlyph}, {green, batteryGlyph}}
	var rows []setRow
	for i, l := range labels {
		rows = append(rows, setRow{label: l, bg: icons[i].bg, g: icons[i].g})
	}
	settingsList(c, 240, rows)
	homeIndicator(c, ink)
	return c
}

// displayPage is the display settings; the text size row is the third,
// [0, 342, 540, 96].
func displayPage(family string) *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	title := map[string]string{"": "显示", "huawei": "显示和亮度", "iphone": "显示与亮度"}[family]
	if title == "" {
		title = "显示与亮度"
	}
	header(c, title, true)
	rows := map[string][]string{
		"":       {"深色模式", "亮度", "字体大小", "护眼模式", "屏幕色彩"},
		"huawei": {"深色模式", "亮度", "字体大小与粗细", "护眼模式", "屏幕分辨率"},
		"xiaomi": {"深色模式", "亮度", "字体大小", "护眼模式", "屏幕色彩"},
		"oppo":   {"深色模式", "亮度", "字体大小与显示大小", "护眼模式", "屏幕色彩模式"},
		"vivo":   {"深色模式", "亮度", "字体大小与粗细", "护眼模式", "屏幕色彩"},
		"iphone": {"自动锁定", "抬起唤醒", "文字大小", "粗体文本", "显示缩放"},
	}[family]
	var list []setRow
	for _, r := range rows {
		list = append(list, setRow{label: r})
	}
	settingsList(c, 150, list)
	homeIndicator(c, ink)
	return c
}

// textSize is the text size page: a sample, and a slider whose big A is
// at [380, 600, 140, 130].
func textSize(title string) *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	header(c, title, true)
	c.round(40, 180, 460, 250, 20, paper)
	c.text(70, 240, 24, ink, left, "预览")
	c.text(70, 300, 24, ink, left, "今天天气很好，")
	c.text(70, 345, 24, ink, left, "下午去社区活动室。")
	c.text(60, 665, 30, ink, center, "A")
	c.text(450, 665, 72, ink, center, "A")
	c.round(100, 661, 300, 8, 4, line)
	c.round(100, 661, 70, 8, 4, blue)
	for i := 0.0; i < 5; i++ {
		c.rect(100+i*75, 650, 3, 30, grey)
	}
	c.circle(170, 665, 22, white)
	c.ring(170, 665, 22, 3, blue)
	c.text(W/2, 760, 24, grey, center, "往右拖，字变大")
	homeIndicator(c, ink)
	return c
}
