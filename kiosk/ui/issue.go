package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	qrcode "github.com/skip2/go-qrcode"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// errUnavailable stands for "the server cannot be reached" when there is
// no error from a request to show (a tap while the kiosk knows it is down).
var errUnavailable = &api.Error{Code: api.CodeUnavailable}

// issue is one citizen's ticket request. Its key is made once, when the
// choice is final, and sent with every retry, and again when the citizen
// taps "Coba lagi" after a failure: the server then returns the same
// ticket however often the request gets through.
type issue struct {
	key  string
	svc  api.Service
	prio api.Priority
	from *serviceScreen
	// A visit (visit.go): every service in order, and the route screen
	// to go back to (nil for a single service).
	steps  []api.Service
	route  *routeScreen
	ctx    context.Context
	cancel context.CancelFunc
	screen *issuingScreen
}

// startIssue locks the flow (one request at a time: a double tap is
// ignored) and sends the request in the background.
func (k *Kiosk) startIssue(svc api.Service, prio api.Priority, from *serviceScreen) {
	k.startIssueKey(svc, prio, from, k.cfg.NewKey())
}

func (k *Kiosk) startIssueKey(svc api.Service, prio api.Priority, from *serviceScreen, key string) {
	k.startRequest(&issue{key: key, svc: svc, prio: prio, from: from})
}

// startVisit takes one number for a route of services (visit.go).
func (k *Kiosk) startVisit(steps []api.Service, prio api.Priority, from *routeScreen) {
	k.startRequest(&issue{key: k.cfg.NewKey(), svc: steps[0], prio: prio, steps: append([]api.Service(nil), steps...), route: from})
}

func (k *Kiosk) startRequest(is *issue) {
	if k.issue != nil {
		return
	}
	ctx, cancel := context.WithTimeout(k.ctx, k.cfg.GiveUpAfter)
	is.ctx, is.cancel = ctx, cancel
	is.screen = &issuingScreen{k: k, is: is}
	k.issue = is
	k.navigate(is.screen)
	k.wg.Add(1)
	go k.issueLoop(is)
}

// retryable errors mean "we do not know yet": the server is down, slow or
// busy. Anything else is the server's answer and is shown.
func retryable(err error) bool {
	switch api.CodeOf(err) {
	case api.CodeUnavailable, api.CodeRateLimited, api.CodeInternal, "":
		return true
	}
	return false
}

func (k *Kiosk) issueLoop(is *issue) {
	defer k.wg.Done()
	slow := time.AfterFunc(k.cfg.SlowAfter, func() {
		k.run(func() { is.screen.setSlow() })
	})
	defer slow.Stop()
	req := api.IssueRequest{ServiceID: is.svc.ID, Priority: is.prio}
	if len(is.steps) > 1 {
		req = api.IssueRequest{Priority: is.prio}
		for _, sv := range is.steps {
			req.ServiceIDs = append(req.ServiceIDs, sv.ID)
		}
	}
	delay := k.cfg.RetryDelay
	for {
		actx, acancel := context.WithTimeout(is.ctx, k.cfg.AttemptTimeout)
		t, err := k.be.IssueTicket(actx, req, is.key)
		acancel()
		switch {
		case err == nil:
			k.run(func() { k.issued(is, t) })
			return
		case is.ctx.Err() != nil, !retryable(err): // cancelled, given up, or a real answer
			k.run(func() { k.issueFailed(is, err) })
			return
		case api.CodeOf(err) == api.CodeUnavailable && !k.onlineFlag.Load():
			// The probe says the server is away: say so now rather than
			// keep a citizen waiting for the give-up time.
			k.run(func() { k.issueFailed(is, err) })
			return
		}
		select {
		case <-is.ctx.Done():
			k.run(func() { k.issueFailed(is, err) })
			return
		case <-time.After(delay):
		}
		delay = min(delay*2, 2*time.Second)
	}
}

// issued shows the ticket, unless the citizen gave up meanwhile.
func (k *Kiosk) issued(is *issue, t api.Ticket) {
	if k.issue != is {
		return
	}
	is.cancel()
	k.issue = nil
	k.plan = nil // the visit is a ticket now
	ts := &ticketScreen{k: k, t: t, printing: k.pr != nil}
	k.navigate(ts)
	k.RefreshCatalog() // waiting counts changed
	if k.pr == nil {
		return
	}
	site := k.siteName()
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		ctx, cancel := context.WithTimeout(k.ctx, k.cfg.PrintTimeout)
		err := k.pr.Print(ctx, site, t)
		cancel()
		k.run(func() { ts.printed(err) })
	}()
}

