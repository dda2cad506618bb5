package main

import "image/color"

// Lessons 3 (add-family), 4 (family-group), 5 (calls), 6 (moments) and 7
// (follow-accounts): WeChat's friends, groups, calls, Moments and
// official accounts.

func init() {
	add(addSearch, "04-add-family/add-search.png")
	add(addFound, "04-add-family/add-found.png")
	add(sendRequest, "04-add-family/send-request.png")
	add(newFriend, "04-add-family/new-friend.png")
	add(verifyFriend, "04-add-family/verify-friend.png")

	add(groupPick, "06-family-group/group-pick.png")
	add(func() *canvas { return groupChat(false) }, "06-family-group/group-chat.png")
	add(func() *canvas { return groupChat(true) }, "06-family-group/group-voice.png")
	add(groupRecord, "06-family-group/group-record.png")
	add(photoMenu, "06-family-group/photo-menu.png")
	add(photoOpen, "06-family-group/photo-open.png")

	add(daughterChat, "05-calls/chat.png")
	add(chatPanel, "05-calls/chat-panel.png")
	add(callSheet, "05-calls/call-sheet.png")
	add(func() *canvas { return incoming("女儿", "邀请你视频通话", pink) }, "05-calls/incoming.png")
	add(incomingLocked, "05-calls/incoming-locked.png")
	add(videoCall, "05-calls/video-call.png")

	add(discover, "09-moments/discover.png")
	add(func() *canvas { return moments(false) }, "09-moments/moments.png")
	add(func() *canvas { return moments(true) }, "09-moments/moments-menu.png")
	add(momentsSheet, "09-moments/moments-post.png")
	add(momentsEdit, "09-moments/moments-edit.png")

	add(func() *canvas { return chatsSearch(false) }, "10-follow-accounts/chats.png")
	add(func() *canvas { return chatsSearch(true) }, "10-follow-accounts/chats-iphone.png")
	add(searchAccounts, "10-follow-accounts/search-account.png")
	add(accountProfile, "10-follow-accounts/account-profile.png")
	add(chatsSubs, "10-follow-accounts/chats-subs.png")
	add(accountMenu, "10-follow-accounts/account.png", "12-activity-signup/account.png", "13-call-community/account.png")
}

// pageWith starts a white page with the status bar and a title bar.
func pageWith(title string, back bool) *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	header(c, title, back)
	return c
}

func greenButton(c *canvas, x, y, w, h float64, label string) {
	c.round(x, y, w, h, 16, green)
	c.text(x+w/2, y+h/2, 34, white, center, label)
}

func addSearch() *canvas {
	c := pageWith("添加朋友", true)
	c.round(24, 150, 492, 70, 12, paper)
	searchGlyph(c, 62, 185, 16, grey)
	c.text(92, 185, 32, ink, left, "138 0000 1234")
	c.rect(0, 270, W, 110, rgb(0xe6f4ea))
	c.round(24, 290, 70, 70, 12, green)
	searchGlyph(c, 59, 325, 20, white)
	c.text(118, 325, 30, green, left, "搜索：138 0000 1234")
	homeIndicator(c, ink)
	return c
}

func addFound() *canvas {
	c := pageWith("", true)
	profileCard(c, pink, figPerson, "丽丽", []string{"昵称：丽丽", "地区：山东 青岛"})
	c.rect(0, 340, W, 12, paper)
	c.text(40, 400, 26, grey, left, "来源：通过搜索手机号添加")
	greenButton(c, 50, 630, 440, 120, "添加到通讯录")
	homeIndicator(c, ink)
	return c
}

