package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"antrean/shared/api"
	"antrean/shared/i18n"
	sharedui "antrean/shared/ui"
)

// ---- home ---------------------------------------------------------------

type homeScreen struct {
	k     *Kiosk
	Take  *Tile
	Rate  *Tile // the SKM survey
	Lang  *Tile
	Site  *textBlock
	Date  *canvas.Text
	Clock *canvas.Text
	// Status says why tickets cannot be taken now (server away, loading);
	// hidden when all is well.
	Status *banner

	// Booking checks in an online booking ("Sudah daftar online?"); nil
	// when no service takes bookings (checkin.go).
	Booking *Tile
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
	s.Take.Pictogram = "ticket"
	// Portrait screens have the height for a larger call to action.
	takeH, rateH := k.px(270), k.px(minTouch+34)
	if k.portrait() {
		takeH, rateH = k.px(420), k.px(170)
	}
	s.Take.SetMinSize(fyne.NewSize(k.px(900), takeH))
	s.Rate = newTile(stylePrimary, l.Pick("Beri penilaian layanan", "Rate our service"), k.tap(s.onRate))
	s.Rate.Sub = l.Pick("Setelah Anda selesai dilayani", "After you have been served")
	s.Rate.Pictogram = "star"
	s.Rate.SetMinSize(fyne.NewSize(k.px(700), rateH))
	s.Lang = newTile(styleGhost, l.Pick("English", "Bahasa Indonesia"), k.tap(s.onLang))
	s.Lang.titleSize = sizeBody
	s.Lang.SetMinSize(fyne.NewSize(max(k.px(260), s.Lang.minTextWidth(k)+k.px(48)), k.px(minTouch)))
	s.Site = newText(fyne.TextAlignLeading, para{text: k.siteName(), size: sizeTitle, color: colorOnHeader, bold: true})
	s.Date = label(i18n.FormatDate(l, now), sizeTitle, colorText, true)
	s.Clock = label(i18n.FormatClock(l, now), sizeClock, colorText, true)
	s.Status = k.banner(colorWarnBg, para{size: sizeBody, color: colorWarn, bold: true}, para{size: sizeSmall, color: colorWarn})
	k.clock = func(now time.Time) {
		setLabel(s.Date, i18n.FormatDate(k.lang, now))
		setLabel(s.Clock, i18n.FormatClock(k.lang, now))
	}

	logo := canvas.NewImageFromResource(k.cfg.Logo)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(k.px(100), k.px(100)))
	if k.cfg.Logo == nil {
		logo.Hide()
	}
	header := container.New(headerLayout{h: k.px(headerHeight), pad: k.px(20)}, rect(colorHeader), logo, s.Site,
		sized(0, k.px(minTouch), s.Lang))
	lower := []fyne.CanvasObject{sized(-1, s.Rate.MinSize().Height, s.Rate)}
	s.Booking = nil
	if k.bookingsOffered() {
		s.Booking = newTile(stylePrimary, l.Pick("Sudah daftar online?", "Booked online?"), k.tap(s.onBooking))
		s.Booking.Sub = l.Pick("Pindai atau ketik kode booking", "Scan or type your booking code")
		s.Booking.Pictogram = "phone-qr"
		s.Booking.SetMinSize(fyne.NewSize(k.px(700), rateH))
		if k.portrait() {
			lower = []fyne.CanvasObject{sized(-1, rateH, s.Booking), lower[0]}
		} else { // side by side, as tall as the survey tile alone
			row := container.New(grid{cols: func(fyne.Size) int { return 2 }, gap: k.px(24), maxH: rateH}, s.Booking, s.Rate)
			lower = []fyne.CanvasObject{sized(k.px(1424), rateH, row)}
		}
	}
	s.refresh()
	body := vflow(k.px(26), append([]fyne.CanvasObject{s.Date, s.Clock, sized(-1, s.Take.MinSize().Height, s.Take)}, lower...)...)
	return k.page(header, s.Status, body, nil)
}

// catalogChanged and onlineChanged say plainly when tickets cannot be
// taken and where to ask; "take a number" then explains instead of
// silently doing nothing.
func (s *homeScreen) catalogChanged() { s.k.redraw() }
func (s *homeScreen) onlineChanged()  { s.k.redraw() }

