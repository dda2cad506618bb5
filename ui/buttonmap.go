package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// ButtonRect is a button shown, with its centre in window pixels.
type ButtonRect struct {
	Label string `json:"label"`
	X     int    `json:"x"`
	Y     int    `json:"y"`
}

// ButtonMap lists the buttons shown now (the overlay's when one is up)
// and where their centres are, for tests that press them with real input
// events (xdotool) and must find them as a person would, by their words.
// A button scrolled out of view is not listed.
func (a *App) ButtonMap() []ButtonRect {
	if a.Window == nil || fyne.CurrentApp() == nil {
		return nil
	}
	c := a.Window.Canvas()
	d := fyne.CurrentApp().Driver()
	scale := c.Scale()
	var out []ButtonRect
	inside := func(o fyne.CanvasObject, clipPos fyne.Position, clipSize fyne.Size) bool { // its centre is in view
		p, s := d.AbsolutePositionForObject(o), o.Size()
		cx, cy := p.X+s.Width/2, p.Y+s.Height/2
		return cx >= clipPos.X && cy >= clipPos.Y && cx <= clipPos.X+clipSize.Width && cy <= clipPos.Y+clipSize.Height
	}
	var visit func(o fyne.CanvasObject, clipPos fyne.Position, clipSize fyne.Size)
	visit = func(o fyne.CanvasObject, clipPos fyne.Position, clipSize fyne.Size) {
		if o == nil || !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *BigButton:
			if inside(w, clipPos, clipSize) {
				p, s := d.AbsolutePositionForObject(w), w.Size()
				label := w.Label()
				if label == "" {
					label = w.Name
				}
				out = append(out, ButtonRect{Label: label, X: int((p.X + s.Width/2) * scale), Y: int((p.Y + s.Height/2) * scale)})
			}
		case *container.Scroll:
			visit(w.Content, d.AbsolutePositionForObject(w), w.Size())
		case *fyne.Container:
			for _, ch := range w.Objects {
				visit(ch, clipPos, clipSize)
			}
		case *Keypad:
			for _, k := range w.keys {
				visit(k, clipPos, clipSize)
			}
		case *widget.PopUp:
			visit(w.Content, clipPos, clipSize)
		}
	}
	win := c.Size()
	if top := c.Overlays().Top(); top != nil {
		visit(top, fyne.NewPos(0, 0), win)
	} else {
		visit(c.Content(), fyne.NewPos(0, 0), win)
	}
	return out
}