func sendRequest() *canvas {
	c := pageWith("申请添加朋友", true)
	c.text(40, 180, 24, grey, left, "发送添加朋友申请")
	c.round(30, 205, 480, 80, 10, paper)
	c.text(54, 245, 30, ink, left, "我是妈妈")
	c.text(40, 330, 24, grey, left, "设置备注")
	c.round(30, 355, 480, 80, 10, paper)
	c.text(54, 395, 30, ink, left, "女儿")
	c.text(40, 480, 24, grey, left, "设置朋友权限")
	c.round(30, 505, 480, 150, 10, paper)
	c.text(54, 545, 28, ink, left, "聊天、朋友圈、微信运动等")
	c.polyline(4, green, 462, 545, 472, 556, 490, 534)
	c.rect(54, 580, 440, 1.5, line)
	c.text(54, 618, 28, ink, left, "仅聊天")
	greenButton(c, 50, 690, 440, 120, "发送")
	homeIndicator(c, ink)
	return c
}

// newFriend lists friend requests: the son's (接受 at [370, 170, 150,
// 100]) and a stranger's (接受 at [370, 290, 150, 100]).
func newFriend() *canvas {
	c := pageWith("新的朋友", true)
	req := func(y float64, bg color.RGBA, name, msg string) {
		avatar(c, 28, y+20, 84, bg, figPerson)
		c.text(134, y+45, 30, ink, left, name)
		c.text(134, y+88, 24, grey, left, msg)
		c.round(380, y+32, 130, 72, 10, green)
		c.text(445, y+68, 28, white, center, "接受")
		c.rect(134, y+135, W-134, 1.5, line)
	}
	req(150, pink, "儿子", "我是你儿子小军")
	req(270, rgb(0x9e9e9e), "张经理", "老同学，加一下")
	homeIndicator(c, ink)
	return c
}

func verifyFriend() *canvas {
	c := pageWith("通过朋友验证", true)
	c.text(40, 180, 24, grey, left, "设置备注")
	c.round(30, 205, 480, 80, 10, paper)
	c.text(54, 245, 30, ink, left, "儿子")
	c.text(40, 330, 24, grey, left, "设置朋友权限")
	c.round(30, 355, 480, 150, 10, paper)
	c.text(54, 395, 28, ink, left, "聊天、朋友圈、微信运动等")
	c.polyline(4, green, 462, 395, 472, 406, 490, 384)
	c.rect(54, 430, 440, 1.5, line)
	c.text(54, 468, 28, ink, left, "仅聊天")
	greenButton(c, 50, 690, 440, 120, "完成")
	homeIndicator(c, ink)
	return c
}

// groupPick chooses friends for a group: rows of 122 from y 154 (the third,
// 老伴, is [0, 398, 540, 122]); 完成 at [380, 50, 150, 80].
func groupPick() *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	c.rect(0, 44, W, 88, paper)
	closeCross(c, 40, 90, 13, ink)
	c.text(W/2, 90, 30, ink, center, "选择联系人")
	c.round(390, 60, 130, 60, 10, green)
	c.text(455, 90, 28, white, center, "完成(2)")
	names := []struct {
		n  string
		bg color.RGBA
		on bool
	}{{"女儿", orange, true}, {"儿子", pink, true}, {"老伴", teal, false}, {"老同学", blue, false}, {"邻居王姐", purple, false}}
	for i, r := range names {
		y := 154 + float64(i)*122
		if r.on {
			c.circle(44, y+61, 20, green)
			c.polyline(4, white, 34, y+61, 42, y+69, 55, y+53)
		} else {
			c.ring(44, y+61, 20, 3, grey)
		}
		avatar(c, 84, y+19, 84, r.bg, figPerson)
		c.text(192, y+61, 30, ink, left, r.n)
		c.rect(192, y+121, W-192, 1.5, line)
	}
	homeIndicator(c, ink)
	return c
}

// groupChat is the family group; voice: the 按住 说话 bar is up.
func groupChat(voice bool) *canvas {
	c := newCanvas(white)
	chatPage(c, "相亲相爱一家人(4)", []bubble{
		{text: "妈，周末回家吃饭", avatar: orange},
		{mine: true, text: "好的，我包饺子"},
		{photo: rgb(0x7cb342), avatar: pink},
	})
	inputBar(c, voice)
	return c
}

