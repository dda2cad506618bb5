package main

import "image/color"

// The new lessons: 3 (care-mode), 7 (voice-input), 8 (photos), 11
// (suggestions), 16 (pay-safely), 17 (scam-rehearsal-2), 19 (medical).

func init() {
	// 3 care-mode
	add(func() *canvas { return withTab(chatsBase(), 3) }, "03-care-mode/chats.png")
	add(wechatMe, "03-care-mode/me.png")
	add(wechatSettings, "03-care-mode/wechat-settings.png")
	add(careModePage, "03-care-mode/care-mode.png")
	add(careChat, "03-care-mode/care-chat.png")
	for _, f := range []string{"", "huawei", "xiaomi", "oppo", "vivo", "iphone"} {
		f := f
		suffix := ""
		if f != "" {
			suffix = "-" + f
		}
		add(func() *canvas { return settingsHome(f) }, "03-care-mode/settings"+suffix+".png")
	}
	add(func() *canvas {
		return settingsSearch("简易", []string{"简易模式", "简易模式中的桌面布局"})
	}, "03-care-mode/search-simple.png")
	add(func() *canvas { return settingsSearch("朗读", []string{"朗读屏幕", "朗读所选项"}) }, "03-care-mode/search-speak.png")
	add(simpleModePage, "03-care-mode/simple-mode.png")
	add(speakScreenPage, "03-care-mode/speak-screen.png")
	add(simpleHome, "03-care-mode/simple-home.png")

	// 7 voice-input
	add(daughterChat, "07-voice-input/chat.png")
	add(func() *canvas { return keyboardChat("", false) }, "07-voice-input/keyboard.png")
	add(func() *canvas { return keyboardChat("晚上做红烧鱼，早点回来", true) }, "07-voice-input/voice-typing.png")
	add(func() *canvas { return voiceMenu(false) }, "07-voice-input/voice-menu.png")
	add(func() *canvas { return voiceMenu(true) }, "07-voice-input/voice-text.png")

	// 8 photos
	add(func() *canvas { return homeWith(storeApp("")) }, "08-photos/home.png")
	add(cameraView, "08-photos/camera.png")
	add(chatPanel, "08-photos/chat-panel.png")
	add(func() *canvas { return photoPick(false) }, "08-photos/photo-pick.png")
	add(func() *canvas { return photoPick(true) }, "08-photos/photo-picked.png")

	// 11 suggestions
	add(accountMenu, "11-suggestions/account.png")
	add(serviceMenu, "11-suggestions/service-menu.png")
	add(func() *canvas { return suggestForm(0) }, "11-suggestions/suggest-form.png")
	add(func() *canvas { return suggestForm(1) }, "11-suggestions/suggest-category.png")
	add(func() *canvas { return suggestForm(2) }, "11-suggestions/suggest-ready.png")
	add(suggestDone, "11-suggestions/suggest-done.png")

	// 16 pay-safely
	add(plusMenu, "16-pay-safely/plus-menu.png")
	add(payCode, "16-pay-safely/paycode.png")
	add(payAmount, "16-pay-safely/pay-amount.png")
	add(paySuccess, "16-pay-safely/pay-success.png")
	add(transferPage, "16-pay-safely/transfer.png")

	// 17 scam-rehearsal-2
	add(meetingShare, "17-scam-rehearsal-2/meeting-share.png")
	add(func() *canvas {
		return smsPage("106 9000 1234", [][]string{
			{"【医保中心】您的医保卡", "存在异常，已被冻结。", "请点击链接解冻：", "yb-jiedong.cn/x7"},
		})
	}, "17-scam-rehearsal-2/sms-medical.png")
	add(func() *canvas { return incoming("女儿", "邀请你视频通话", orange) }, "17-scam-rehearsal-2/incoming-video.png")
	add(flyerHealth, "17-scam-rehearsal-2/flyer-health.png")
	add(flyerInvest, "17-scam-rehearsal-2/flyer-invest.png")

	// 19 medical
	add(func() *canvas { return chatsSearch(false) }, "19-medical/chats.png")
	add(func() *canvas { return chatsSearch(true) }, "19-medical/chats-iphone.png")
	add(medSearch, "19-medical/med-search.png")
	add(func() *canvas { return medCard(false) }, "19-medical/med-activate.png")
	add(func() *canvas { return medCard(true) }, "19-medical/med-code.png")
	add(apptDept, "19-medical/appt-dept.png")
	add(apptTime, "19-medical/appt-time.png")
	add(apptConfirm, "19-medical/appt-confirm.png")
}

