package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shinan-alliance/alliance"
)

// Chinese search.
//
// Most Chinese words are two characters and residents type one or two, which
// SQLite's trigram tokenizer cannot match. So we tokenize ourselves (see
// tokens in fold.go): every Han character and every pair of adjacent ones,
// plus Latin words and numbers, all after folding Traditional to Simplified.
// The FTS5 table is contentless with detail=none: it stores, per term, only
// which documents hold it, which keeps it small and fast to build.
//
// A query of one or two Han characters is a single term lookup. A longer one
// is the AND of its pairs, and each candidate is then checked for the exact
// phrase in its folded text, since detail=none knows no positions.
//
// Ordering: the rowid of a document follows its date, so the index can hand
// back matches newest first without sorting. A post published in second s
// takes a rowid from s×1024 upward, above every post published at or before
// s and below every post published after it; when a thousand posts share a
// second (an editor who gives only dates), the next ones take the free
// rowids above, still below the next later post, and when no rowid is free
// between the two, the later posts move up to make room. So any number of
// posts may share a second. search_docs keeps each post's date for this. When a query has few matches
// (at most rankAll), all of them are scored (title matches first, then how
// often the phrase occurs, then date). When it has more, as a very common
// character does, ranking every match would cost more than residents can
// wait, so we take title matches newest first, then body matches newest
// first. Filters (kind, community, column) are index terms too ("_k…",
// "_c…", "_l…"), so a filtered search stays an index lookup.

// Document kinds in the index.
const (
	docPost      = "post"
	docPlace     = "place"
	docDirectory = "directory"
)

// Rowid bands: phone numbers and places sort before posts, posts newest
// first. A post's rowid is preferably its publication second times
// postSlots plus a tie-breaker (see postRowid).
const (
	postSlots     = 1024
	placeBase     = int64(1) << 50
	directoryBase = int64(1) << 51
	// maxPostSecond bounds the second a post's preferred rowid is taken
	// from, so that posts dated far ahead leave room below placeBase.
	maxPostSecond = placeBase / postSlots / 2
)

// rankAll is the largest number of matches we score one by one.
const rankAll = 300

func postDoc(p alliance.Post) (title, body string) { return p.Title, p.Body }

func placeDoc(p alliance.Place) (title, body string) {
	return p.Name, strings.Join(append([]string{p.Address, strings.Join(p.Tags, " "), p.Hours, p.Phone}, p.Description), "\n")
}

func directoryDoc(d alliance.DirectoryEntry) (title, body string) {
	return d.Name, strings.Join([]string{d.Number, d.Note, d.Hours}, "\n")
}

// filterToken is the index term for a filter value: every character the
// tokenizer would not keep in one word (anything but letters, digits and
// '_') becomes '_', so the term is one token when indexed and when
// searched, and a value can never carry FTS5 syntax into a query.
func filterToken(prefix, v string) string {
	return "_" + prefix + strings.Map(func(r rune) rune {
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return '_'
	}, Fold(v))
}

// ftsString quotes s as an FTS5 string: a double quote inside is doubled.
func ftsString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func filters(kind, community, column string) []string {
	f := []string{filterToken("k", kind)}
	if community != "" {
		f = append(f, filterToken("c", community))
	}
	if column != "" {
		f = append(f, filterToken("l", column))
	}
	return f
}

// indexer keeps search_docs and search_fts in step inside a transaction.
//
// SearchQuery is what a resident or staff member searches for.
type SearchQuery struct {
	Text      string
	Kinds     []string // "post", "place", "directory"; empty: all
	Community string   // community id; empty: all
	Column    string   // post column id, place kind or directory category; empty: all
	Limit     int      // default 20
}

// Span is a piece of a snippet; Match marks the words the query found.
type Span struct {
	Text  string
	Match bool
}

// Hit is one search result.
type Hit struct {
	Kind    string // post, place, directory
	Ref     string // the record's id
	Title   string
	Snippet []Span
	Date    time.Time // posts only
}

// ErrEmptyQuery is returned for a query with nothing to search for.
var ErrEmptyQuery = fmt.Errorf("nothing to search for")

// Bounds on a query: residents type a few characters; a pasted page (a
// 30,000-byte query took 81 s) must not cost more than a short one. Text
// beyond MaxQueryRunes is ignored; of its distinct index terms the first
// maxQueryTerms narrow the index lookup, and every phrase is still checked
// in the candidates, so a hit still holds the whole (cut) query.
const (
	MaxQueryRunes = 64
	maxQueryTerms = 12
	maxFilters    = 8 // kinds in one query
)

type parsedQuery struct {
	terms   []string // FTS5 terms, quoted, AND-ed
	titles  []string // the same terms restricted to titles
	phrases []string // folded phrases every hit must contain
	numbers []string // digits every hit must hold in a row in one of its numbers
	exact   bool     // every index match is a true match: no phrase to check
}