// groupRecord is a voice message being recorded: × at the left cancels
// ([60, 630, 120, 120]), 文 at the right turns it into text ([360, 630,
// 120, 120]).
func groupRecord() *canvas {
	c := groupChat(true)
	c.rect(0, 0, W, H, color.RGBA{0x20, 0x20, 0x20, 0xcc})
	c.round(150, 360, 240, 110, 16, bubbleGreen)
	for i := 0.0; i < 9; i++ {
		h := 16 + 30*float64(int(i*7)%5)/4
		c.rect(190+i*18, 415-h/2, 7, h, ink)
	}
	c.circle(120, 690, 60, rgb(0x4a4a4a))
	closeCross(c, 120, 690, 18, white)
	c.circle(420, 690, 60, rgb(0x4a4a4a))
	c.text(420, 690, 40, white, center, "文")
	c.poly(rgb(0x5a5a5a), 0, 960, 0, 830, 270, 790, 540, 830, 540, 960)
	c.text(W/2, 880, 28, white, center, "松开 发送")
	return c
}

// photoOpen is a photo opened full screen, before it is held: the photo
// is [0, 220, 540, 400].
func photoOpen() *canvas {
	c := newCanvas(ink)
	c.rect(0, 220, W, 400, rgb(0x7cb342))
	c.poly(white, 40, 600, 200, 380, 300, 500, 380, 420, 520, 600)
	c.circle(400, 300, 40, rgb(0xffc400))
	return c
}

// photoMenu is the sheet on a pressed-and-held photo: 保存图片 is the
// third option, [0, 608, 540, 100].
func photoMenu() *canvas {
	c := photoOpen()
	sheet(c, []string{"发送给朋友", "收藏", "保存图片", "编辑"}, true)
	return c
}

func daughterChat() *canvas {
	c := newCanvas(white)
	chatPage(c, "女儿", []bubble{
		{text: "妈，今晚视频吗？", avatar: orange},
		{mine: true, text: "好呀"},
	})
	return c
}

// chatPanel is the chat with its + open: the input bar moves up to y 512
// and the panel holds 视频通话 at [290, 620, 108, 130].
func chatPanel() *canvas {
	c := daughterChat()
	c.rect(0, 500, W, 460, rgb(0xf7f7f7))
	c.rect(0, 500, W, 1.5, line)
	c.ring(50, 550, 24, 3.5, ink)
	speakerGlyph(c, 52, 550, 12, ink)
	c.round(96, 514, 300, 72, 10, white)
	c.ring(428, 550, 24, 3.5, ink)
	closeCross(c, 490, 550, 12, ink)
	c.ring(490, 550, 24, 3.5, ink)
	plusPanel(c, []app{
		{label: "相册", g: photosGlyph}, {label: "拍摄", g: cameraGlyph}, {label: "视频通话", g: videoGlyph}, {label: "位置", g: pinGlyph},
		{label: "红包", g: cardGlyph}, {label: "转账", g: yenGlyph}, {label: "语音输入", g: micGlyph}, {label: "收藏", g: cubeGlyph},
	})
	return c
}

// callSheet offers 视频通话 ([0, 608, 540, 100]) and 语音通话.
func callSheet() *canvas {
	c := daughterChat()
	sheet(c, []string{"视频通话", "语音通话"}, true)
	return c
}

// incoming is a WeChat call coming in: 挂断 at the left, 接听 at the
// right ([336, 686, 148, 148]).
func incoming(name, what string, bg color.RGBA) *canvas {
	c := newCanvas(slate)
	statusBar(c, white)
	avatar(c, 200, 160, 140, bg, figPerson)
	c.text(W/2, 360, 40, white, center, name)
	c.text(W/2, 415, 26, rgb(0xbbbbbb), center, what)
	c.circle(130, 760, 74, red)
	phoneGlyph(c, 130, 760, 36, white)
	c.text(130, 870, 26, white, center, "挂断")
	c.circle(410, 760, 74, green)
	phoneGlyph(c, 410, 760, 36, white)
	c.text(410, 870, 26, white, center, "接听")
	homeIndicator(c, white)
	return c
}

