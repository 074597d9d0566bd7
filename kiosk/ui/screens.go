package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// ---- home ---------------------------------------------------------------

type homeScreen struct {
	k      *Kiosk
	Take   *Tile
	Rate   *Tile // the SKM survey
	Lang   *Tile
	Site   *widget.RichText
	Date   *canvas.Text
	Clock  *canvas.Text
	Status *canvas.Text
}

func (k *Kiosk) newHome() *homeScreen { return &homeScreen{k: k} }

func (s *homeScreen) timeout() time.Duration { return 0 }

func (s *homeScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	now := k.now()
	s.Take = newTile(styleAccent, l.Pick("Ambil nomor antrean", "Take a queue number"), k.tap(s.onTake))
	s.Take.Sub = l.Pick("Sentuh di sini", "Touch here")
	s.Take.titleSize = sizeTitle
	s.Take.SetMinSize(fyne.NewSize(880, 280))
	s.Rate = newTile(stylePrimary, l.Pick("Beri penilaian layanan", "Rate our service"), k.tap(s.onRate))
	s.Rate.Sub = l.Pick("Setelah Anda selesai dilayani", "After you have been served")
	s.Rate.SetMinSize(fyne.NewSize(640, minTouch+24))
	s.Lang = newTile(styleGhost, l.Pick("English", "Bahasa Indonesia"), k.tap(s.onLang))
	s.Lang.SetMinSize(fyne.NewSize(300, minTouch))
	s.Site = text(k.siteName(), sizeTitle, colorOnHeader, true)
	s.Date = label(i18n.FormatDate(l, now), sizeTitle, colorText, true)
	s.Clock = label(i18n.FormatClock(l, now), sizeClock, colorText, true)
	s.Status = label("", sizeBody, colorWarn, true)
	k.clock = func(now time.Time) {
		setLabel(s.Date, i18n.FormatDate(k.lang, now))
		setLabel(s.Clock, i18n.FormatClock(k.lang, now))
	}
	s.catalogChanged()

	logo := canvas.NewImageFromResource(k.cfg.Logo)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(100, 100))
	if k.cfg.Logo == nil {
		logo.Hide()
	}
	bar := container.NewBorder(nil, nil, logo, container.NewCenter(s.Lang), margins(vcol(0, s.Site), 0, 16))
	header := withHeight(headerHeight, container.NewStack(rect(colorHeader), margins(bar, 12, 24)))
	body := vcol(30, s.Date, s.Clock, container.NewCenter(s.Take), container.NewCenter(s.Rate), s.Status)
	return k.page(header, nil, body, nil)
}

// catalogChanged enables "take a number" only once services are known, and
// says plainly when the server cannot be reached.
func (s *homeScreen) catalogChanged() {
	k := s.k
	setText(s.Site, k.siteName())
	switch {
	case k.catalog != nil:
		s.Take.Enable()
		setLabel(s.Status, "")
	case k.catalogErr != nil:
		s.Take.Disable()
		setLabel(s.Status, k.lang.Pick("Sedang menghubungkan…", "Connecting…"))
	default:
		s.Take.Disable()
		setLabel(s.Status, k.lang.Pick("Memuat layanan…", "Loading services…"))
	}
}

func (s *homeScreen) onTake() {
	if s.k.catalog == nil {
		return
	}
	s.k.navigate(&agencyScreen{k: s.k})
}

func (s *homeScreen) onLang() {
	if s.k.lang == i18n.EN {
		s.k.lang = i18n.ID
	} else {
		s.k.lang = i18n.EN
	}
	s.k.redraw()
}

// ---- agencies -----------------------------------------------------------

type agencyScreen struct {
	k     *Kiosk
	page  int
	Back  *Tile
	Tiles []*Tile
	Pager *pager
	ids   []string
}

func (s *agencyScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }
func (s *agencyScreen) catalogChanged()        { s.k.redraw() }

func (s *agencyScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(l.Pick("Pilih instansi", "Choose an agency"), l.Pick("Sentuh instansi yang Anda tuju", "Touch the agency you need"), k.goHome)
	s.Back = back
	s.Tiles, s.ids = nil, nil
	var items []fyne.CanvasObject
	for _, a := range k.catalog.Agencies {
		svcs := k.agencyServices(a.ID)
		if len(svcs) == 0 {
			continue
		}
		waiting, open := 0, 0
		for _, sv := range svcs {
			waiting += sv.Waiting
			if sv.OpenNow {
				open++
			}
		}
		id := a.ID
		t := newTile(stylePrimary, nonEmpty(a.Short, a.Name), k.tap(func() { s.onAgency(id) }))
		if a.Short != "" && a.Short != a.Name {
			t.Sub = a.Name
		}
		t.Note = l.Pick(fmt.Sprintf("%d orang menunggu", waiting), fmt.Sprintf("%d waiting", waiting))
		if open == 0 {
			t.Note = l.Pick("Semua layanan tutup", "All services closed")
		}
		s.Tiles = append(s.Tiles, t)
		s.ids = append(s.ids, id)
		items = append(items, t)
	}
	s.Pager = newPager(items, fyne.NewSize(400, 200), 4, s.page, k.pageFmt, func(p int) { s.page = p; k.touch() },
		l.Pick("‹ Sebelumnya", "‹ Previous"), l.Pick("Berikutnya ›", "Next ›"))
	var body fyne.CanvasObject = s.Pager.box
	if len(items) == 0 {
		body = vcol(0, text(l.Pick("Belum ada layanan hari ini", "No services today"), sizeTitle, colorText, true))
	}
	return k.page(header, nil, body, s.Pager.footer)
}