// parseQuery turns folded query text into index terms, each once.
func parseQuery(text string) (parsedQuery, error) {
	q := parsedQuery{exact: true}
	rs := []rune(Fold(text))
	if len(rs) > MaxQueryRunes {
		rs = rs[:MaxQueryRunes]
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isHan(r):
			j := i
			for j < len(rs) && isHan(rs[j]) {
				j++
			}
			run := rs[i:j]
			q.phrases = append(q.phrases, string(run))
			if len(run) <= 2 {
				q.add(string(run), false)
			} else {
				q.exact = false
				for k := 0; k+1 < len(run); k++ {
					q.add(string(run[k:k+2]), false)
				}
			}
			i = j
		case isDigit(r) && (i == 0 || !isWord(rs[i-1])):
			// A phone number, in any style: looked up by its digits four
			// at a time, checked for all of them in a row.
			if run, j := numberAt(rs, i); len(run.digits) >= minNumberDigits {
				q.numbers = append(q.numbers, run.digits)
				if len(run.digits) > minNumberDigits {
					q.exact = false
				}
				for k := 0; k+minNumberDigits <= len(run.digits); k++ {
					q.add("_d"+run.digits[k:k+minNumberDigits], false)
				}
				i = j
				continue
			}
			fallthrough
		case isWord(r):
			j := i
			for j < len(rs) && isWord(rs[j]) {
				j++
			}
			// Words match by prefix ("wi" finds WiFi); numbers whole, since
			// a prefix scan over every number in the index is slow and
			// residents key phone numbers in groups anyway.
			w := string(rs[i:j])
			q.add(w, !isDigits(w))
			q.phrases = append(q.phrases, w)
			i = j
		default:
			i++
		}
	}
	if len(q.terms) == 0 {
		return q, ErrEmptyQuery
	}
	q.phrases = dedupe(q.phrases)
	q.numbers = dedupe(q.numbers)
	if len(q.terms) > maxQueryTerms {
		// The rest are checked as phrases, not looked up.
		q.terms, q.titles, q.exact = q.terms[:maxQueryTerms], q.titles[:maxQueryTerms], false
	}
	return q, nil
}

// dedupe keeps the first of equal strings, in order.
func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (q *parsedQuery) add(term string, prefix bool) {
	star := ""
	if prefix {
		star = "*"
	}
	t := ftsString(term) + star
	if slices.Contains(q.terms, t) {
		return // 社区社区, or "wifi wifi": one lookup
	}
	q.terms = append(q.terms, t)
	q.titles = append(q.titles, ftsString("_t"+term)+star)
}

// Search finds posts, places and phone numbers.
func (db *DB) Search(ctx context.Context, sq SearchQuery) ([]Hit, error) {
	q, err := parseQuery(sq.Text)
	if err != nil {
		return nil, err
	}
	limit := sq.Limit
	if limit <= 0 {
		limit = 20
	}
	var filter []string
	if len(sq.Kinds) > 0 {
		var ks []string
		for _, k := range dedupe(slices.Clone(sq.Kinds)) {
			ks = append(ks, ftsString(filterToken("k", k)))
		}
		if len(ks) > maxFilters {
			return nil, fmt.Errorf("search %q: more than %d kinds", sq.Text, maxFilters)
		}
		filter = append(filter, "("+strings.Join(ks, " OR ")+")")
	}
	if sq.Community != "" {
		filter = append(filter, ftsString(filterToken("c", sq.Community)))
	}
	if sq.Column != "" {
		filter = append(filter, ftsString(filterToken("l", sq.Column)))
	}
	all := strings.Join(append(append([]string{}, q.terms...), filter...), " AND ")

	ids, err := db.matchIDs(ctx, all, -1, rankAll+1)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", sq.Text, err)
	}
	if len(ids) <= rankAll {
		docs, err := db.loadDocs(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", sq.Text, err)
		}
		var hits []scored
		for _, d := range docs {
			if s, ok := d.score(q); ok {
				hits = append(hits, scored{d, s})
			}
		}
		sort.SliceStable(hits, func(i, j int) bool {
			if hits[i].score != hits[j].score {
				return hits[i].score > hits[j].score
			}
			return hits[i].rowid > hits[j].rowid
		})
		var out []Hit
		for _, h := range hits {
			if len(out) == limit {
				break
			}
			out = append(out, h.hit(q))
		}
		return out, nil
	}

	// Many matches: titles first, then bodies, each newest first.
	var out []Hit
	taken := map[int64]bool{}
	titles := strings.Join(append(append([]string{}, q.titles...), filter...), " AND ")
	for _, expr := range []string{titles, all} {
		if err := db.scan(ctx, expr, q, limit, taken, &out); err != nil {
			return nil, fmt.Errorf("search %q: %w", sq.Text, err)
		}
		if len(out) >= limit {
			break
		}
	}
	return out, nil
}