// issueFailed says why there is no ticket: a closed or full service back
// on the service list (the catalog is reloaded so it greys out), a server
// out of reach on the error screen, with where to ask.
func (k *Kiosk) issueFailed(is *issue, err error) {
	if k.issue != is {
		return
	}
	is.cancel()
	k.issue = nil
	if errors.Is(is.ctx.Err(), context.DeadlineExceeded) || retryable(err) {
		k.setOnline(k.online && api.CodeOf(err) != api.CodeUnavailable)
		k.navigate(k.newErrorScreen(err, is))
		return
	}
	if is.route != nil && k.plan != nil {
		// A visit: back to its route, the refused step marked (visit.go).
		k.plan.msg, k.plan.failed = i18n.ErrorMessage(k.lang, err), ""
		if e, ok := err.(*api.Error); ok {
			k.plan.failed = e.ServiceID
		}
		k.navigate(&routeScreen{k: k})
		k.RefreshCatalog()
		return
	}
	is.from.msg = i18n.ErrorMessage(k.lang, err)
	k.navigate(is.from)
	k.RefreshCatalog()
}

// cancelIssue is the citizen giving up: stop retrying, go back.
func (k *Kiosk) cancelIssue(is *issue) {
	if k.issue != is {
		return
	}
	is.cancel()
	k.issue = nil
	if is.route != nil && k.plan != nil {
		k.navigate(&routeScreen{k: k})
		return
	}
	is.from.msg = ""
	k.navigate(is.from)
}

// ---- issuing ------------------------------------------------------------

type issuingScreen struct {
	k      *Kiosk
	is     *issue
	Back   *Tile
	Cancel *Tile
	Title  *textBlock
	Detail *textBlock
	// Slow is true once "Mohon tunggu…" shows (no answer yet).
	Slow bool
}

// The issuing screen never times out by itself: the request loop gives up
// after GiveUpAfter, and the citizen can cancel any time.
func (s *issuingScreen) timeout() time.Duration { return 0 }

func (s *issuingScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(s.is.svc.Name, "", func() { k.cancelIssue(s.is) })
	s.Back = back
	s.Title = txt(l.Pick("Sedang membuat nomor antrean Anda…", "Making your queue number…"), sizeTitle, colorText, true)
	s.Detail = txt(l.Pick("Mohon tunggu sebentar", "Please wait a moment"), sizeBody, colorMuted, false)
	s.Cancel = newTile(styleGhost, l.Pick("Batal", "Cancel"), k.tap(func() { k.cancelIssue(s.is) }))
	s.Cancel.SetMinSize(fyne.NewSize(k.px(480), k.px(minTouch+24)))
	if s.Slow {
		s.setSlow()
	}
	return k.page(header, nil, vflow(k.px(40), s.Title, s.Detail, sized(s.Cancel.MinSize().Width, s.Cancel.MinSize().Height, s.Cancel)), nil)
}

// setSlow tells the citizen the request takes longer than usual; it is
// not lost, it is being retried with the same key.
func (s *issuingScreen) setSlow() {
	if s.k.issue != s.is {
		return
	}
	l := s.k.lang
	s.Slow = true
	s.Title.SetText(l.Pick("Mohon tunggu, nomor Anda sedang dibuat…", "Please wait, your number is on its way…"))
	s.Detail.SetText(l.Pick("Ini memakan waktu lebih lama dari biasanya.", "This is taking longer than usual."))
}

// ---- error --------------------------------------------------------------

// errorScreen says plainly that no ticket could be taken and where to
// ask; "Coba lagi" repeats the same request (same key: never two tickets).
type errorScreen struct {
	k     *Kiosk
	err   error
	is    *issue // the request that failed (nil: a tap while down)
	Title *textBlock
	Body  *textBlock
	Retry *Tile
	Home  *Tile
}

func (k *Kiosk) newErrorScreen(err error, is *issue) *errorScreen {
	return &errorScreen{k: k, err: err, is: is}
}

func (s *errorScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }
func (s *errorScreen) unattended()            {}