func (s *agencyScreen) onAgency(id string) {
	s.k.navigate(&serviceScreen{k: s.k, agencyID: id})
}

func (k *Kiosk) pageFmt() string { return k.lang.Pick("Halaman %d dari %d", "Page %d of %d") }

// ---- services -----------------------------------------------------------

type serviceScreen struct {
	k        *Kiosk
	agencyID string
	page     int
	msg      string // why the last request failed (quota_full …)
	Back     *Tile
	Tiles    []*Tile
	Pager    *pager
	Banner   string
	services []api.Service
}

func (s *serviceScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }
func (s *serviceScreen) catalogChanged()        { s.k.redraw() }

func (s *serviceScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	a, _ := k.agency(s.agencyID)
	header, back := k.header(nonEmpty(a.Short, a.Name), a.Name, s.onBack)
	s.Back = back
	s.services = k.agencyServices(s.agencyID)
	s.Tiles = nil
	var items []fyne.CanvasObject
	for _, sv := range s.services {
		sv := sv
		t := newTile(stylePrimary, sv.Name, k.tap(func() { s.onService(sv.ID) }))
		if sv.OpenNow {
			parts := []string{
				l.Pick(fmt.Sprintf("%d menunggu", sv.Waiting), fmt.Sprintf("%d waiting", sv.Waiting)),
				l.Pick("perkiraan ", "about ") + i18n.WaitMinutes(l, sv.EstWaitMinutes),
			}
			if sv.QuotaLeft >= 0 && sv.DailyQuota > 0 {
				parts = append(parts, l.Pick(fmt.Sprintf("sisa kuota %d", sv.QuotaLeft), fmt.Sprintf("%d left today", sv.QuotaLeft)))
			}
			t.Sub = joinNonEmpty(" · ", parts...)
		} else {
			t.Note = closedText(l, sv.ClosedReason)
			t.Disable()
		}
		s.Tiles = append(s.Tiles, t)
		items = append(items, t)
	}
	s.Pager = newPager(items, fyne.NewSize(760, 190), 2, s.page, k.pageFmt, func(p int) { s.page = p; k.touch() },
		l.Pick("‹ Sebelumnya", "‹ Previous"), l.Pick("Berikutnya ›", "Next ›"))
	s.Banner = s.msg
	return k.page(header, warnBanner(s.msg), s.Pager.box, s.Pager.footer)
}

func closedText(l i18n.Lang, r api.ClosedReason) string {
	if r == api.ReasonNone {
		return l.Pick("Tutup", "Closed")
	}
	return i18n.ClosedReason(l, r)
}

func (s *serviceScreen) onBack() { s.k.navigate(&agencyScreen{k: s.k}) }

func (s *serviceScreen) onService(id string) {
	k := s.k
	sv, ok := k.service(id)
	if !ok || !sv.OpenNow || k.issue != nil {
		return // closed since the tiles were drawn, or a ticket is already on its way
	}
	if sv.Priority {
		k.navigate(&priorityScreen{k: k, svc: sv, from: s})
		return
	}
	k.startIssue(sv, api.PriorityNone, s)
}

// ---- priority -----------------------------------------------------------

type priorityScreen struct {
	k       *Kiosk
	svc     api.Service
	from    *serviceScreen
	Back    *Tile
	Choices map[api.Priority]*Tile
}

func (s *priorityScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }

func (s *priorityScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(s.svc.Name, l.Pick("Pilih jenis antrean", "Choose your queue"), s.onBack)
	s.Back = back
	s.Choices = map[api.Priority]*Tile{}
	var items []fyne.CanvasObject
	for _, c := range []struct {
		p   api.Priority
		sub string
	}{
		{api.PriorityNone, l.Pick("Antrean biasa", "Regular queue")},
		{api.PriorityElderly, l.Pick("Usia 60 tahun ke atas", "Aged 60 or over")},
		{api.PriorityDisability, ""},
		{api.PriorityPregnant, ""},
	} {
		p := c.p
		title := l.Pick("Tidak", "No")
		if p != api.PriorityNone {
			title = i18n.PriorityLabel(l, p)
		}
		t := newTile(stylePrimary, title, k.tap(func() { s.onChoose(p) }))
		t.Sub = c.sub
		s.Choices[p] = t
		items = append(items, t)
	}
	pg := newPager(items, fyne.NewSize(700, 200), 2, 0, k.pageFmt, nil, "", "")
	q := label(l.Pick("Apakah Anda termasuk prioritas?", "Do you need priority service?"), sizeTitle, colorText, true)
	body := container.NewBorder(margins(q, 0, 0), nil, nil, nil, margins(pg.box, 24, 0))
	return k.page(header, nil, body, nil)
}

func (s *priorityScreen) onBack() { s.k.navigate(s.from) }

func (s *priorityScreen) onChoose(p api.Priority) {
	if s.k.issue != nil {
		return
	}
	s.k.startIssue(s.svc, p, s.from)
}

func nonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