func (s *homeScreen) refresh() {
	k := s.k
	l := k.lang
	s.Site.SetText(k.siteName())
	title, more := "", ""
	switch {
	case !k.online || (k.catalog == nil && k.catalogErr != nil):
		title = l.Pick("Maaf, nomor antrean sedang tidak dapat diambil di kiosk ini.",
			"Sorry, queue numbers cannot be taken at this kiosk right now.")
		more = k.whereToAsk()
	case k.catalog == nil:
		title = l.Pick("Menyiapkan daftar layanan…", "Getting the list of services ready…")
	case k.catalog.Closure != nil:
		// A holiday or closure of the whole MPP, said in words.
		title = i18n.HolidayNote(l, *k.catalog.Closure)
		more = l.Pick("Mal Pelayanan Publik tutup hari ini; nomor antrean tidak dapat diambil. Silakan datang pada hari kerja berikutnya.",
			"The Public Service Mall is closed today; queue numbers cannot be taken. Please come back on the next working day.")
	}
	if title == "" {
		s.Status.Hide()
		s.Take.Fill = nil
		s.Take.Sub = l.Pick("Sentuh di sini", "Touch here")
		s.Rate.Enable()
		if s.Booking != nil {
			s.Booking.Enable()
		}
	} else {
		s.Status.Text.SetParas(para{text: title, size: sizeBody, color: colorWarn, bold: true},
			para{text: more, size: sizeSmall, color: colorWarn})
		s.Status.Show()
		// Grey but still tappable: a tap answers with the explanation.
		s.Take.Fill = rgb(0x5b, 0x63, 0x70)
		s.Take.Sub = l.Pick("Sementara tidak tersedia", "Not available right now")
		if k.online && k.catalog != nil && k.catalog.Closure != nil {
			s.Take.Sub = l.Pick("Tutup hari ini", "Closed today")
		}
		s.Rate.Disable()
		if s.Booking != nil {
			s.Booking.Disable()
		}
	}
	s.Take.Refresh()
	s.Status.Refresh()
}

func (s *homeScreen) onTake() {
	k := s.k
	if !k.online || k.catalog == nil {
		k.navigate(k.newErrorScreen(errUnavailable, nil))
		return
	}
	k.navigate(&agencyScreen{k: k})
}

func (s *homeScreen) onLang() {
	if s.k.lang == i18n.EN {
		s.k.lang = i18n.ID
	} else {
		s.k.lang = i18n.EN
	}
	s.k.redraw()
}

// Style changes the tile's colour set (and drops a custom fill).
func (t *Tile) Style(st tileStyle) {
	t.style, t.Fill = st, nil
	t.Refresh()
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
	title, sub, back := l.Pick("Pilih instansi", "Choose an agency"), l.Pick("Sentuh instansi yang Anda tuju", "Touch the agency you need"), k.goHome
	if k.adding() { // visits: choosing a further service, back to the route
		title = fmt.Sprintf(l.Pick("Layanan ke-%d: pilih instansi", "Service no. %d: choose an agency"), len(k.plan.steps)+1)
		back = func() { k.navigate(&routeScreen{k: k}) }
	}
	header, backT := k.header(title, sub, back)
	s.Back = backT
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
		t.Fill = sharedui.AgencyColor(a)
		t.Logo = k.logo(a)
		t.Initials = sharedui.Initials(nonEmpty(a.Short, a.Name))
		s.Tiles = append(s.Tiles, t)
		s.ids = append(s.ids, id)
		items = append(items, t)
	}
	s.Pager = newPager(items, fyne.NewSize(k.px(420), k.px(200)), 4, k.px(20), s.page, k.pageFmt,
		func(p int) { s.page = p; k.touch() },
		l.Pick("‹ Sebelumnya", "‹ Previous"), l.Pick("Berikutnya ›", "Next ›"), k.px(minTouch))
	var body fyne.CanvasObject = s.Pager.box
	if len(items) == 0 {
		body = vflow(0, txt(l.Pick("Belum ada layanan hari ini", "No services today"), sizeTitle, colorText, true))
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
	color := sharedui.AgencyColor(a)
	var items []fyne.CanvasObject
	for _, sv := range s.services {
		t := newTile(stylePrimary, sv.Name, k.tap(func() { s.onService(sv.ID) }))
		t.Band = color
		if sharedui.Pictogram(sv.Icon, color) != nil {
			t.Pictogram = sv.Icon
		} else {
			t.Initials = sharedui.Initials(sv.Name)
		}
		if k.inPlan(sv.ID) { // visits: already a step of this ticket
			t.Note = k.lang.Pick("Sudah dipilih", "Already chosen")
			t.Disable()
		} else if sv.OpenNow {
			parts := []string{
				l.Pick(fmt.Sprintf("%d menunggu", sv.Waiting), fmt.Sprintf("%d waiting", sv.Waiting)),
				l.Pick("perkiraan ", "about ") + i18n.WaitMinutes(l, sv.EstWaitMinutes),
			}
			if sv.QuotaLeft >= 0 && sv.DailyQuota > 0 {
				parts = append(parts, l.Pick(fmt.Sprintf("sisa kuota %d", sv.QuotaLeft), fmt.Sprintf("%d left today", sv.QuotaLeft)))
			}
			t.Sub = joinNonEmpty(" · ", parts...)
		} else {
			t.Note = i18n.ServiceClosed(l, sv) // "Libur Nasional: …" on a holiday
			t.Disable()
		}
		s.Tiles = append(s.Tiles, t)
		items = append(items, t)
	}
	s.Pager = newPager(items, fyne.NewSize(k.px(600), k.px(180)), 2, k.px(20), s.page, k.pageFmt,
		func(p int) { s.page = p; k.touch() },
		l.Pick("‹ Sebelumnya", "‹ Previous"), l.Pick("Berikutnya ›", "Next ›"), k.px(minTouch))
	s.Banner = s.msg
	return k.page(header, k.warnBanner(s.msg), s.Pager.box, s.Pager.footer)
}

