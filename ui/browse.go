package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// pageSize is how many posts one 更多 adds.
const pageSize = 12

// postList shows posts newest first, with a 更多 button that fetches the
// next page by its cursor: paging stays fast through thousands of posts.
type postList struct {
	posts []store.PostSummary
	next  string
	done  bool
	err   error
}

func (a *App) postListView(pl *postList, fetch func(store.Page) (store.PostList, error)) fyne.CanvasObject {
	if !pl.done && pl.posts == nil && pl.err == nil {
		l, err := fetch(store.Page{Limit: pageSize})
		pl.posts, pl.next, pl.err, pl.done = l.Posts, l.Next, err, l.Next == ""
		if pl.posts == nil {
			pl.posts = []store.PostSummary{}
		}
	}
	box := container.NewVBox()
	if pl.err != nil {
		box.Add(a.failed(pl.err))
	}
	for _, p := range pl.posts {
		box.Add(a.postButton(p))
	}
	if len(pl.posts) == 0 && pl.err == nil {
		box.Add(text(a.t("news.empty")))
	}
	if !pl.done {
		box.Add(a.button(a.t("news.more"), func() {
			l, err := fetch(store.Page{After: pl.next, Limit: pageSize})
			pl.posts, pl.next, pl.err, pl.done = append(pl.posts, l.Posts...), l.Next, err, l.Next == "" || err != nil
			a.render()
		}))
	}
	return box
}

// postButton is a post in a list: its date and title, tapped to read.
func (a *App) postButton(p store.PostSummary) fyne.CanvasObject {
	label := a.formatDate(p.Published) + "   " + a.c(p.Title)
	if p.Pinned {
		label = a.t("news.pinned") + " " + label
	}
	return a.listButton(label, func() { a.push(a.readerScreen(p.ID)) })
}

// newsScreen is 微市南: the district's columns as chips, a column's posts
// below.
func (a *App) newsScreen() *screen {
	var cols []alliance.Column
	for _, c := range alliance.Columns {
		cols = append(cols, c.ID)
	}
	chosen := 0
	lists := map[alliance.Column]*postList{}
	return &screen{name: "news", title: func() string { return a.t("tile.news") }, build: func() fyne.CanvasObject {
		var labels []string
		for _, c := range cols {
			labels = append(labels, ColumnName(a.lang, c))
		}
		col := cols[chosen]
		if lists[col] == nil {
			lists[col] = &postList{}
		}
		chips := a.chips(labels, chosen, 4, func(i int) { chosen = i; a.render() })
		list := a.postListView(lists[col], func(p store.Page) (store.PostList, error) {
			return a.DB.PostsByColumn(a.ctx(), col, p)
		})
		return container.NewBorder(chips, nil, nil, nil, a.vscroll(list))
	}}
}

// readerScreen shows one post in large type with its images and a QR code
// that opens it on the resident's own phone.
func (a *App) readerScreen(id string) *screen {
	return &screen{name: "reader", title: func() string { return a.t("reader.title") }, build: func() fyne.CanvasObject {
		p, err := a.DB.Post(a.ctx(), id)
		if err != nil {
			return a.failed(err)
		}
		acc, _ := a.DB.Account(a.ctx(), p.Account)
		meta := joinNonEmpty("  ·  ", a.c(acc.Name), a.formatDate(p.Published), a.c(p.Source))
		objs := []fyne.CanvasObject{heading(a.c(p.Title)), text(meta), a.markdownView(a.c(p.Body))}
		for _, sha := range p.Images {
			var data []byte
			if b, err := a.DB.Blob(a.ctx(), sha); err == nil {
				data = b.Data
			}
			objs = append(objs, imageOrPlaceholder(data, sha+".img", fyne.NewSize(480, 300), a.t("reader.image_later")))
		}
		link := p.Link
		if link == "" {
			link = acc.Link
		}
		side := fyne.CanvasObject(spacer())
		if link != "" {
			side = container.NewVBox(qrImage(link, 240), text(a.t("reader.scan")))
		}
		read := a.readAloud(a.c(p.Title) + "。" + a.c(p.Body))
		return container.NewBorder(container.NewBorder(nil, nil, nil, read), nil, nil, atLeast(fyne.NewSize(260, 0), side), a.scroll(objs...))
	}}
}

// communitiesScreen lists the home community first, then all communities
// by street office.
func (a *App) communitiesScreen() *screen {
	return &screen{name: "communities", title: func() string { return a.t("tile.communities") }, build: func() fyne.CanvasObject {
		offices, err := a.DB.CommunitiesByStreetOffice(a.ctx())
		if err != nil {
			return a.failed(err)
		}
		box := container.NewVBox()
		if home, err := a.DB.Account(a.ctx(), a.home); err == nil {
			b := a.primary(a.t("comm.home", a.c(home.Name)), func() { a.push(a.communityScreen(home.ID)) })
			box.Add(b)
		}
		for _, o := range offices {
			box.Add(heading(a.c(o.Name)))
			var bs []fyne.CanvasObject
			for _, c := range o.Communities {
				bs = append(bs, a.listButton(a.c(c.Name), func() { a.push(a.communityScreen(c.ID)) }))
			}
			box.Add(a.gridFor(4, communityCell, bs...))
		}
		return a.vscroll(box)
	}}
}

