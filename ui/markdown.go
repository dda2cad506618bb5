package ui

import (
	"bytes"
	"errors"
	"net/url"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/storage/repository"
	"fyne.io/fyne/v2/widget"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	mdtext "github.com/yuin/goldmark/text"
)

// Markdown from packs and the hub is drawn by markdownView, never by Fyne's
// own Markdown support: Fyne turns ![…](URI) into an image it loads from
// the URI (file:///etc/hostname is read and shown, http://… fetched, a
// relative path read from the working folder) and [words](URI) into a link
// a tap opens (javascript:… included). The kiosk must make no request and
// read no file for content, so here every Markdown node becomes plain
// styled text, except:
//
//   - an image whose address is sha256:HEX, which is drawn from
//     the kiosk's own blob store, or a placeholder while it has not arrived;
//     any other image shows its words (alt text) only;
//   - a link, which shows its words; when it points to the web (http,
//     https), a QR code below the text takes the resident there on her own
//     phone. The address itself is never opened by the kiosk.
//
// Raw HTML is dropped. The kiosk's Fyne app also refuses http(s) URIs
// altogether (RefuseNetworkURIs), in case some other widget is handed one.

// blobRef matches an image address naming a blob by its SHA-256.
// store.CollectBlobs keeps every blob named so.
var blobRef = regexp.MustCompile(`^sha256:([0-9a-f]{64})$`)

// mdDoc is Markdown turned into safe pieces: text segments and, between
// them, images from the blob store; links to the web are listed apart.
type mdDoc struct {
	blocks []mdBlock
	links  []mdLink
}

type mdBlock struct {
	segs  []widget.RichTextSegment // text, or
	image string                   // a blob's SHA-256
	alt   string
}

type mdLink struct{ words, url string }

// maxLinkQRs bounds the QR codes under one text.
const maxLinkQRs = 4

// parseSafeMarkdown renders Markdown to text segments and blob images only.
func parseSafeMarkdown(md string) mdDoc {
	src := []byte(md)
	root := goldmark.New().Parser().Parse(mdtext.NewReader(src))
	r := &mdRenderer{src: src}
	r.block(root, false)
	r.flush()
	return mdDoc{blocks: r.blocks, links: r.links}
}

type mdRenderer struct {
	src    []byte
	blocks []mdBlock
	segs   []widget.RichTextSegment
	images []mdBlock // images met inside the current paragraph, drawn after it
	links  []mdLink
}

func (r *mdRenderer) flush() {
	if len(r.segs) > 0 {
		r.blocks = append(r.blocks, mdBlock{segs: r.segs})
		r.segs = nil
	}
	if len(r.images) > 0 {
		r.blocks = append(r.blocks, r.images...)
		r.images = nil
	}
}

// block renders a block node and its children into r.segs.
func (r *mdRenderer) block(n ast.Node, quote bool) {
	switch t := n.(type) {
	case *ast.Document:
		r.children(n, quote)
	case *ast.Paragraph:
		r.segs = append(r.segs, r.inlines(n, quote)...)
		if !quote {
			r.segs = append(r.segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
		}
		r.flushImages()
	case *ast.TextBlock:
		r.segs = append(r.segs, r.inlines(n, quote)...)
		r.flushImages()
	case *ast.Heading:
		style := widget.RichTextStyleParagraph
		switch t.Level {
		case 1:
			style = widget.RichTextStyleHeading
		case 2:
			style = widget.RichTextStyleSubHeading
		default:
			style.TextStyle.Bold = true
		}
		r.segs = append(r.segs, &widget.TextSegment{Style: style, Text: r.plain(n)})
		r.flushImages()
	case *ast.List:
		var items []widget.RichTextSegment
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			outer := r.segs
			r.segs = nil
			r.children(c, quote)
			items = append(items, &widget.ParagraphSegment{Texts: r.segs})
			r.segs = outer
		}
		r.segs = append(r.segs, &widget.ListSegment{Items: items, Ordered: t.IsOrdered()})
		r.flushImages()
	case *ast.Blockquote:
		r.children(n, true)
	case *ast.ThematicBreak:
		r.segs = append(r.segs, &widget.SeparatorSegment{})
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		var b bytes.Buffer
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(r.src))
		}
		if s := strings.TrimRight(b.String(), "\n"); s != "" {
			r.segs = append(r.segs, &widget.TextSegment{Style: widget.RichTextStyleCodeBlock, Text: s})
		}
	case *ast.HTMLBlock:
		// Raw HTML (an <img>, a <script>) is markup, not words: dropped.
	default:
		// A kind of block this renderer does not know: its words only.
		if s := r.plain(n); s != "" {
			r.segs = append(r.segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: s})
		}
	}
}

func (r *mdRenderer) children(n ast.Node, quote bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.block(c, quote)
	}
}

// flushImages ends the text so far when the block just drawn held images,
// so that they appear right after it.
func (r *mdRenderer) flushImages() {
	if len(r.images) > 0 {
		r.flush()
	}
}