func (s *errorScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, _ := k.header(l.Pick("Nomor antrean belum dapat diambil", "No queue number yet"), "", k.goHome)
	s.Title = txt(l.Pick("Maaf, nomor antrean belum dapat diambil.", "Sorry, we could not give you a queue number."),
		sizeTitle, colorWarn, true)
	why := l.Pick("Kiosk ini sedang tidak terhubung ke sistem antrean.", "This kiosk is not connected to the queue system right now.")
	if s.is != nil && api.CodeOf(s.err) != api.CodeUnavailable && k.online {
		why = l.Pick("Sistem antrean sedang sibuk.", "The queue system is busy.")
	}
	s.Body = newText(fyne.TextAlignCenter,
		para{text: why, size: sizeBody, color: colorText},
		para{text: l.Pick("Silakan coba lagi sebentar lagi.", "Please try again in a moment.") + " " + k.whereToAsk(), size: sizeBody, color: colorText, bold: true})
	s.Retry = newTile(styleAccent, l.Pick("Coba lagi", "Try again"), k.tap(s.onRetry))
	s.Retry.SetMinSize(fyne.NewSize(k.px(480), k.px(minTouch+24)))
	s.Home = newTile(styleGhost, l.Pick("Kembali ke awal", "Back to start"), k.tap(k.goHome))
	s.Home.SetMinSize(fyne.NewSize(k.px(480), k.px(minTouch)))
	buttons := container.New(grid{cols: func(sz fyne.Size) int {
		if sz.Width < k.px(1000) {
			return 1
		}
		return 2
	}, gap: k.px(24), maxH: k.px(minTouch + 24)}, s.Retry, s.Home)
	bh := k.px(minTouch+24)*2 + k.px(24)
	body := vflow(k.px(36), s.Title, s.Body, sized(k.px(1000), bh, buttons))
	return k.page(header, nil, body, nil)
}

func (s *errorScreen) onRetry() {
	k := s.k
	if s.is == nil {
		if k.online && k.catalog != nil {
			k.navigate(&agencyScreen{k: k})
		}
		return // still down: the screen already says so
	}
	old := *s.is // the same request again, with the same key
	k.startRequest(&issue{key: old.key, svc: old.svc, prio: old.prio, from: old.from, steps: old.steps, route: old.route})
}

// ---- ticket -------------------------------------------------------------

type ticketScreen struct {
	k        *Kiosk
	t        api.Ticket
	printing bool
	failed   bool // the printer failed: no paper ticket
	Back     *Tile
	Done     *Tile
	Number   *textBlock
	Check    *textBlock // the check code, for rating by number later
	Info     *textBlock // service, agency, people ahead, date
	QR       *canvas.Image
	Printer  *textBlock

	// lateBooking: a booking checked in after its window, given an
	// ordinary number (checkin.go).
	lateBooking bool
}

// The ticket screen stays longer when no paper came out, so the citizen
// can write the number down or photograph it.
func (s *ticketScreen) timeout() time.Duration {
	if s.k.pr == nil || s.failed {
		return s.k.cfg.NoPaperTimeout
	}
	return s.k.cfg.TicketTimeout
}
func (s *ticketScreen) unattended() {}