// incomingLocked is a locked phone with a WeChat call only as a
// notification: the card is [20, 150, 500, 140].
func incomingLocked() *canvas {
	c := newCanvas(screenBlue)
	c.poly(teal, 0, 640, 170, 520, 260, 590, 380, 470, 540, 600, 540, 960, 0, 960)
	statusBar(c, white)
	lockGlyph(c, 270, 70, 18, white)
	c.round(20, 150, 500, 140, 22, rgb(0xf4f4f4))
	c.round(44, 172, 44, 44, 10, green)
	wechatGlyph(c, 66, 194, 14, white)
	c.text(104, 194, 22, grey, left, "微信 · 现在")
	c.text(44, 244, 28, ink, left, "女儿：邀请你视频通话")
	c.text(W/2, 420, 90, white, center, "9:30")
	c.polyline(5, white, 250, 880, 270, 862, 290, 880)
	homeIndicator(c, white)
	return c
}

// videoCall is a video call: hang up at [200, 760, 140, 140].
func videoCall() *canvas {
	c := newCanvas(rgb(0x6d8fb3))
	c.circle(270, 380, 120, rgb(0xf1c9a5))
	c.dome(270, 500, 200, 300, orange)
	c.round(380, 70, 130, 200, 14, rgb(0x3a3a3a))
	person(c, 445, 175, 38, rgb(0xcfcfcf))
	statusBar(c, white)
	c.circle(270, 830, 70, red)
	phoneGlyph(c, 270, 830, 24, white)
	c.circle(90, 830, 50, rgb(0x3a3a3a))
	micGlyph(c, 90, 826, 22, white)
	c.text(90, 905, 20, white, center, "切到语音")
	c.circle(450, 830, 50, rgb(0x3a3a3a))
	cameraGlyph(c, 450, 830, 22, white)
	c.text(450, 905, 20, white, center, "转换摄像头")
	return c
}

// discover is 发现: 朋友圈 first, [0, 150, 540, 96].
func discover() *canvas {
	c := newCanvas(paper)
	statusBar(c, ink)
	header(c, "发现", false)
	c.rect(0, 150, W, 6*96, white)
	settingsList(c, 150, []setRow{
		{label: "朋友圈", bg: orange, g: photosGlyph},
		{label: "视频号", bg: orange, g: videoGlyph},
		{label: "扫一扫", bg: blue, g: scanGlyph},
		{label: "看一看", bg: rgb(0xf0a800), g: starGlyph},
		{label: "搜一搜", bg: red, g: searchGlyph},
		{label: "小程序", bg: purple, g: cubeGlyph},
	})
	tabBar(c, 2)
	homeIndicator(c, ink)
	return c
}

