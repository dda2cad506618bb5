package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
)

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
		write := a.button(a.t("search.write"), func() {
			a.openInput(inputRequest{title: a.t("tile.search"), value: st.query, max: 40, done: func(v string) {
				st.query = v
				st.gen = 0 // run it when the screen is drawn again
			}})
		})
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
		field := container.NewBorder(nil, nil, write, go_, atLeast(fyne.NewSize(0, MinTarget), entry))
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
	docs := a.lessonDocs()
	st.cancel = a.goWork(searchTimeout, func(ctx context.Context) error {
		var err error
		hits, err = searchAll(ctx, search, docs, q, 30)
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
		title := a.c(h.Title)
		if l := a.hitLesson(h); l != nil {
			title = a.lt(l.Title)
		}
		open := a.listButton(a.t("search.kind."+h.Kind)+"   "+title, func() { a.openHit(h) })
		box.Add(card(open, highlighted(spans)))
	}
}

// hitLesson is the lesson a hit found, nil for other hits.
func (a *App) hitLesson(h store.Hit) *lessons.Lesson {
	if h.Kind != hitLesson || a.learn == nil {
		return nil
	}
	return a.learn.cur.Lesson(h.Ref)
}

func (a *App) openHit(h store.Hit) {
	if l := a.hitLesson(h); l != nil {
		a.openLesson(l)
		return
	}
	switch h.Kind {
	case "post":
		a.push(a.readerScreen(h.Ref))
	case "directory":
		a.push(a.phoneScreen(h.Ref))
	default:
		a.push(a.placeScreen(h.Ref))
	}
}
