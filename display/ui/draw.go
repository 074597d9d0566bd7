package ui

import (
	"image/color"
	"reflect"

	"fyne.io/fyne/v2"

	"antrean/display/board"
	sharedui "antrean/shared/ui"
)

// Drawing: the board's view onto the widgets, colours included.

// render draws the state's view, touching only what changed.
func (d *Display) render() {
	v := d.st.View()
	if d.meter != nil && !d.meter.decided && !reflect.DeepEqual(v, d.view) {
		d.drawn = true
	}
	d.view = v
	h := &d.header
	h.siteName.set(v.SiteName)
	h.clock.set(v.Clock)
	setVisible(!v.Online, h.badgeBg, h.badgeDot, h.badge.t)
	d.tick.setMessages(v.Messages)

	d.renderBig(v.Big)
	d.renderHistory(v.History)
	n := min(len(v.Cells), len(d.cells))
	if len(v.Cells) > len(d.cells) && !d.warned {
		d.warned = true
		d.cfg.Logf("display: %d counters, showing the first %d", len(v.Cells), len(d.cells))
	}
	if n != d.gridN {
		d.gridN = n
		d.layoutGrid()
	}
	for i, c := range d.cells {
		if i >= n {
			setVisible(false, c.objects()...)
			continue
		}
		d.renderCell(c, v.Cells[i])
	}
	d.renderMedia()
}

func (d *Display) renderBig(b board.Big) {
	p := &d.big
	p.caption.set(b.Caption)
	if b.Idle {
		// "Menunggu panggilan" where the number goes, not below it.
		p.number.set(b.Counter)
		p.counter.set("")
	} else {
		p.number.set(b.Number)
		p.counter.set(b.Counter)
	}
	p.service.set(b.Service)
	// The current call stands on the accent colour in dark ink, and only
	// the background blinks while it is announced: its text never changes
	// colour, so Fyne keeps one texture per text (megabytes each at 4K)
	// instead of one per colour.
	var back, caption, number, counter, service color.Color = colAccent, colInk, colInk, colInk, colInk
	chip := color.Color(color.Transparent)
	switch {
	case b.Idle:
		back, caption, number = colPanel, colMuted, colMuted
	case b.Pulse:
		back = flashColor(d.blinkOn)
	}
	if !b.Idle && b.Agency.ID != "" {
		ac := sharedui.AgencyColor(b.Agency)
		chip, service = ac, inkOn(ac)
	}
	if p.lastBack != back {
		p.lastBack = back
		p.bg.FillColor = back
		p.bg.Refresh()
	}
	if p.chip.FillColor != chip {
		p.chip.FillColor = chip
		p.chip.Refresh()
	}
	p.caption.setColor(caption)
	p.number.setColor(number)
	p.counter.setColor(counter)
	p.service.setColor(service)
}

func (d *Display) renderHistory(rows []board.Row) {
	for i, r := range d.hist.rows {
		if i >= len(rows) {
			setVisible(false, r.bg, r.chip, r.number.t, r.counter.t)
			continue
		}
		setVisible(true, r.bg, r.chip, r.number.t, r.counter.t)
		row := rows[i]
		r.number.set(row.Number)
		r.counter.set(row.Counter)
		var num color.Color = colText
		if i == 0 {
			num = colAccent
		}
		r.number.setColor(num)
		chip := color.Color(colBand)
		if row.Agency.ID != "" {
			chip = sharedui.AgencyColor(row.Agency)
		}
		if r.chip.FillColor != chip {
			r.chip.FillColor = chip
			r.chip.Refresh()
		}
	}
}

// renderCell shows one counter: its band in the agency's colour, the
// number it serves, or why it serves nobody.
func (d *Display) renderCell(c *cell, v board.Cell) {
	c.title.set(v.Title)
	c.number.set(v.Number)
	c.name.set(v.Label)
	setVisible(true, c.bg, c.band, c.title.t, c.number.t, c.name.a.t)
	setVisible(c.name.b.t.Text != "", c.name.b.t)
	band := color.Color(colBand)
	if v.Agency.ID != "" {
		band = sharedui.AgencyColor(v.Agency)
	}
	bg, title, fg, name := color.Color(colPanel), inkOn(band), color.Color(colText), color.Color(colMuted)
	if d.wideCells {
		name = title // the agency name sits on the band too
	}
	switch v.State {
	case board.CellIdle:
		fg = colMuted
	case board.CellUnstaffed:
		bg, fg, name = colUnstaffedBg, colUnstaffedText, colUnstaffedText
		band = dim(band)
		title = inkOn(band)
		if d.wideCells {
			name = title
		}
	case board.CellBreak:
		bg, band, title, fg, name = colBreakBg, colBreakBand, colText, colBreakText, colBreakText
	case board.CellClosed:
		bg, band, title, fg, name = colGreyBg, colGreyBand, colGreyText, colGreyText, colGreyText
	}
	if v.Flash {
		bg, fg, name = flashColor(d.blinkOn), colInk, colInk
	}
	if c.bg.FillColor != bg {
		c.bg.FillColor = bg
		c.bg.Refresh()
	}
	if c.band.FillColor != band {
		c.band.FillColor = band
		c.band.Refresh()
	}
	c.title.setColor(title)
	c.number.setColor(fg)
	c.name.setColor(name)
}

// flashColor is the background of a call being announced: the big panel
// and its counter's cell blink together.
func flashColor(on bool) color.Color {
	if on {
		return colAccentDeep
	}
	return colAccent
}

func setVisible(show bool, objs ...fyne.CanvasObject) {
	for _, o := range objs {
		if show && !o.Visible() {
			o.Show()
		} else if !show && o.Visible() {
			o.Hide()
		}
	}
}
