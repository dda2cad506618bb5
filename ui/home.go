package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// App is the kiosk's screens over one database.
type App struct {
	DB     *store.DB
	Window fyne.Window
}

// Home builds the home screen: the alliance's sections and what the kiosk
// holds. The full screens come with the kiosk UI work; this one already
// reads real content.
func (a *App) Home() fyne.CanvasObject {
	ctx := context.Background()
	title := widget.NewLabelWithStyle("市南区社区微信联盟", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = "headingText"
	c, err := a.DB.Counts(ctx)
	status := widget.NewLabel(fmt.Sprintf("本机内容：%d 个社区，%d 篇文章，%d 处地点，%d 个电话，%d 项活动",
		max(c.Accounts-1, 0), c.Posts, c.Places, c.Directory, c.Events))
	if err != nil {
		status.SetText("内容暂时无法读取，请联系社区工作人员")
	}
	status.Alignment = fyne.TextAlignCenter
	tiles := container.NewGridWithColumns(4)
	for _, col := range alliance.Columns {
		col := col
		tiles.Add(widget.NewButton(col.Hans, func() { a.show(a.column(col)) }))
	}
	clock := widget.NewLabel(time.Now().In(alliance.Location).Format("2006-01-02 15:04"))
	clock.Alignment = fyne.TextAlignCenter
	return container.NewBorder(container.NewVBox(title, clock, status), nil, nil, nil, tiles)
}

func (a *App) show(o fyne.CanvasObject) {
	if a.Window != nil {
		a.Window.SetContent(o)
	}
}

// column lists the newest posts of one column.
func (a *App) column(col alliance.ColumnInfo) fyne.CanvasObject {
	list, err := a.DB.PostsByColumn(context.Background(), col.ID, store.Page{Limit: 50})
	box := container.NewVBox()
	if err != nil {
		box.Add(widget.NewLabel("内容暂时无法读取"))
	}
	for _, p := range list.Posts {
		l := widget.NewLabel(p.Published.Format("2006-01-02") + "  " + p.Title)
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	if len(list.Posts) == 0 && err == nil {
		box.Add(widget.NewLabel("这个栏目还没有文章"))
	}
	heading := widget.NewLabelWithStyle(col.Hans, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	back := widget.NewButton("返回首页", func() { a.show(a.Home()) })
	return container.NewBorder(container.NewBorder(nil, nil, back, nil, heading), nil, nil, nil, container.NewVScroll(box))
}