// inlines renders the inline children of n as text segments.
func (r *mdRenderer) inlines(n ast.Node, quote bool) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	style := func(s widget.RichTextStyle) widget.RichTextStyle {
		if quote {
			return widget.RichTextStyleBlockquote
		}
		return s
	}
	add := func(s widget.RichTextStyle, txt string) {
		if txt != "" {
			out = append(out, &widget.TextSegment{Style: style(s), Text: txt})
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			s := string(t.Segment.Value(r.src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				s += " "
			}
			add(widget.RichTextStyleInline, s)
		case *ast.String:
			add(widget.RichTextStyleInline, string(t.Value))
		case *ast.CodeSpan:
			add(widget.RichTextStyleCodeInline, r.plain(c))
		case *ast.Emphasis:
			s := widget.RichTextStyleEmphasis
			if t.Level >= 2 {
				s = widget.RichTextStyleStrong
			}
			add(s, r.plain(c))
		case *ast.Link:
			words := r.plain(c)
			add(widget.RichTextStyleInline, words)
			r.link(words, string(t.Destination))
		case *ast.AutoLink:
			u := string(t.URL(r.src))
			add(widget.RichTextStyleInline, string(t.Label(r.src)))
			r.link(string(t.Label(r.src)), u)
		case *ast.Image:
			r.image(string(t.Destination), r.plain(c))
		case *ast.RawHTML:
			// dropped, like HTML blocks
		default:
			add(widget.RichTextStyleInline, r.plain(c))
		}
	}
	return out
}

// link keeps a web address for a QR code; other schemes (javascript:,
// file:, data:, …) keep only their words.
func (r *mdRenderer) link(words, dest string) {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return
	}
	for _, l := range r.links {
		if l.url == u.String() {
			return
		}
	}
	if words == "" {
		words = u.Host
	}
	r.links = append(r.links, mdLink{words: words, url: u.String()})
}

// image queues a blob image to draw after the current block, or shows the
// words of any other image in its place.
func (r *mdRenderer) image(dest, alt string) {
	if m := blobRef.FindStringSubmatch(strings.ToLower(strings.TrimSpace(dest))); m != nil {
		r.images = append(r.images, mdBlock{image: m[1], alt: alt})
		return
	}
	if alt != "" {
		r.segs = append(r.segs, &widget.TextSegment{Style: widget.RichTextStyleInline, Text: alt})
	}
}

// plain is the words of a node and its children, images by their alt text.
func (r *mdRenderer) plain(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(r.src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink:
			b.Write(t.Label(r.src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	}) // the walker above returns no error
	return strings.TrimSpace(b.String())
}

// markdownView draws Markdown from packs or the hub safely (see above):
// text, images from the blob store, and a QR code for each web link.
func (a *App) markdownView(md string) fyne.CanvasObject {
	doc := parseSafeMarkdown(md)
	box := container.NewVBox()
	for _, b := range doc.blocks {
		if b.image == "" {
			rt := widget.NewRichText(b.segs...)
			rt.Wrapping = fyne.TextWrapWord
			box.Add(rt)
			continue
		}
		var data []byte
		if blob, err := a.DB.Blob(a.ctx(), b.image); err == nil {
			data = blob.Data
		}
		box.Add(imageOrPlaceholder(data, b.image+".img", fyne.NewSize(640, 400), a.t("reader.image_later")))
		if b.alt != "" {
			box.Add(text(b.alt))
		}
	}
	if len(doc.links) > 0 {
		grid := container.NewGridWithColumns(min(len(doc.links), maxLinkQRs))
		for i, l := range doc.links {
			if i == maxLinkQRs {
				break
			}
			caption := text(l.words)
			caption.Alignment = fyne.TextAlignCenter
			grid.Add(container.NewVBox(qrImage(l.url, 200), caption))
		}
		box.Add(card(text(a.t("reader.scan_links")), grid))
	}
	return box
}

// plainText is the words a Markdown text shows, for tests and logs.
func plainText(md string) string {
	var b strings.Builder
	for _, blk := range parseSafeMarkdown(md).blocks {
		for _, s := range blk.segs {
			b.WriteString(segText(s))
		}
	}
	return b.String()
}

func segText(s widget.RichTextSegment) string {
	switch t := s.(type) {
	case *widget.ListSegment:
		var b strings.Builder
		for _, it := range t.Items {
			b.WriteString(segText(it))
		}
		return b.String()
	case *widget.ParagraphSegment:
		var b strings.Builder
		for _, it := range t.Texts {
			b.WriteString(segText(it))
		}
		return b.String()
	case *widget.TextSegment:
		return t.Text
	}
	return ""
}

// RefuseNetworkURIs makes Fyne refuse every http and https URI, so that no
// widget, whatever it is handed, fetches anything from the network for the
// screens: the kiosk's content comes by sync only. The kiosk program calls
// it once its Fyne app exists.
func RefuseNetworkURIs() {
	for _, scheme := range []string{"http", "https"} {
		repository.Register(scheme, refusing{})
	}
}

// refusing is a Fyne storage repository that opens nothing.
type refusing struct{}

// errNoNetwork is what refusing answers.
var errNoNetwork = errors.New("the kiosk fetches nothing from the network for its screens")

func (refusing) Exists(fyne.URI) (bool, error)               { return false, errNoNetwork }
func (refusing) Reader(fyne.URI) (fyne.URIReadCloser, error) { return nil, errNoNetwork }
func (refusing) CanRead(fyne.URI) (bool, error)              { return false, errNoNetwork }
func (refusing) Destroy(string)                              {}
