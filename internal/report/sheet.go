package report

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
)

// SheetSize is a printed sheet's size in pixels: A4 portrait at 150 dots
// per inch.
var SheetSize = image.Pt(1240, 1754)

// Sheet is a printed table in the words of the language it is printed in:
// the class register, a learner's progress card.
type Sheet struct {
	Title  string
	Lines  []string // under the title: the course, the day, who
	Header []string
	Rows   [][]string
	// Widths are the columns' shares of the page's width; nil for equal.
	Widths []int
	// Size is the rows' text size in pixels (26 when 0: about 12 points
	// on paper, 30 rows to a page); a progress card for a learner's own eyes prints larger.
	Size float64
	// Footer is printed at the bottom of every page, with the page number
	// (a format with two %d: page, pages).
	Footer string
}

// Margins and rows of a sheet, in pixels.
const (
	sheetMargin = 90
	sheetTitle  = 60
	sheetLine   = 34
)

var (
	sheetRule   = color.NRGBA{0x55, 0x55, 0x55, 0xff}
	sheetHeadBg = color.NRGBA{0xe4, 0xea, 0xf4, 0xff}
)

// DrawSheet draws a sheet on as many A4 pages as its rows need, each with
// the title, the lines and the header.
func DrawSheet(s Sheet) ([]image.Image, error) {
	size := s.Size
	if size == 0 {
		size = 26
	}
	rowH := int(size * 1.6)
	w, h := SheetSize.X, SheetSize.Y
	top := sheetMargin + sheetTitle + 20 + len(s.Lines)*(sheetLine+20) + 30
	bottom := h - sheetMargin - 50
	perPage := (bottom-top)/rowH - 1 // one row is the header
	if perPage < 1 {
		return nil, fmt.Errorf("draw sheet: %d lines leave no room for rows", len(s.Lines))
	}
	pages := (len(s.Rows) + perPage - 1) / perPage
	pages = max(pages, 1)
	cols := len(s.Header)
	widths := make([]int, cols)
	total := 0
	for i := range widths {
		widths[i] = 1
		if i < len(s.Widths) && s.Widths[i] > 0 {
			widths[i] = s.Widths[i]
		}
		total += widths[i]
	}
	xs := []int{sheetMargin}
	for i := range widths {
		xs = append(xs, xs[i]+widths[i]*(w-2*sheetMargin)/total)
	}
	xs[cols] = w - sheetMargin

	var out []image.Image
	for p := range pages {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		var err error
		text := func(t string, sz float64, x, y int, c color.Color, a align) {
			if err == nil {
				err = drawText(img, t, sz, x, y, c, a)
			}
		}
		y := sheetMargin + sheetTitle
		text(s.Title, sheetTitle, w/2, y, certBlue, centre)
		y += 20
		for _, l := range s.Lines {
			y += sheetLine + 20
			text(fit(l, sheetLine, w-2*sheetMargin), sheetLine, sheetMargin, y, certInk, left)
		}
		y = top
		rows := s.Rows[min(p*perPage, len(s.Rows)):min((p+1)*perPage, len(s.Rows))]
		draw.Draw(img, image.Rect(xs[0], y, xs[cols], y+rowH), image.NewUniform(sheetHeadBg), image.Point{}, draw.Src)
		cell := func(row []string, y int, c color.Color) {
			for i := 0; i < cols && i < len(row); i++ {
				pad := int(size / 2)
				text(fit(row[i], size, xs[i+1]-xs[i]-2*pad), size, xs[i]+pad, y+rowH/2+int(size*0.36), c, left)
			}
		}
		cell(s.Header, y, certBlue)
		for i, row := range rows {
			cell(row, y+(i+1)*rowH, certInk)
		}
		// The grid: a rule under every row and between columns.
		end := y + (len(rows)+1)*rowH
		for r := 0; r <= len(rows)+1; r++ {
			ry := y + r*rowH
			draw.Draw(img, image.Rect(xs[0], ry-1, xs[cols], ry+1), image.NewUniform(sheetRule), image.Point{}, draw.Src)
		}
		for _, x := range xs {
			draw.Draw(img, image.Rect(x-1, y, x+1, end), image.NewUniform(sheetRule), image.Point{}, draw.Src)
		}
		if s.Footer != "" {
			text(fmt.Sprintf(s.Footer, p+1, pages), 24, w/2, h-sheetMargin, certGrey, centre)
		}
		if err != nil {
			return nil, fmt.Errorf("draw sheet: %w", err)
		}
		out = append(out, img)
	}
	return out, nil
}
