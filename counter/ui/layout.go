package ui

import "fyne.io/fyne/v2"

// columnLayout centres its objects, stacked, in a column at most max wide:
// the login form stays readable on a 1920-wide screen and fits 480.
type columnLayout struct{ max float32 }

func (l *columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width
	if w > l.max {
		w = l.max
	}
	x := (size.Width - w) / 2
	for _, o := range objs {
		h := o.MinSize().Height
		y := (size.Height - h) / 3 // a little above the middle
		if y < 0 {
			y = 0
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (l *columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
