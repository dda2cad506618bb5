package main

// WeChat's screens: the chat list, the + menu, pages after a scan.

func init() {
	add(chats, "04-add-family/chats.png", "06-family-group/chats.png", "09-moments/chats.png",
		"15-scan-qr/chats.png")
	add(plusMenu, "04-add-family/plus-menu.png", "06-family-group/plus-menu.png", "15-scan-qr/plus-menu.png")
	add(scanPay, "15-scan-qr/scan-pay.png")
}

var chatRows = []row{
	{bg: orange, fig: figPerson, name: "女儿", sub: "妈，周末我们回家吃饭", unread: true},
	{bg: pink, fig: figPerson, name: "儿子", sub: "好的，知道了"},
	{bg: teal, fig: figGroup, name: "相亲相爱一家人", sub: "[图片]"},
	{bg: blue, fig: figDistrict, name: "微市南", sub: "社区活动报名开始了"},
	{bg: purple, fig: figPerson, name: "老伴", sub: "[语音]"},
}

// chatsBase is WeChat's first page, the chat list, with the + at the top
// right (tap area [430, 44, 110, 88]).
func chatsBase() *canvas {
	c := newCanvas(white)
	statusBar(c, ink)
	header(c, "微信", false)
	plusButton(c, 486, 88, ink)
	chatList(c, 133, chatRows)
	tabBar(c, 0)
	homeIndicator(c, ink)
	return c
}

func chats() *canvas { return chatsBase() }

// The + menu: WeChat 8's four rows, each 120 pixels high from y 118, at
// x 250 to 524: 发起群聊, 添加朋友, 扫一扫, 收付款.
const (
	menuX, menuY, menuW, menuRow = 250, 118, 274, 120
)

func plusMenu() *canvas {
	c := chatsBase()
	c.round(menuX, menuY, menuW, 4*menuRow, 14, slate)
	c.poly(slate, 470, menuY+1, 486, 100, 502, menuY+1) // the little arrow up to the +
	labels := []string{"发起群聊", "添加朋友", "扫一扫", "收付款"}
	for i, label := range labels {
		y := float64(menuY + i*menuRow)
		cy := y + menuRow/2
		switch i {
		case 0:
			chatBubbleIcon(c, 310, cy, 20, white, slate)
		case 1:
			addFriendIcon(c, 312, cy, 30, white)
		case 2:
			scanIcon(c, 310, cy, 24, white)
		case 3:
			payIcon(c, 310, cy, 24, white)
		}
		c.text(352, cy, 30, white, left, label)
		if i > 0 {
			c.rect(270, y, 234, 1.5, rgb(0x4a525e))
		}
	}
	return c
}

// scanPay is what a "领钱" or "退款" code really opens: WeChat's payment
// password box. Its × (top left of the box) closes it: tap area
// [36, 214, 100, 90].
func scanPay() *canvas {
	c := newCanvas(rgb(0x8a8a8a)) // the page behind, dimmed
	statusBar(c, ink)
	c.round(30, 200, 480, 400, 18, white)
	closeCross(c, 86, 259, 14, ink)
	c.text(W/2, 259, 30, ink, center, "请输入支付密码")
	c.text(W/2, 325, 26, dark, center, "付款给 退款客服")
	yen(c, 170, 390, 22, ink)
	c.text(200, 390, 56, ink, left, "500.00")
	c.rect(60, 440, 420, 1.5, line)
	for i := 0.0; i < 6; i++ { // six boxes for the password
		c.frame(75+i*66, 470, 60, 66, 4, 2, grey)
	}
	// The number pad at the bottom.
	c.rect(0, 640, W, 320, rgb(0xd1d5db))
	for r := 0.0; r < 4; r++ {
		for col := 0.0; col < 3; col++ {
			x, y := 8+col*177, 650+r*68
			label := ""
			switch {
			case r < 3:
				label = string(rune('1' + int(r*3+col)))
			case col == 1:
				label = "0"
			}
			if label == "" {
				continue
			}
			c.round(x, y, 170, 60, 8, white)
			c.text(x+85, y+30, 32, ink, center, label)
		}
	}
	return c
}