// scanBudget bounds how many candidates one phase checks for a phrase, so a
// long query made of common pairs cannot make a resident wait.
const scanBudget = 2000

func (db *DB) scan(ctx context.Context, expr string, q parsedQuery, limit int, taken map[int64]bool, out *[]Hit) error {
	before := int64(-1)
	for checked := 0; checked < scanBudget && len(*out) < limit; {
		// With nothing to check, every match is a hit: fetch only what is
		// still missing (plus what an earlier phase may have taken).
		page := 64
		if q.exact {
			page = limit - len(*out) + len(taken)
		}
		ids, err := db.matchIDs(ctx, expr, before, page)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		before = ids[len(ids)-1]
		checked += len(ids)
		var fresh []int64
		for _, id := range ids {
			if !taken[id] {
				fresh = append(fresh, id)
			}
		}
		docs, err := db.loadDocs(ctx, fresh)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if len(*out) == limit {
				break
			}
			if _, ok := d.score(q); ok {
				taken[d.rowid] = true
				*out = append(*out, d.hit(q))
			}
		}
		if len(ids) < page {
			return nil
		}
	}
	return nil
}

// matchIDs returns up to n matching rowids, newest first, below before
// (when before ≥ 0).
func (db *DB) matchIDs(ctx context.Context, expr string, before int64, n int) ([]int64, error) {
	q := "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
	args := []any{expr, n}
	if before >= 0 {
		q = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?"
		args = []any{expr, before, n}
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

type doc struct {
	rowid       int64
	kind, ref   string
	title, body string
	date        time.Time
}

type scored struct {
	doc
	score int
}

// loadDocs fetches the text of indexed documents, in the order of ids.
func (db *DB) loadDocs(ctx context.Context, ids []int64) ([]doc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	// Posts not yet published (scheduled in the console) or expired are
	// not found. "+d.kind" keeps SQLite from walking the (kind, ref) index over every
	// document instead of looking the few rowids up: 9 ms against 0.3 ms.
	rows, err := db.read.QueryContext(ctx, `
		SELECT d.rowid, d.kind, d.ref, p.title, p.body, p.published, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM search_docs d JOIN posts p ON +d.kind = 'post' AND p.id = d.ref WHERE d.rowid IN (`+b.String()+`)
			AND p.published <= ?1 AND (p.expires = 0 OR p.expires > ?1)
		UNION ALL
		SELECT d.rowid, d.kind, d.ref, pl.name, NULL, 0, pl.address, pl.tags, pl.hours, pl.phone, pl.description, NULL, NULL, NULL
		FROM search_docs d JOIN places pl ON +d.kind = 'place' AND pl.id = d.ref WHERE d.rowid IN (`+b.String()+`)
		UNION ALL
		SELECT d.rowid, d.kind, d.ref, di.name, NULL, 0, NULL, NULL, di.hours, NULL, NULL, di.number, di.note, NULL
		FROM search_docs d JOIN directory di ON +d.kind = 'directory' AND di.id = d.ref WHERE d.rowid IN (`+b.String()+`)`, db.Now().Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]doc{}
	for rows.Next() {
		var d doc
		var body, address, tags, hours, phone, desc, number, note, unused sql.NullString
		var published int64
		if err := rows.Scan(&d.rowid, &d.kind, &d.ref, &d.title, &body, &published, &address, &tags, &hours, &phone, &desc, &number, &note, &unused); err != nil {
			return nil, err
		}
		switch d.kind {
		case docPost:
			d.body = body.String
			d.date = time.Unix(published, 0).In(alliance.Location)
		case docPlace:
			_, d.body = placeDoc(alliance.Place{Address: address.String, Tags: parseList(tags.String), Hours: hours.String, Phone: phone.String, Description: desc.String})
		case docDirectory:
			_, d.body = directoryDoc(alliance.DirectoryEntry{Number: number.String, Note: note.String, Hours: hours.String})
		}
		byID[d.rowid] = d
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]doc, 0, len(ids))
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// score checks that every phrase and number occurs in the document and
// rates it: those in the title weigh most.
func (d doc) score(q parsedQuery) (int, bool) {
	ft, fb := Fold(d.title), Fold(d.body)
	score := 0
	for _, p := range q.phrases {
		inTitle := strings.Count(ft, p)
		inBody := strings.Count(fb, p)
		if inTitle+inBody == 0 {
			return 0, false
		}
		score += 100*min(inTitle, 1) + 10*min(inBody, 10)
	}
	if len(q.numbers) > 0 {
		nt, nb := numberRuns([]rune(ft)), numberRuns([]rune(fb))
		for _, n := range q.numbers {
			inTitle, inBody := countNumber(nt, n), countNumber(nb, n)
			if inTitle+inBody == 0 {
				return 0, false
			}
			score += 100*min(inTitle, 1) + 10*min(inBody, 10)
		}
	}
	return score, true
}

// countNumber counts the numbers of runs holding digits in a row.
func countNumber(runs []numberRun, digits string) int {
	n := 0
	for _, r := range runs {
		if strings.Contains(r.digits, digits) {
			n++
		}
	}
	return n
}

func (d doc) hit(q parsedQuery) Hit {
	h := Hit{Kind: d.kind, Ref: d.ref, Title: d.title, Date: d.date}
	text := d.body
	fb := Fold(d.body)
	if !containsAny(fb, q.phrases) && !containsNumber(fb, q.numbers) {
		text = d.title
	}
	h.Snippet = snippet(plain(text), q.phrases, q.numbers, 40)
	return h
}

func containsAny(s string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func containsNumber(folded string, numbers []string) bool {
	if len(numbers) == 0 {
		return false
	}
	runs := numberRuns([]rune(folded))
	for _, n := range numbers {
		if countNumber(runs, n) > 0 {
			return true
		}
	}
	return false
}

// plain flattens Markdown enough for a one-line snippet.
func plain(s string) string {
	r := strings.NewReplacer("**", "", "__", "", "*", "", "#", "", "\r", "", "\n", " ", "\t", " ", "`", "")
	return strings.Join(strings.Fields(r.Replace(s)), " ")
}

// snippet cuts about width characters of text around the first match and
// marks every match in it: phrases, and numbers from their first digit to
// their last, separators between included. Folding keeps one rune per
// rune, so positions in the folded text are positions in the original.
func snippet(text string, phrases, numbers []string, width int) []Span {
	orig := []rune(text)
	folded := []rune(Fold(text))
	mark := make([]bool, len(orig))
	first := -1
	if len(numbers) > 0 {
		for _, run := range numberRuns(folded) {
			for _, n := range numbers {
				for off := 0; ; {
					k := strings.Index(run.digits[off:], n)
					if k < 0 {
						break
					}
					k += off
					from, to := run.pos[k], run.pos[k+len(n)-1]
					for x := from; x <= to; x++ {
						mark[x] = true
					}
					if first < 0 || from < first {
						first = from
					}
					off = k + 1
				}
			}
		}
	}
	for _, p := range phrases {
		pr := []rune(p)
		for i := 0; i+len(pr) <= len(folded); i++ {
			if string(folded[i:i+len(pr)]) == p {
				for k := i; k < i+len(pr); k++ {
					mark[k] = true
				}
				if first < 0 || i < first {
					first = i
				}
			}
		}
	}
	start := 0
	if first > width/3 {
		start = first - width/3
	}
	end := min(len(orig), start+width)
	var spans []Span
	if start > 0 {
		spans = append(spans, Span{Text: "…"})
	}
	for i := start; i < end; {
		j := i
		for j < end && mark[j] == mark[i] {
			j++
		}
		spans = append(spans, Span{Text: string(orig[i:j]), Match: mark[i]})
		i = j
	}
	if end < len(orig) {
		spans = append(spans, Span{Text: "…"})
	}
	return spans
}

// SnippetText renders a snippet with the matches in 【】, for logs and tests.
func SnippetText(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Match {
			b.WriteString("【" + s.Text + "】")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// PostSearchTerms returns the index terms stored for a post, and the rowid
// band it is indexed under. Exported for the benchmark's baseline, which
// writes the same index entries with bare SQL.
func PostSearchTerms(p alliance.Post) (rowidBase int64, terms string) {
	ix := &indexer{}
	title, body := postDoc(p)
	return p.Published.Unix() * postSlots, ix.indexTerms(title, body, filters(docPost, p.Account, string(p.Column)))
}

// TextDoc is a document searched in memory, as SearchTexts does: few
// enough (the kiosk's lessons) that indexing them would gain nothing.
type TextDoc struct {
	Kind, Ref   string
	Title, Body string
}

// SearchTexts finds a query in docs as Search finds it in the index (the
// same folding, phrases and phone numbers), best first: title matches,
// then how often the query occurs, then the order of docs. At most limit
// hits (20 when 0).
func SearchTexts(query string, docs []TextDoc, limit int) ([]Hit, error) {
	q, err := parseQuery(query)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 20
	}
	var hits []scored
	for _, td := range docs {
		d := doc{kind: td.Kind, ref: td.Ref, title: td.Title, body: td.Body}
		if s, ok := d.score(q); ok {
			hits = append(hits, scored{d, s})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	var out []Hit
	for _, h := range hits[:min(len(hits), limit)] {
		out = append(out, h.hit(q))
	}
	return out, nil
}