func (s *serviceScreen) onBack() { s.k.navigate(&agencyScreen{k: s.k}) }

func (s *serviceScreen) onService(id string) {
	k := s.k
	sv, ok := k.service(id)
	if !ok || !sv.OpenNow || k.issue != nil || k.inPlan(id) {
		return // closed since the tiles were drawn, or a ticket is already on its way
	}
	if k.adding() {
		k.choose(sv, k.plan.prio, s) // visits: a further step keeps the first's class
		return
	}
	if sv.Priority {
		k.navigate(&priorityScreen{k: k, svc: sv, from: s})
		return
	}
	k.choose(sv, api.PriorityNone, s) // the ticket, or the route first (visit.go)
}

// ---- priority -----------------------------------------------------------

// priorityPictograms are the pictograms of the queue classes.
var priorityPictograms = map[api.Priority]string{
	api.PriorityNone: "person", api.PriorityElderly: "elderly",
	api.PriorityDisability: "wheelchair", api.PriorityPregnant: "pregnant",
}

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
		{api.PriorityDisability, l.Pick("Termasuk pengguna kursi roda", "Including wheelchair users")},
		{api.PriorityPregnant, l.Pick("Atau membawa bayi", "Or with a baby")},
	} {
		p := c.p
		title := l.Pick("Tidak", "No")
		if p != api.PriorityNone {
			title = i18n.PriorityLabel(l, p)
		}
		t := newTile(stylePrimary, title, k.tap(func() { s.onChoose(p) }))
		t.Sub = c.sub
		t.Pictogram = priorityPictograms[p]
		if p == api.PriorityNone {
			t.Style(styleGhost)
		}
		s.Choices[p] = t
		items = append(items, t)
	}
	// All four always on one screen: 2×2, or one column on a narrow one.
	choices := container.New(grid{cols: func(sz fyne.Size) int {
		if sz.Width < k.px(900) {
			return 1
		}
		return 2
	}, gap: k.px(24), maxH: k.px(map[bool]float32{false: 300, true: 420}[k.portrait()])}, items...)
	q := txt(l.Pick("Apakah Anda termasuk prioritas?", "Do you need priority service?"), sizeTitle, colorText, true)
	body := container.New(&flow{gap: k.px(24), grow: choices}, q, choices)
	return k.page(header, nil, body, nil)
}

func (s *priorityScreen) onBack() { s.k.navigate(s.from) }

func (s *priorityScreen) onChoose(p api.Priority) {
	if s.k.issue != nil {
		return
	}
	s.k.choose(s.svc, p, s.from) // the ticket, or the route first (visit.go)
}

func nonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
