package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

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
			objs = append(objs, imageOrPlaceholder(data, sha+".img", fyne.NewSize(640, 400), a.t("reader.image_later")))
		}
		link := p.Link
		if link == "" {
			link = acc.Link
		}
		side := fyne.CanvasObject(spacer())
		if link != "" {
			side = container.NewVBox(qrImage(link, 280), text(a.t("reader.scan")))
		}
		return container.NewBorder(nil, nil, nil, atLeast(fyne.NewSize(300, 0), side), a.scroll(objs...))
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
			grid := container.NewGridWithColumns(4)
			for _, c := range o.Communities {
				grid.Add(a.button(a.c(c.Name), func() { a.push(a.communityScreen(c.ID)) }))
			}
			box.Add(grid)
		}
		return a.vscroll(box)
	}}
}

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

// searchScreen is one big field with suggestion chips; results from
// posts, places and phones together, matched words highlighted.
func (a *App) searchScreen() *screen { return a.searchScreenFor("") }

// searchState is one search screen's query and results. A search runs in
// the background (see goWork); gen tells the latest one from those it
// replaced, whose results are dropped when they come.
type searchState struct {
	query  string // what the field holds
	gen    int
	busy   bool
	ran    string // the query hits are for
	hits   []store.Hit
	err    error
	cancel func()
	box    *fyne.Container // where results go on the screen now shown
}

// searchScreenFor opens search with a query already run.
func (a *App) searchScreenFor(query string) *screen {
	st := &searchState{query: query}
	var s *screen
	s = &screen{name: "search", title: func() string { return a.t("tile.search") }, build: func() fyne.CanvasObject {
		entry := widget.NewEntry()
		entry.SetPlaceHolder(a.t("search.placeholder"))
		entry.SetText(st.query)
		st.box = container.NewVBox()
		run := func(q string) {
			a.touch()
			st.query = q
			a.startSearch(s, st)
		}
		entry.OnSubmitted = run
		entry.OnChanged = func(q string) { a.touch(); st.query = q }
		go_ := a.primary(a.t("search.go"), func() { run(entry.Text) })
		var sugg []string
		for _, k := range []string{"search.s1", "search.s2", "search.s3", "search.s4", "search.s5", "search.s6"} {
			sugg = append(sugg, a.t(k))
		}
		chips := container.NewGridWithColumns(6)
		for _, q := range sugg {
			chips.Add(a.button(q, func() { entry.SetText(q); run(q) }))
		}
		if st.gen == 0 && st.query != "" {
			a.startSearch(s, st) // opened with a query
		} else {
			a.fillResults(st)
		}
		field := container.NewBorder(nil, nil, nil, go_, atLeast(fyne.NewSize(0, MinTarget), entry))
		return container.NewBorder(container.NewVBox(field, chips), nil, nil, nil, a.vscroll(st.box))
	}}
	return s
}

// startSearch runs st's query in the background, showing 正在搜索 until it
// is done; a search still running for an earlier query is cancelled and
// its results, should they come, are dropped.
func (a *App) startSearch(s *screen, st *searchState) {
	if st.cancel != nil {
		st.cancel()
	}
	st.gen++
	gen, q := st.gen, st.query
	if strings.TrimSpace(q) == "" {
		st.busy, st.hits, st.err, st.ran = false, nil, nil, ""
		a.fillResults(st)
		return
	}
	st.busy = true
	a.fillResults(st)
	search := a.search
	if search == nil {
		search = a.DB.Search
	}
	var hits []store.Hit
	st.cancel = a.goWork(searchTimeout, func(ctx context.Context) error {
		var err error
		hits, err = search(ctx, store.SearchQuery{Text: q, Limit: 30})
		return err
	}, func(err error) {
		if gen != st.gen {
			return // a newer search replaced this one
		}
		st.busy, st.hits, st.err, st.ran, st.cancel = false, hits, err, q, nil
		a.fillResults(st)
	})
}

// fillResults shows st's state in the results box: searching, the hits,
// or why there are none.
func (a *App) fillResults(st *searchState) {
	box := st.box
	if box == nil {
		return
	}
	box.RemoveAll()
	switch {
	case st.busy:
		box.Add(text(a.t("search.searching")))
		box.Add(widget.NewProgressBarInfinite())
	case st.ran == "" || errors.Is(st.err, store.ErrEmptyQuery):
	case st.err != nil:
		box.Add(a.failed(st.err))
	case len(st.hits) == 0:
		q := []rune(st.ran)
		if len(q) > 20 {
			q = append(q[:20], '…') // a pasted page is not repeated back
		}
		box.Add(text(a.t("search.none", string(q))))
	}
	if st.busy || st.err != nil {
		return
	}
	for _, h := range st.hits {
		var spans []spanText
		for _, s := range h.Snippet {
			spans = append(spans, spanText{a.c(s.Text), s.Match})
		}
		open := a.listButton(a.t("search.kind."+h.Kind)+"   "+a.c(h.Title), func() { a.openHit(h) })
		box.Add(card(open, highlighted(spans)))
	}
}

func (a *App) openHit(h store.Hit) {
	switch h.Kind {
	case "post":
		a.push(a.readerScreen(h.Ref))
	case "directory":
		a.push(a.phoneScreen(h.Ref))
	default:
		a.push(a.placeScreen(h.Ref))
	}
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