// withTab redraws the tab bar with another tab lit (the 我 tab at [405,
// 830, 135, 82]).
func withTab(c *canvas, active int) *canvas {
	tabBar(c, active)
	homeIndicator(c, ink)
	return c
}

// wechatMe is WeChat's 我: rows of 96 from y 330; 设置 is the sixth,
// [0, 810-96*... see rows below.
func wechatMe() *canvas {
	c := newCanvas(paper)
	statusBar(c, ink)
	c.rect(0, 44, W, 250, white)
	avatar(c, 40, 120, 120, brown, figPerson)
	c.text(190, 155, 36, ink, left, "王阿姨")
	c.text(190, 205, 24, grey, left, "微信号：wang_ayi")
	c.rect(0, 310, W, 96, white)
	settingsList(c, 310, []setRow{{label: "服务", bg: green, g: yenGlyph}})
	c.rect(0, 422, W, 3*96, white)
	settingsList(c, 422, []setRow{
		{label: "收藏", bg: orange, g: starGlyph},
		{label: "朋友圈", bg: blue, g: photosGlyph},
		{label: "表情", bg: rgb(0xf0a800), g: heartGlyph},
	})
	c.rect(0, 726, W, 96, white)
	settingsList(c, 726, []setRow{{label: "设置", bg: blue, g: gearGlyph}})
	tabBar(c, 3)
	homeIndicator(c, ink)
	return c
}

// wechatSettings is 我 → 设置: 关怀模式 is the third row, [0, 342, 540,
// 96].
func wechatSettings() *canvas {
	c := pageWith("设置", true)
	settingsList(c, 150, []setRow{
		{label: "账号与安全"}, {label: "青少年模式"}, {label: "关怀模式"}, {label: "消息通知"},
		{label: "聊天"}, {label: "通用"}, {label: "朋友权限"},
	})
	homeIndicator(c, ink)
	return c
}

// careModePage explains 关怀模式; 开启 is [50, 720, 440, 110].
func careModePage() *canvas {
	c := pageWith("关怀模式", true)
	c.round(40, 170, 460, 300, 20, paper)
	c.text(80, 230, 44, ink, left, "文字更大")
	c.text(80, 300, 44, ink, left, "色彩更强")
	c.text(80, 370, 44, ink, left, "按钮更大")
	c.text(80, 430, 26, grey, left, "还可以听文字消息")
	c.text(W/2, 560, 26, dark, center, "开启后，微信的字和按钮都会变大")
	greenButton(c, 50, 720, 440, 110, "开启")
	homeIndicator(c, ink)
	return c
}

// careChat is a chat in care mode: big text, and a speaker by a message
// to hear it.
func careChat() *canvas {
	c := newCanvas(rgb(0xededed))
	statusBar(c, ink)
	c.rect(0, 44, W, 100, paper)
	backArrow(c, 45, 94, ink)
	c.text(W/2, 94, 38, ink, center, "女儿")
	avatar(c, 18, 180, 88, orange, figPerson)
	c.round(120, 180, 380, 170, 12, white)
	c.text(146, 225, 38, ink, left, "妈，周末我们")
	c.text(146, 280, 38, ink, left, "回家吃饭。")
	speakerGlyph(c, 470, 320, 16, green)
	avatar(c, 434, 400, 88, brown, figPerson)
	c.round(250, 400, 170, 96, 12, bubbleGreen)
	c.text(276, 448, 38, ink, left, "好呀")
	c.rect(0, 780, W, 180, rgb(0xf7f7f7))
	c.round(24, 800, 492, 110, 14, white)
	micGlyph(c, 90, 855, 26, ink)
	c.text(150, 855, 36, ink, left, "按住 说话")
	return c
}