func (s *ticketScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	t := s.t
	header, back := k.header(l.Pick("Nomor antrean Anda", "Your queue number"), "", k.goHome)
	s.Back = back
	s.Number = txt(t.Number, sizeHuge, colorHeader, true)
	s.Number.gap = 0
	issued := t.IssuedAt
	if issued.IsZero() {
		issued = k.now()
	} else {
		issued = issued.In(k.loc)
	}
	ahead := l.Pick(fmt.Sprintf("%d orang di depan Anda", t.PeopleAhead), fmt.Sprintf("%d people ahead of you", t.PeopleAhead))
	if t.PeopleAhead == 0 {
		ahead = l.Pick("Tidak ada antrean di depan Anda", "Nobody is ahead of you")
	}
	ps := []para{
		{text: t.ServiceName, size: sizeTitle, color: colorText, bold: true},
		{text: nonEmpty(t.AgencyName, t.AgencyShort), size: sizeBody, color: colorMuted},
		{text: ahead + " · " + l.Pick("perkiraan ", "about ") + i18n.WaitMinutes(l, t.EstWaitMinutes), size: sizeBody, color: colorText, bold: true},
	}
	if rp := routeParas(l, t); rp != nil {
		// A visit: every service in order, the first (where to wait now)
		// in bold, and its queue (visit.go).
		first := ps[2]
		first.text = l.Pick("Layanan 1: ", "Service 1: ") + first.text
		ps = append(rp, first)
	}
	if t.Priority.IsPriority() {
		ps = append(ps, para{text: l.Pick("Prioritas: ", "Priority: ") + i18n.PriorityLabel(l, t.Priority), size: sizeBody, color: colorText})
	}
	// A checked-in booking: called from its slot's start (checkin.go).
	if t.BookedSlot != nil {
		at := i18n.FormatClock(l, t.BookedSlot.In(k.loc))
		ps = append(ps, para{text: l.Pick("Booking online · dipanggil mulai pukul ", "Online booking · called from ") + at, size: sizeBody, color: colorHeader, bold: true})
	}
	if s.lateBooking {
		ps = append(ps, para{text: l.Pick("Anda terlambat dari jam booking: ini nomor antrean biasa.", "You came after your booking's time: this is an ordinary number."),
			size: sizeBody, color: colorWarn, bold: true})
	}
	ps = append(ps, para{text: i18n.FormatDateTime(l, issued), size: sizeBody, color: colorMuted})
	s.Info = newText(fyne.TextAlignCenter, ps...)
	s.Check = txt("", sizeBody, colorText, true)
	if t.CheckCode != "" {
		s.Check.SetParas(para{text: l.Pick("Kode cek: ", "Check code: ") + t.CheckCode, size: sizeTitle, color: colorHeader, bold: true},
			para{text: l.Pick("untuk memberi penilaian setelah dilayani", "to rate the service once you are served"), size: sizeSmall, color: colorMuted})
	} else {
		s.Check.Hide()
	}
	left := vflow(k.px(10), s.Number, s.Check, s.Info)

	var qrSide fyne.CanvasObject = container.NewStack()
	if t.StatusURL != "" {
		if q, err := qrcode.New(t.StatusURL, qrcode.Medium); err == nil {
			q.DisableBorder = false
			s.QR = canvas.NewImageFromImage(q.Image(512))
			s.QR.FillMode = canvas.ImageFillContain
			s.QR.ScaleMode = canvas.ImageScalePixels
			caption := txt(l.Pick("Pindai untuk melihat status antrean di ponsel", "Scan to follow your turn on your phone"), sizeSmall, colorMuted, false)
			qrSide = container.New(&qrLayout{gap: k.px(10), max: k.px(420)}, s.QR, caption)
		}
	}
	body := container.New(split{ratio: 0.62, gap: k.px(24)}, left, qrSide)

	s.Printer = txt("", sizeBody, colorWarn, true)
	s.setPrinterText()
	s.Done = newTile(styleAccent, l.Pick("Selesai", "Done"), k.tap(k.goHome))
	s.Done.SetMinSize(fyne.NewSize(k.px(420), k.px(minTouch+16)))
	wait := txt(l.Pick("Silakan tunggu nomor Anda dipanggil", "Please wait until your number is called"), sizeTitle, colorHeader, true)
	footer := container.New(&flow{gap: k.px(10)}, wait, s.Printer, sized(s.Done.MinSize().Width, s.Done.MinSize().Height, s.Done))
	return k.page(header, nil, body, footer)
}

// setPrinterText says what happened to the paper ticket.
func (s *ticketScreen) setPrinterText() {
	l := s.k.lang
	switch {
	case s.k.pr == nil:
		s.Printer.SetText(l.Pick("Tiket ini tidak dicetak: catat atau foto nomor antrean dan kode cek di atas.",
			"No paper ticket here: write down or take a photo of the number and check code above."))
	case s.printing:
		s.Printer.SetText(l.Pick("Mencetak tiket…", "Printing your ticket…"))
	case s.failed:
		s.Printer.SetText(l.Pick("Tiket tidak dapat dicetak: catat atau foto nomor antrean dan kode cek di atas.",
			"The ticket could not be printed: write down or take a photo of the number and check code above."))
	default:
		s.Printer.SetText(l.Pick("Silakan ambil tiket Anda", "Please take your ticket"))
	}
}

// printed tells the citizen plainly when the paper ticket did not come
// out: the ticket exists anyway, so they note the number, and the screen
// stays longer.
func (s *ticketScreen) printed(err error) {
	s.printing = false
	s.failed = err != nil
	if s.k.current != s {
		return
	}
	s.setPrinterText()
	if err != nil {
		s.k.touch() // restart the (now longer) timer
	}
}

// qrLayout draws the QR code as large as fits (up to max), its caption
// under it.
type qrLayout struct{ gap, max float32 }

func (q *qrLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	img, caption := objs[0], objs[1]
	ch := float32(0)
	if t, ok := caption.(heightFor); ok {
		ch = t.HeightFor(size.Width)
	}
	side := min(size.Width, size.Height-ch-q.gap, q.max)
	side = max(side, 1)
	y := max(0, (size.Height-side-ch-q.gap)/2)
	img.Move(fyne.NewPos((size.Width-side)/2, y))
	img.Resize(fyne.NewSize(side, side))
	caption.Move(fyne.NewPos(0, y+side+q.gap))
	caption.Resize(fyne.NewSize(size.Width, ch))
}

func (q *qrLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }
