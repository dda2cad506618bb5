package main

import "image/color"

// Lesson 2 (wechat-install): the app store, WeChat's first screens.

func init() {
	for _, f := range []string{"", "huawei", "xiaomi", "oppo", "vivo", "iphone"} {
		f := f
		suffix := ""
		if f != "" {
			suffix = "-" + f
		}
		add(func() *canvas { return homeWith(storeApp(f)) }, "02-wechat-install/home"+suffix+".png")
	}
	add(func() *canvas { return storeResults("安装", false) }, "02-wechat-install/store.png")
	add(func() *canvas { return storeResults("获取", false) }, "02-wechat-install/store-iphone.png")
	add(func() *canvas { return storeResults("打开", true) }, "02-wechat-install/store-open.png")
	add(wechatWelcome, "02-wechat-install/welcome.png")
	add(register, "02-wechat-install/register.png")
	add(assist, "02-wechat-install/assist.png")
}

// storeResults is a search for 微信 in an app store: an advertisement
// first (its button at [370, 205, 150, 84]), then WeChat by 腾讯 (its
// button at [370, 345, 150, 84]). done: the button says 打开 and there is
// no advertisement (the learner has come back to the store).
func storeResults(button string, done bool) *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	backArrow(c, 30, 92, ink)
	c.round(60, 60, 456, 64, 32, rgb(0xe8e8e8))
	searchGlyph(c, 100, 92, 16, grey)
	c.text(130, 92, 28, ink, left, "微信")
	row := func(y float64, bg, fg color3, g glyph, name, sub1, sub2, btn string, strong bool) {
		c.round(28, y+18, 100, 100, 24, bg.c)
		g(c, 78, y+68, 30, fg.c)
		c.text(150, y+40, 30, ink, left, name)
		c.text(150, y+80, 22, grey, left, sub1)
		c.text(150, y+112, 22, grey, left, sub2)
		bcol, tcol := rgb(0xe8eefa), blue
		if strong {
			bcol, tcol = blue, white
		}
		c.round(380, y+45, 130, 64, 32, bcol)
		c.text(445, y+77, 28, tcol, center, btn)
		c.rect(28, y+139, 484, 1.5, line)
	}
	if !done {
		row(160, color3{rgb(0xffc400)}, color3{white}, starGlyph, "手机清理大师", "广告", "高速下载 · 免费领红包", "安装", false)
	}
	y := 300.0
	if done {
		y = 160
	}
	row(y, color3{green}, color3{white}, wechatGlyph, "微信", "开发者：腾讯", "聊天、视频通话", button, true)
	row(y+140, color3{blue}, color3{white}, messageGlyph, "微信读书", "开发者：腾讯", "读书软件", button2(button, done), false)
	row(y+280, color3{orange}, color3{white}, calendarGlyph, "企业微信", "开发者：腾讯", "办公软件", button2(button, done), false)
	homeIndicator(c, ink)
	return c
}

// color3 wraps a colour so rows read as (background, figure).
type color3 struct{ c color.RGBA }

func button2(b string, done bool) string {
	if done {
		return "安装"
	}
	return b
}

// wechatWelcome is WeChat's first screen: 登录 at the left and 注册 at the
// right of the bottom, [290, 800, 210, 84].
func wechatWelcome() *canvas {
	c := newCanvas(rgb(0x1b2430))
	statusBar(c, white)
	c.circle(270, 420, 210, rgb(0x2f4a6b))
	c.circle(330, 360, 60, rgb(0x3f6a96))
	person(c, 200, 540, 60, rgb(0x1b2430))
	c.round(40, 800, 210, 84, 14, rgb(0x3a4552))
	c.text(145, 842, 32, white, center, "登录")
	c.round(290, 800, 210, 84, 14, green)
	c.text(395, 842, 32, white, center, "注册")
	homeIndicator(c, white)
	return c
}

// register is WeChat's sign-up form; 同意并继续 is [40, 700, 460, 96].
func register() *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	closeCross(c, 46, 92, 14, ink)
	c.text(40, 180, 40, ink, left, "手机号注册")
	fields := [][2]string{{"昵称", "例如：王阿姨"}, {"国家/地区", "中国大陆（+86）"}, {"手机号", "请填写手机号"}, {"密码", "请填写密码"}}
	for i, f := range fields {
		y := 250 + float64(i)*96
		c.text(40, y+48, 28, ink, left, f[0])
		col := grey
		if i == 1 {
			col = ink
		}
		c.text(200, y+48, 28, col, left, f[1])
		c.rect(40, y+95, 460, 1.5, line)
	}
	c.frame(40, 640, 30, 30, 15, 3, grey)
	c.text(84, 655, 21, grey, left, "我已阅读并同意《软件许可及服务协议》")
	c.round(40, 700, 460, 96, 14, green)
	c.text(270, 748, 32, white, center, "同意并继续")
	homeIndicator(c, ink)
	return c
}

// assist is 好友辅助验证: a code a friend scans to vouch for the new
// account.
func assist() *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	header(c, "安全验证", true)
	c.text(W/2, 200, 30, ink, center, "请一位好友用微信扫下面的码")
	c.text(W/2, 245, 24, grey, center, "帮您完成验证")
	qrCode(c, 150, 300, 240)
	c.round(60, 640, 420, 130, 14, redPale)
	c.text(W/2, 680, 26, red, center, "只请自己的家人扫")
	c.text(W/2, 725, 24, red, center, "不扫陌生人的“辅助验证”码")
	homeIndicator(c, ink)
	return c
}

// qrCode draws a made-up QR code of side s at x, y.
func qrCode(c *canvas, x, y, s float64) {
	c.rect(x, y, s, s, white)
	cell := s / 21
	bits := []string{
		"111111101011101111111", "100000100110001000001", "101110101001101011101", "101110100111001011101",
		"101110101100101011101", "100000101011001000001", "111111101010101111111", "000000001101100000000",
		"110111111010011101110", "011010010111100101001", "101101101001011010111", "010010000110101101000",
		"111011111011010110110", "000000001100110001011", "111111101011011010100", "100000100101100110111",
		"101110101110010101000", "101110100011101011101", "101110101101010100110", "100000101010111011001",
		"111111101101001101111",
	}
	for r, row := range bits {
		for col, b := range row {
			if b == '1' {
				c.rect(x+float64(col)*cell, y+float64(r)*cell, cell+0.5, cell+0.5, ink)
			}
		}
	}
}