// settingsSearch is the phone's settings search with a word typed and
// results in rows of 100 from y 160 (the first is [0, 160, 540, 100]).
func settingsSearch(word string, results []string) *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	backArrow(c, 30, 92, ink)
	c.round(60, 60, 456, 64, 32, rgb(0xe8e8e8))
	searchGlyph(c, 100, 92, 16, grey)
	c.text(130, 92, 28, ink, left, word)
	for i, r := range results {
		y := 160 + float64(i)*100
		c.text(40, y+50, 30, ink, left, r)
		c.rect(40, y+99, 500, 1.5, line)
	}
	homeIndicator(c, ink)
	return c
}

// simpleModePage is the phone's simple mode page: 启用 at [50, 740, 440,
// 110].
func simpleModePage() *canvas {
	c := pageWith("简易模式", true)
	c.round(150, 170, 240, 420, 30, slate)
	c.round(164, 190, 212, 380, 14, screenBlue)
	c.text(270, 240, 44, white, center, "9:30")
	for i := 0; i < 4; i++ {
		x := 180 + float64(i%2)*100
		y := 300 + float64(i/2)*120
		c.round(x, y, 80, 80, 16, []color.RGBA{green, rgb(0x43a047), orange, rgb(0x333a44)}[i])
	}
	c.text(W/2, 650, 26, dark, center, "图标和字更大，桌面更简单")
	greenButton(c, 50, 740, 440, 110, "启用")
	homeIndicator(c, ink)
	return c
}

// speakScreenPage is the iPhone's 朗读屏幕 switch, [400, 200, 120, 80].
func speakScreenPage() *canvas {
	c := pageWith("朗读内容", true)
	rows := []string{"朗读所选项", "朗读屏幕", "朗读输入内容"}
	for i, r := range rows {
		y := 160 + float64(i)*96
		c.text(40, y+48, 30, ink, left, r)
		c.round(430, y+28, 80, 44, 22, line)
		c.circle(452, y+50, 19, white)
		c.rect(40, y+95, 500, 1.5, line)
	}
	c.text(40, 500, 24, grey, left, "打开“朗读屏幕”以后，用两个手指")
	c.text(40, 540, 24, grey, left, "从屏幕顶上往下一滑，就会朗读这一页。")
	homeIndicator(c, ink)
	return c
}

func simpleHome() *canvas {
	c := newCanvas(rgb(0x1b2430))
	statusBar(c, white)
	c.text(W/2, 150, 90, white, center, "9:30")
	c.text(W/2, 230, 30, white, center, "11月30日 星期一")
	apps := []app{
		{"电话", green, phoneGlyph, white}, {"微信", green, wechatGlyph, white},
		{"相机", rgb(0x333a44), cameraGlyph, white}, {"相册", white, photosGlyph, blue},
		{"设置", rgb(0x9e9e9e), gearGlyph, white}, {"手电筒", orange, sunGlyph, white},
	}
	for i, a := range apps {
		x := 70 + float64(i%2)*220
		y := 290 + float64(i/2)*200
		appIcon(c, x, y, 180, a)
		c.text(x+90, y+158, 30, a.fg, center, a.label)
	}
	homeIndicator(c, white)
	return c
}

