package ui

import (
	"context"
	"strings"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/pinyin"
	"github.com/shinan-alliance/alliance/store"
)

// Search beyond the content index: the kiosk's lessons, searched in memory
// with the index's folding, and pinyin initials (TJ finds 体检).

// hitLesson is the kind of a lesson's search hit.
const hitLesson = "lesson"

// maxLessonHits is how many lessons a search shows, above the content.
const maxLessonHits = 5

// lessonDocs are the lessons as search documents: the title, and the
// goals and every step's words in the resident's language, with the
// Simplified words beside them when that is another.
func (a *App) lessonDocs() []store.TextDoc {
	if a.learn == nil || a.learn.cur == nil {
		return nil
	}
	var docs []store.TextDoc
	for _, l := range a.learn.cur.Lessons {
		var body []string
		add := func(ts ...lessons.Text) {
			for _, t := range ts {
				if t.Hans == "" {
					continue
				}
				body = append(body, a.lt(t))
				if a.lang != alliance.Hans {
					body = append(body, t.Hans)
				}
			}
		}
		add(l.Goals...)
		for _, s := range l.Steps {
			add(s.Text, s.Hint, s.Question, s.Why)
			for _, an := range s.Answers {
				add(an.Text)
			}
			add(s.Learned...)
			add(s.AtHome...)
		}
		title := a.lt(l.Title)
		if a.lang != alliance.Hans {
			title += " " + l.Title.Hans
		}
		docs = append(docs, store.TextDoc{Kind: hitLesson, Ref: l.ID, Title: title, Body: strings.Join(body, "\n")})
	}
	return docs
}

// initialsWords are the words a query of pinyin initials or syllables
// may stand for ("tj": 体检), most common first; none for a query that is
// not all Latin letters.
func initialsWords(q string) []string {
	q = strings.TrimSpace(q)
	if len(q) < 2 || len(q) > 8 {
		return nil
	}
	for _, r := range q {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return nil
		}
	}
	var out []string
	for _, c := range pinyin.Default().Lookup(q, pinyin.QWERTY, 8) {
		if c.Consumed == len(q) && len([]rune(c.Text)) >= 2 && len(out) < 3 {
			out = append(out, c.Text)
		}
	}
	return out
}

// enoughHits is how many hits of a query of Latin letters keep it from
// also searching the words its pinyin initials stand for.
const enoughHits = 3

// searchAll runs a query over lessons (docs) and the content index, and,
// when it finds little and is pinyin initials, the words they stand for:
// lessons first, then content, each hit once.
func searchAll(ctx context.Context, search func(context.Context, store.SearchQuery) ([]store.Hit, error), docs []store.TextDoc, q string, limit int) ([]store.Hit, error) {
	queries := []string{q}
	var lessonHits, content []store.Hit
	seen := map[string]bool{}
	empty := 0
	for i := 0; i < len(queries); i++ {
		text := queries[i]
		if i == 1 && len(lessonHits)+len(content) >= enoughHits {
			break // "QQ" found QQ: not 亲戚 too
		}
		ls, err := store.SearchTexts(text, docs, maxLessonHits)
		if err == store.ErrEmptyQuery {
			empty++
			continue
		}
		if err != nil {
			return nil, err
		}
		hs, err := search(ctx, store.SearchQuery{Text: text, Limit: limit})
		if err != nil {
			return nil, err
		}
		for _, h := range ls {
			if k := h.Kind + "/" + h.Ref; !seen[k] && len(lessonHits) < maxLessonHits {
				seen[k] = true
				lessonHits = append(lessonHits, h)
			}
		}
		for _, h := range hs {
			if k := h.Kind + "/" + h.Ref; !seen[k] && len(content) < limit {
				seen[k] = true
				content = append(content, h)
			}
		}
		if i == 0 {
			queries = append(queries, initialsWords(q)...)
		}
	}
	if empty == len(queries) {
		return nil, store.ErrEmptyQuery
	}
	return append(lessonHits, content...), nil
}