// moments is 朋友圈: the camera at the top right ([430, 44, 110, 90]) and
// a friend's post with its ·· button ([420, 570, 110, 80]); menu: the
// 赞 | 评论 bar is open, 赞 at [170, 570, 132, 80].
func moments(menu bool) *canvas {
	c := newCanvas(white)
	c.rect(0, 0, W, 330, rgb(0x6d8fb3))
	c.poly(rgb(0x4f7a55), 0, 330, 0, 240, 160, 170, 300, 250, 420, 190, 540, 260, 540, 330)
	statusBar(c, white)
	backArrow(c, 45, 88, white)
	cameraGlyph(c, 486, 88, 24, white)
	avatar(c, 410, 270, 100, brown, figPerson)
	c.text(390, 300, 28, white, right, "王阿姨")
	avatar(c, 24, 400, 76, teal, figPerson)
	c.text(120, 418, 28, rgb(0x576b95), left, "老同学")
	c.text(120, 460, 28, ink, left, "中山公园的樱花开了！")
	c.round(120, 490, 150, 110, 6, rgb(0xf3b6c8))
	c.circle(160, 530, 22, rgb(0xfce4ec))
	c.circle(210, 560, 26, rgb(0xfce4ec))
	c.text(120, 625, 22, grey, left, "1小时前")
	c.round(455, 595, 52, 34, 6, paper)
	c.circle(472, 612, 4.5, rgb(0x576b95))
	c.circle(490, 612, 4.5, rgb(0x576b95))
	if menu {
		c.round(170, 578, 270, 66, 8, rgb(0x4c4c4c))
		heartGlyph(c, 215, 611, 14, white)
		c.text(250, 611, 26, white, left, "赞")
		c.rect(303, 590, 1.5, 42, rgb(0x666666))
		messageGlyph(c, 340, 611, 14, white)
		c.text(370, 611, 26, white, left, "评论")
	}
	c.rect(0, 680, W, 1.5, line)
	avatar(c, 24, 710, 76, purple, figPerson)
	c.text(120, 728, 28, rgb(0x576b95), left, "邻居王姐")
	c.text(120, 770, 28, ink, left, "今天包了饺子")
	homeIndicator(c, ink)
	return c
}

// momentsSheet is the camera's sheet: 从手机相册选择 is [0, 708, 540, 100].
func momentsSheet() *canvas {
	c := moments(false)
	sheet(c, []string{"拍摄（照片或视频）", "从手机相册选择"}, true)
	return c
}

// momentsEdit is a post being written: 谁可以看 at [0, 560, 540, 96],
// 发表 at [400, 54, 124, 72].
func momentsEdit() *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	c.text(40, 90, 28, ink, left, "取消")
	c.round(410, 60, 110, 60, 10, green)
	c.text(465, 90, 28, white, center, "发表")
	c.text(40, 200, 30, ink, left, "中山公园的樱花开了")
	c.round(40, 260, 150, 150, 6, rgb(0xf3b6c8))
	c.circle(90, 320, 26, rgb(0xfce4ec))
	c.round(200, 260, 150, 150, 6, paper)
	c.line(275, 310, 275, 360, 4, grey)
	c.line(250, 335, 300, 335, 4, grey)
	settingsList(c, 464, []setRow{
		{label: "所在位置", bg: grey, g: pinGlyph},
		{label: "谁可以看", bg: blue, g: peopleGlyph, value: "公开"},
		{label: "提醒谁看", bg: orange, g: personGlyph},
	})
	homeIndicator(c, ink)
	return c
}

// chatsSearch is the chat list with the search: a magnifier beside the +
// on Android phones ([384, 50, 66, 76]); a search box under the title on
// the iPhone ([20, 140, 500, 64]).
func chatsSearch(iphone bool) *canvas {
	if !iphone {
		c := chatsBase()
		searchGlyph(c, 420, 88, 19, ink)
		return c
	}
	c := newCanvas(white)
	statusBar(c, ink)
	header(c, "微信", false)
	plusButton(c, 486, 88, ink)
	c.rect(0, 133, W, 80, paper)
	c.round(20, 140, 500, 64, 12, white)
	searchGlyph(c, 232, 172, 14, grey)
	c.text(256, 172, 26, grey, left, "搜索")
	chatList(c, 213, chatRows[:4])
	tabBar(c, 0)
	homeIndicator(c, ink)
	return c
}

// searchAccounts is a search for 微市南 under 公众号: the real account
// with its verification mark [0, 260, 540, 120], a look-alike below
// [0, 390, 540, 110].
func searchAccounts() *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	backArrow(c, 30, 92, ink)
	c.round(60, 60, 456, 64, 12, paper)
	searchGlyph(c, 96, 92, 15, grey)
	c.text(124, 92, 28, ink, left, "微市南")
	tabs := []string{"全部", "公众号", "文章", "视频号", "小程序"}
	for i, t := range tabs {
		col := dark
		x := 60 + float64(i)*100
		if i == 1 {
			col = green
			c.rect(x-30, 205, 60, 4, green)
		}
		c.text(x, 180, 26, col, center, t)
	}
	c.rect(0, 212, W, 1.5, line)
	avatar(c, 28, 280, 80, blue, figDistrict)
	c.text(130, 300, 30, ink, left, "微市南")
	verified(c, 240, 300)
	c.text(130, 345, 22, grey, left, "市南区官方公众号（示例）")
	c.rect(130, 389, W-130, 1.5, line)
	avatar(c, 28, 405, 80, rgb(0xf0a800), figAccount)
	c.text(130, 425, 30, ink, left, "微市南生活圈")
	c.text(130, 470, 22, grey, left, "吃喝玩乐 · 领福利")
	c.rect(130, 509, W-130, 1.5, line)
	homeIndicator(c, ink)
	return c
}

// accountProfile is 微市南's page: 关注公众号 at [50, 520, 440, 100].
func accountProfile() *canvas {
	c := pageWith("", true)
	avatar(c, 40, 170, 120, blue, figDistrict)
	c.text(190, 205, 36, ink, left, "微市南")
	verified(c, 200, 258)
	c.text(222, 258, 22, dark, left, "市南区政府部门认证（示例）")
	c.text(40, 350, 26, dark, left, "市南区的新闻、通知和便民服务。")
	c.text(40, 395, 24, grey, left, "账号主体：青岛市市南区（示例）")
	greenButton(c, 50, 520, 440, 100, "关注公众号")
	c.rect(0, 680, W, 12, paper)
	c.bar(40, 730, 380, grey)
	c.bar(40, 770, 260, grey)
	homeIndicator(c, ink)
	return c
}

// chatsSubs is the chat list with 订阅号消息 on top.
func chatsSubs() *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	header(c, "微信", false)
	plusButton(c, 486, 88, ink)
	rows := append([]row{{bg: blue, fig: figAccount, name: "订阅号消息", sub: "微市南：社区活动报名开始了", unread: true}}, chatRows[:2]...)
	rows = append(rows, chatRows[2], chatRows[4])
	chatList(c, 133, rows)
	tabBar(c, 0)
	homeIndicator(c, ink)
	return c
}

// accountMenu is an official account's page with its menu at the bottom:
// 微市南 [0, 812, 180, 100], 微社区 [180, 812, 180, 100], 微服务 [360,
// 812, 180, 100].
func accountMenu() *canvas {
	c := newCanvas(rgb(0xededed))
	statusBar(c, ink)
	header(c, "微市南", true)
	c.round(30, 170, 480, 380, 14, white)
	c.rect(30, 170, 480, 200, rgb(0x6d8fb3))
	c.poly(rgb(0x4f7a55), 30, 370, 30, 300, 160, 240, 300, 310, 420, 250, 510, 300, 510, 370)
	c.text(54, 410, 28, ink, left, "社区秋季健步走报名开始了")
	c.text(54, 455, 22, grey, left, "各社区活动、通知，看“微社区”")
	c.rect(0, 800, W, 160, rgb(0xf7f7f7))
	c.rect(0, 800, W, 1.5, line)
	labels := []string{"微市南", "微社区", "微服务"}
	glyphs := []glyph{starGlyph, bellGlyph, phoneGlyph}
	for i, l := range labels {
		x := float64(i) * 180
		if i > 0 {
			c.rect(x, 820, 1.5, 70, line)
		}
		glyphs[i](c, x+50, 856, 13, dark)
		c.text(x+76, 856, 28, ink, left, l)
	}
	homeIndicator(c, ink)
	return c
}