// communityCell is the width of a community's button, at text scale 1:
// six characters and the button's padding.
const communityCell = 6*BodyTextSize + 4*TargetGap

// communityScreen is one community's page: office hours and phone, its
// events and notices, and a way to the other communities.
func (a *App) communityScreen(id string) *screen {
	pl := &postList{}
	return &screen{name: "community", title: func() string {
		if acc, err := a.DB.Account(a.ctx(), id); err == nil {
			return a.c(acc.Name)
		}
		return a.t("tile.communities")
	}, build: func() fyne.CanvasObject {
		acc, err := a.DB.Account(a.ctx(), id)
		if err != nil {
			return a.failed(err)
		}
		info := card(
			text(a.t("comm.address")+"  "+a.c(acc.Address)),
			text(a.t("comm.hours")+"  "+a.c(acc.OfficeHours)),
			text(a.t("comm.phone")),
			bigNumber(acc.Phone),
		)
		qr := container.NewVBox(qrImage("tel:"+alliance.Digits(acc.Phone), 240), text(a.t("phone.scan")))
		events := container.NewVBox(heading(a.t("comm.events")))
		evs, err := a.DB.UpcomingEvents(a.ctx(), id, 5)
		if err != nil {
			events.Add(a.failed(err))
		}
		for _, e := range evs {
			events.Add(a.eventButton(e))
		}
		if len(evs) == 0 && err == nil {
			events.Add(text(a.t("events.none")))
		}
		notices := a.postListView(pl, func(p store.Page) (store.PostList, error) { return a.DB.PostsByAccount(a.ctx(), id, p) })
		actions := container.NewGridWithColumns(2,
			a.button(a.t("phone.callback"), func() { a.push(a.callbackScreen(id, "")) }),
			a.button(a.t("comm.others"), func() { a.push(a.communitiesScreen()) }),
		)
		top := container.NewBorder(nil, nil, nil, qr, info)
		return a.scroll(top, actions, events, heading(a.t("comm.notices")), notices)
	}}
}

// placesScreen is 吃喝玩乐: places by kind with address, hours, phone and a
// picture.
func (a *App) placesScreen() *screen {
	kinds := []alliance.PlaceKind{alliance.Food, alliance.Sight, alliance.Service}
	chosen := 0
	return &screen{name: "places", title: func() string { return a.t("tile.places") }, build: func() fyne.CanvasObject {
		var labels []string
		for _, k := range kinds {
			labels = append(labels, a.t("place."+string(k)))
		}
		chips := a.chips(labels, chosen, 3, func(i int) { chosen = i; a.render() })
		places, err := a.DB.PlacesByKind(a.ctx(), kinds[chosen])
		box := container.NewVBox()
		if err != nil {
			box.Add(a.failed(err))
		}
		for _, p := range places {
			box.Add(a.placeCard(p))
		}
		return container.NewBorder(chips, nil, nil, nil, a.vscroll(box))
	}}
}

func (a *App) placeCard(p alliance.Place) fyne.CanvasObject {
	var img fyne.CanvasObject
	if len(p.Images) > 0 {
		var data []byte
		if b, err := a.DB.Blob(a.ctx(), p.Images[0]); err == nil {
			data = b.Data
		}
		img = imageOrPlaceholder(data, p.Images[0]+".img", fyne.NewSize(240, 180), a.t("reader.image_later"))
	}
	lines := []fyne.CanvasObject{heading(a.c(p.Name))}
	for _, l := range []struct{ key, v string }{{"place.address", p.Address}, {"place.hours", p.Hours}, {"place.phone", p.Phone}} {
		if l.v != "" {
			lines = append(lines, text(a.t(l.key)+"  "+a.c(l.v)))
		}
	}
	if p.Description != "" {
		lines = append(lines, text(a.c(p.Description)))
	}
	body := container.NewVBox(lines...)
	if img == nil {
		return card(body)
	}
	return card(container.NewBorder(nil, nil, img, nil, body))
}

// placeScreen shows one place found by search.
func (a *App) placeScreen(id string) *screen {
	return &screen{name: "place", title: func() string { return a.t("tile.places") }, build: func() fyne.CanvasObject {
		for _, k := range []alliance.PlaceKind{alliance.Food, alliance.Sight, alliance.Service} {
			ps, err := a.DB.PlacesByKind(a.ctx(), k)
			if err != nil {
				return a.failed(err)
			}
			for _, p := range ps {
				if p.ID == id {
					return a.scroll(a.placeCard(p))
				}
			}
		}
		return text(a.t("err.generic"))
	}}
}