// keyboardChat is a chat with the keyboard up (y 540 to 960): its
// microphone key is [190, 860, 160, 80]; typed: the recognised words
// are in the field and 发送 shows at [430, 470, 100, 60].
func keyboardChat(typed string, listening bool) *canvas {
	c := daughterChat()
	c.rect(0, 450, W, 90, rgb(0xf7f7f7))
	c.rect(0, 450, W, 1.5, line)
	c.ring(50, 495, 24, 3.5, ink)
	speakerGlyph(c, 52, 495, 12, ink)
	c.round(96, 462, 320, 66, 10, white)
	if typed != "" {
		c.text(110, 495, 22, ink, left, typed)
		c.round(430, 465, 100, 60, 10, green)
		c.text(480, 495, 26, white, center, "发送")
	} else {
		c.rect(112, 472, 3, 46, green)
		plusButton(c, 490, 495, ink)
	}
	c.rect(0, 540, W, 420, rgb(0xd1d5db))
	keys := []string{"，。?!", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"}
	for i, k := range keys {
		x := 10 + float64(i%3)*177
		y := 560 + float64(i/3)*96
		c.round(x, y, 168, 86, 8, white)
		c.text(x+84, y+43, 26, ink, center, k)
	}
	bottom := []string{"符号", "123", "", "空格", "换行"}
	xs := []float64{10, 100, 190, 360, 450}
	ws := []float64{82, 82, 160, 82, 80}
	for i, b := range bottom {
		col := white
		if i == 2 {
			col = rgb(0x1e88e5)
		}
		c.round(xs[i], 860, ws[i], 80, 8, col)
		if i == 2 {
			micGlyph(c, xs[i]+ws[i]/2, 900, 22, white)
		} else {
			c.text(xs[i]+ws[i]/2, 900, 22, ink, center, b)
		}
	}
	if listening {
		c.round(120, 300, 300, 120, 20, color.RGBA{0x20, 0x20, 0x20, 0xdd})
		c.text(270, 345, 28, white, center, "正在听……")
		c.text(270, 390, 22, rgb(0xcccccc), center, "说完点一下话筒")
	}
	return c
}

// voiceMenu is a voice message from the daughter held down: a menu above
// it with 转文字 at [275, 160, 117, 90]; text: the words shown under it.
func voiceMenu(text bool) *canvas {
	c := newCanvas(white)
	chatPage(c, "女儿", []bubble{
		{text: "妈，在吗？", avatar: orange},
		{voice: 8, avatar: orange},
	})
	if !text {
		c.round(40, 160, 470, 90, 12, rgb(0x4c4c4c))
		items := []string{"听筒播放", "收藏", "转文字", "删除"}
		for i, it := range items {
			x := 40 + float64(i)*117.5
			c.text(x+58, 205, 24, white, center, it)
		}
		c.poly(rgb(0x4c4c4c), 150, 249, 170, 262, 190, 249)
	} else {
		c.round(100, 350, 400, 110, 10, white)
		c.text(122, 385, 26, ink, left, "妈，我晚上七点到家，")
		c.text(122, 425, 26, ink, left, "不用等我吃饭。")
	}
	return c
}

// cameraView is the camera: the shutter at [205, 790, 130, 130].
func cameraView() *canvas {
	c := newCanvas(ink)
	c.rect(0, 120, W, 620, rgb(0x7cb342))
	c.poly(white, 40, 700, 200, 420, 300, 560, 380, 470, 520, 700)
	c.circle(400, 300, 40, rgb(0xffc400))
	statusBar(c, white)
	c.text(W/2, 770, 24, rgb(0xffc400), center, "拍照")
	c.text(140, 770, 24, white, center, "录像")
	c.ring(270, 855, 62, 6, white)
	c.circle(270, 855, 50, white)
	c.round(60, 820, 70, 70, 12, rgb(0x7cb342))
	c.circle(450, 855, 36, rgb(0x3a3a3a))
	return c
}

// photoPick is WeChat's album picker: photos of 176 in three columns from
// y 140; the first photo's circle is [118, 142, 60, 60]; picked: it is
// ticked and 发送(1) is at [390, 56, 134, 68].
func photoPick(picked bool) *canvas {
	c := newCanvas(ink)
	statusBar(c, white)
	closeCross(c, 40, 90, 13, white)
	c.text(W/2, 90, 28, white, center, "图片和视频")
	col := rgb(0x555555)
	if picked {
		col = green
	}
	c.round(390, 56, 134, 68, 10, col)
	label := "发送"
	if picked {
		label = "发送(1)"
	}
	c.text(457, 90, 26, white, center, label)
	fills := []color.RGBA{rgb(0x7cb342), rgb(0xf3b6c8), rgb(0x6d8fb3), rgb(0xffcc80), rgb(0x90a4ae), rgb(0xa5d6a7), rgb(0xce93d8), rgb(0x80cbc4), rgb(0xffab91)}
	for i, f := range fills {
		x := 2 + float64(i%3)*179
		y := 140 + float64(i/3)*179
		c.rect(x, y, 176, 176, f)
		c.circle(x+146, y+30, 20, color.RGBA{0, 0, 0, 0x40})
		c.ring(x+146, y+30, 20, 3, white)
		if i == 0 && picked {
			c.circle(x+146, y+30, 20, green)
			c.text(x+146, y+30, 24, white, center, "1")
		}
	}
	c.rect(0, 840, W, 120, rgb(0x1e1e1e))
	c.text(60, 880, 26, white, left, "预览")
	c.ring(220, 880, 14, 3, white)
	c.text(244, 880, 26, white, left, "原图")
	return c
}

// serviceMenu is 微服务's menu: 一键拨号 [350, 500, 180, 86], 征求意见
// [350, 590, 180, 90], 办事指南 [350, 680, 180, 90].
func serviceMenu() *canvas {
	c := accountMenu()
	c.round(350, 496, 180, 280, 12, white)
	c.frame(350, 496, 180, 280, 12, 2, line)
	items := []string{"一键拨号", "征求意见", "办事指南"}
	for i, it := range items {
		y := 500 + float64(i)*90
		c.text(440, y+45, 28, ink, center, it)
		if i > 0 {
			c.rect(366, y, 148, 1.5, line)
		}
	}
	c.poly(white, 425, 776, 440, 796, 455, 776)
	return c
}

// suggestForm is 征求意见's form. stage 0: empty; 1: 环境卫生 chosen; 2:
// the words chosen too. Chips: 环境卫生 [30, 250, 150, 70]; the phrase
// 楼道灯坏了 [30, 560, 230, 64]; 提交 [50, 790, 440, 100].
func suggestForm(stage int) *canvas {
	c := pageWith("征求意见", true)
	c.text(30, 170, 24, grey, left, "给谁提：盐城路社区")
	c.text(30, 215, 26, ink, left, "什么事")
	cats := []string{"环境卫生", "物业维修", "文体活动", "政策咨询", "其他"}
	for i, t := range cats {
		x := 30 + float64(i%3)*165
		y := 250 + float64(i/3)*85
		bg, fg := paper, ink
		if i == 0 && stage >= 1 {
			bg, fg = green, white
		}
		c.round(x, y, 150, 70, 35, bg)
		c.text(x+75, y+35, 26, fg, center, t)
	}
	c.text(30, 440, 26, ink, left, "想说的话")
	c.round(30, 460, 480, 84, 10, paper)
	if stage >= 2 {
		c.text(50, 502, 26, ink, left, "楼道灯坏了，晚上看不清台阶。")
	} else {
		c.text(50, 502, 24, grey, left, "写几句，或点下面常用的话")
		micGlyph(c, 480, 502, 16, grey)
	}
	phr := []string{"楼道灯坏了", "路面有坑"}
	for i, p := range phr {
		x := 30 + float64(i)*250
		c.round(x, 560, 230, 64, 32, white)
		c.frame(x, 560, 230, 64, 32, 2, grey)
		c.text(x+115, 592, 24, ink, center, p)
	}
	c.text(30, 670, 24, ink, left, "回电手机号（可以不填）")
	c.text(30, 720, 24, ink, left, "不留名字（匿名）")
	c.round(430, 700, 80, 44, 22, line)
	c.circle(452, 722, 19, white)
	col := rgb(0xa8d8b9)
	if stage >= 2 {
		col = green
	}
	c.round(50, 790, 440, 100, 16, col)
	c.text(270, 840, 34, white, center, "提交")
	homeIndicator(c, ink)
	return c
}

func suggestDone() *canvas {
	c := pageWith("征求意见", true)
	c.circle(270, 290, 90, green)
	c.polyline(14, white, 225, 290, 260, 325, 320, 255)
	c.text(W/2, 440, 40, ink, center, "提交成功")
	c.text(W/2, 510, 26, dark, center, "社区会答复您，或转给相关部门")
	c.round(90, 570, 360, 150, 20, paper)
	c.text(W/2, 610, 24, grey, center, "回执码")
	c.text(W/2, 670, 56, ink, center, "K7Q2")
	c.text(W/2, 780, 24, dark, center, "记下回执码，用它查看答复")
	homeIndicator(c, ink)
	return c
}

// payCode is 收付款: the payment code.
func payCode() *canvas {
	c := newCanvas(rgb(0x2f9e64))
	statusBar(c, white)
	backArrow(c, 45, 88, white)
	c.text(W/2, 88, 30, white, center, "收付款")
	c.round(30, 150, 480, 560, 16, white)
	c.text(60, 200, 28, ink, left, "向商家付款")
	for i := 0; i < 40; i++ {
		w := 3.0 + float64((i*7)%3)*2
		c.rect(70+float64(i)*10, 240, w, 110, ink)
	}
	c.text(W/2, 375, 22, grey, center, "1388 **** **** 点击查看数字")
	qrCode(c, 170, 400, 200)
	c.rect(30, 630, 480, 1.5, line)
	c.text(60, 670, 24, ink, left, "零钱")
	c.text(480, 670, 24, grey, right, "›")
	c.round(30, 730, 480, 96, 16, white)
	c.text(60, 778, 26, ink, left, "二维码收款")
	return c
}

// payAmount is the page after scanning a shop's code: 付款 at [50, 470,
// 440, 100].
func payAmount() *canvas {
	c := newCanvas(paper)
	statusBar(c, ink)
	closeCross(c, 46, 90, 13, ink)
	avatar(c, 220, 140, 100, orange, figAccount)
	c.text(W/2, 280, 30, ink, center, "付款给 老王水果店（示例）")
	c.round(30, 320, 480, 120, 14, white)
	c.text(60, 350, 22, grey, left, "金额")
	yen(c, 80, 400, 18, ink)
	c.text(110, 400, 48, ink, left, "12.50")
	greenButton(c, 50, 470, 440, 100, "付款")
	c.rect(0, 620, W, 340, rgb(0xd1d5db))
	for r := 0.0; r < 4; r++ {
		for col := 0.0; col < 3; col++ {
			x, y := 8+col*177, 630+r*78
			label := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "⌫"}[int(r*3+col)]
			c.round(x, y, 170, 70, 8, white)
			if label == "⌫" {
				c.polyline(3, ink, x+95, y+25, x+75, y+35, x+95, y+45)
				continue
			}
			c.text(x+85, y+35, 30, ink, center, label)
		}
	}
	return c
}

func paySuccess() *canvas {
	c := pageWith("", false)
	c.circle(270, 270, 80, green)
	c.polyline(12, white, 230, 270, 262, 302, 315, 240)
	c.text(W/2, 410, 36, ink, center, "支付成功")
	yen(c, 200, 490, 22, ink)
	c.text(230, 490, 56, ink, left, "12.50")
	c.text(W/2, 570, 26, grey, center, "老王水果店（示例）")
	greenButton(c, 150, 760, 240, 90, "完成")
	homeIndicator(c, ink)
	return c
}

// transferPage is a transfer to a friend: 转账 at [50, 520, 440, 100].
func transferPage() *canvas {
	c := newCanvas(paper)
	statusBar(c, ink)
	closeCross(c, 46, 90, 13, ink)
	avatar(c, 220, 140, 100, orange, figPerson)
	c.text(W/2, 280, 30, ink, center, "转账给 女儿")
	c.round(30, 320, 480, 170, 14, white)
	c.text(60, 355, 22, grey, left, "转账金额")
	yen(c, 80, 410, 18, ink)
	c.text(110, 410, 48, ink, left, "200")
	c.text(60, 465, 22, grey, left, "添加转账说明")
	greenButton(c, 50, 520, 440, 100, "转账")
	c.round(30, 660, 480, 170, 14, redPale)
	c.text(W/2, 710, 26, red, center, "对方收下以后，钱就要不回来了")
	c.text(W/2, 760, 24, red, center, "只转给打电话确认过的家人")
	homeIndicator(c, ink)
	return c
}

// meetingShare is a "meeting" app asking to share the screen: 取消 at
// [50, 538, 219, 84], 开始 at [270, 538, 220, 84].
func meetingShare() *canvas {
	c := newCanvas(rgb(0x1b2430))
	statusBar(c, white)
	c.text(W/2, 100, 28, white, center, "网络会议 · 退款专员（陌生人）")
	avatar(c, 200, 180, 140, rgb(0x546e7a), figPerson)
	c.round(40, 800, 460, 100, 20, rgb(0x2f3a47))
	c.text(W/2, 850, 28, white, center, "共享屏幕")
	dialogBox(c, 330, "开始共享屏幕？", []string{"对方将看到您屏幕上的", "所有内容，包括验证码"}, "取消", "开始", blue)
	return c
}

// flyer draws a printed leaflet on a table.
func flyer(title string, big []string, small []string, stamp string) *canvas {
	c := newCanvas(rgb(0xd7ccc8))
	c.round(40, 80, 460, 800, 10, white)
	c.rect(40, 80, 460, 130, red)
	c.text(W/2, 145, 40, white, center, title)
	for i, l := range big {
		c.text(W/2, 290+float64(i)*70, 40, red, center, l)
	}
	for i, l := range small {
		c.text(W/2, 560+float64(i)*50, 26, ink, center, l)
	}
	c.ring(390, 780, 70, 6, red)
	c.text(390, 780, 26, red, center, stamp)
	return c
}

func flyerHealth() *canvas {
	return flyer("免费健康讲座", []string{"送鸡蛋！送米面！", "特效保健品", "降血压 降血糖"}, []string{"国家补贴 限时特价", "听讲座就送礼品", "可以停掉西药"}, "包治")
}

func flyerInvest() *canvas {
	return flyer("养老项目 内部认购", []string{"年收益 20%", "保本保息 月月返利", "预订养老院床位"}, []string{"介绍朋友再奖现金", "只收现金或转账", "名额有限 今天签约"}, "保本")
}

// medSearch is a search for 医保电子凭证: the official service first
// [0, 260, 540, 120], a look-alike "代办" account below [0, 395, 540,
// 110].
func medSearch() *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	backArrow(c, 30, 92, ink)
	c.round(60, 60, 456, 64, 12, paper)
	searchGlyph(c, 96, 92, 15, grey)
	c.text(124, 92, 28, ink, left, "医保电子凭证")
	c.rect(0, 212, W, 1.5, line)
	avatar(c, 28, 280, 80, blue, figAccount)
	crossGlyph(c, 68, 320, 20, white)
	c.text(130, 300, 30, ink, left, "医保电子凭证")
	verified(c, 332, 300)
	c.text(130, 345, 22, grey, left, "国家医保服务平台")
	c.rect(130, 389, W-130, 1.5, line)
	avatar(c, 28, 405, 80, rgb(0xf0a800), figAccount)
	c.text(130, 425, 30, ink, left, "医保卡代办中心")
	c.text(130, 470, 22, grey, left, "帮您办理医保、解冻、补缴")
	c.rect(130, 509, W-130, 1.5, line)
	homeIndicator(c, ink)
	return c
}

// medCard is the 医保电子凭证 service: before activating (激活 at [50,
// 620, 440, 100]) or the code to show at the counter.
func medCard(code bool) *canvas {
	c := newCanvas(rgb(0x1e6fd9))
	statusBar(c, white)
	backArrow(c, 45, 88, white)
	c.text(W/2, 88, 30, white, center, "医保电子凭证")
	c.round(30, 150, 480, 700, 16, white)
	if !code {
		crossGlyph(c, 270, 280, 60, blue)
		c.text(W/2, 400, 30, ink, center, "您还没有激活医保电子凭证")
		c.text(W/2, 450, 24, grey, center, "本人刷脸确认，就能使用")
		c.text(W/2, 500, 24, grey, center, "参保地：山东省青岛市")
		greenButton(c, 50, 620, 440, 100, "去激活")
		return c
	}
	c.text(W/2, 200, 26, ink, center, "王**  青岛市")
	qrCode(c, 150, 240, 240)
	c.text(W/2, 520, 24, grey, center, "请出示给医院、药店的收费窗口")
	c.round(60, 580, 420, 120, 14, redPale)
	c.text(W/2, 620, 24, red, center, "只在收费窗口出示")
	c.text(W/2, 660, 24, red, center, "不截图、不发给别人")
	return c
}

// apptDept lists departments in rows of 96 from y 230: 心内科 is the
// third, [0, 422, 540, 96].
func apptDept() *canvas {
	c := pageWith("预约挂号", true)
	c.text(30, 180, 24, grey, left, "市立医院（本部，示例） · 选科室")
	settingsList(c, 230, []setRow{{label: "内科"}, {label: "神经内科"}, {label: "心内科"}, {label: "眼科"}, {label: "骨科"}, {label: "口腔科"}})
	homeIndicator(c, ink)
	return c
}

// apptTime lists a doctor's times: 上午 9:30 有号 at [0, 330, 540, 100];
// the full one above at [0, 230, 540, 96].
func apptTime() *canvas {
	c := pageWith("心内科 · 选时间", true)
	c.text(30, 190, 26, ink, left, "张医生  主任医师  12月2日 周三")
	times := []struct {
		t, s string
		ok   bool
	}{{"上午 8:30-9:00", "已满", false}, {"上午 9:30-10:00", "有号 挂号费 20 元", true}, {"下午 2:00-2:30", "有号 挂号费 20 元", true}}
	for i, tm := range times {
		y := 230 + float64(i)*100
		col := ink
		scol := green
		if !tm.ok {
			col, scol = grey, grey
		}
		c.text(40, y+50, 30, col, left, tm.t)
		c.text(500, y+50, 24, scol, right, tm.s)
		c.rect(40, y+99, 500, 1.5, line)
	}
	homeIndicator(c, ink)
	return c
}

// apptConfirm is the booking's last page: 确认预约 at [50, 700, 440, 100].
func apptConfirm() *canvas {
	c := pageWith("确认预约", true)
	rows := [][2]string{{"就诊人", "王阿姨"}, {"医院", "市立医院（本部，示例）"}, {"科室", "心内科 张医生"}, {"时间", "12月2日 上午 9:30"}, {"挂号费", "20 元"}}
	for i, r := range rows {
		y := 170 + float64(i)*90
		c.text(40, y+45, 26, grey, left, r[0])
		c.text(170, y+45, 28, ink, left, r[1])
		c.rect(40, y+89, 500, 1.5, line)
	}
	c.text(40, 650, 22, dark, left, "去不了请提前取消，多次不去可能暂停预约")
	greenButton(c, 50, 700, 440, 100, "确认预约")
	homeIndicator(c, ink)
	return c
}
