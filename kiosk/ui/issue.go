package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// issue is one citizen's ticket request. Its key is made once, when the
// choice is final, and sent with every retry: the server then returns the
// same ticket however often the request gets through.
type issue struct {
	key    string
	svc    api.Service
	prio   api.Priority
	from   *serviceScreen
	ctx    context.Context
	cancel context.CancelFunc
	screen *issuingScreen
}

// startIssue locks the flow (one request at a time: a double tap is
// ignored) and sends the request in the background.
func (k *Kiosk) startIssue(svc api.Service, prio api.Priority, from *serviceScreen) {
	if k.issue != nil {
		return
	}
	ctx, cancel := context.WithTimeout(k.ctx, k.cfg.GiveUpAfter)
	is := &issue{key: k.cfg.NewKey(), svc: svc, prio: prio, from: from, ctx: ctx, cancel: cancel}
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
		k.run(func() { is.screen.setConnecting(nil, 0) })
	})
	defer slow.Stop()
	req := api.IssueRequest{ServiceID: is.svc.ID, Priority: is.prio}
	delay := k.cfg.RetryDelay
	for attempt := 1; ; attempt++ {
		actx, acancel := context.WithTimeout(is.ctx, k.cfg.AttemptTimeout)
		t, err := k.be.IssueTicket(actx, req, is.key)
		acancel()
		switch {
		case err == nil:
			k.run(func() { k.issued(is, t) })
			return
		case is.ctx.Err() != nil: // cancelled by the citizen, or we gave up
			k.run(func() { k.issueFailed(is, err) })
			return
		case !retryable(err):
			k.run(func() { k.issueFailed(is, err) })
			return
		}
		k.run(func() { is.screen.setConnecting(err, attempt) })
		select {
		case <-is.ctx.Done():
			k.run(func() { k.issueFailed(is, err) })
			return
		case <-time.After(delay):
		}
		delay = min(delay*2, 5*time.Second)
	}
}

// issued shows the ticket, unless the citizen gave up meanwhile.
func (k *Kiosk) issued(is *issue, t api.Ticket) {
	if k.issue != is {
		return
	}
	is.cancel()
	k.issue = nil
	ts := &ticketScreen{k: k, t: t}
	k.navigate(ts)
	k.RefreshCatalog() // waiting counts changed
	if k.pr == nil {
		return
	}
	ts.printing = true
	setText(ts.Printer, k.lang.Pick("Mencetak tiket…", "Printing your ticket…"))
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

// issueFailed returns to the service list with the reason in Indonesian
// (or English), and reloads the catalog so a full service greys out.
func (k *Kiosk) issueFailed(is *issue, err error) {
	if k.issue != is {
		return
	}
	is.cancel()
	k.issue = nil
	is.from.msg = i18n.ErrorMessage(k.lang, err)
	if api.CodeOf(err) == api.CodeUnavailable || is.ctx.Err() == context.DeadlineExceeded {
		is.from.msg = k.lang.Pick("Server tidak dapat dihubungi. Silakan coba lagi atau hubungi petugas.",
			"The server cannot be reached. Please try again or ask an officer.")
	}
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
	is.from.msg = ""
	k.navigate(is.from)
}

// ---- issuing ------------------------------------------------------------

type issuingScreen struct {
	k      *Kiosk
	is     *issue
	Back   *Tile
	Cancel *Tile
	Title  *widget.RichText
	Detail *widget.RichText
	// Connecting is true once the "Sedang menghubungkan…" state shows.
	Connecting bool
}

// The issuing screen never times out by itself: the request loop gives up
// after GiveUpAfter, and the citizen can cancel any time.
func (s *issuingScreen) timeout() time.Duration { return 0 }

func (s *issuingScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(s.is.svc.Name, "", func() { k.cancelIssue(s.is) })
	s.Back = back
	s.Title = text(l.Pick("Sedang memproses nomor antrean…", "Getting your number…"), sizeTitle, colorText, true)
	s.Detail = text(l.Pick("Mohon tunggu sebentar", "Please wait a moment"), sizeBody, colorMuted, false)
	s.Cancel = newTile(styleGhost, l.Pick("Batal", "Cancel"), k.tap(func() { k.cancelIssue(s.is) }))
	s.Cancel.SetMinSize(fyne.NewSize(480, minTouch+24))
	if s.Connecting {
		s.setConnecting(nil, 0)
	}
	return k.page(header, nil, vcol(40, s.Title, s.Detail, container.NewCenter(s.Cancel)), nil)
}

// setConnecting switches to the reconnecting state: the request is not
// lost, it is being retried with the same key.
func (s *issuingScreen) setConnecting(err error, attempt int) {
	if s.k.issue != s.is {
		return
	}
	l := s.k.lang
	s.Connecting = true
	setText(s.Title, l.Pick("Sedang menghubungkan…", "Connecting…"))
	d := l.Pick("Mohon tunggu, kami mencoba lagi secara otomatis", "Please wait, we retry automatically")
	if attempt > 0 {
		d += fmt.Sprintf(l.Pick(" (percobaan ke-%d)", " (attempt %d)"), attempt+1)
	}
	setText(s.Detail, d)
}

// ---- ticket -------------------------------------------------------------

type ticketScreen struct {
	k        *Kiosk
	t        api.Ticket
	printing bool
	Back     *Tile
	Done     *Tile
	Number   *canvas.Text
	Info     *fyne.Container // service, agency, people ahead, date
	QR       *canvas.Image
	Printer  *widget.RichText
}

func (s *ticketScreen) timeout() time.Duration { return s.k.cfg.TicketTimeout }

func (s *ticketScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	t := s.t
	header, back := k.header(l.Pick("Nomor antrean Anda", "Your queue number"), "", k.goHome)
	s.Back = back
	s.Number = label(t.Number, sizeHuge, colorHeader, true)
	issued := t.IssuedAt
	if issued.IsZero() {
		issued = k.now()
	} else if k.catalog != nil {
		issued = issued.In(k.now().Location())
	}
	ahead := l.Pick(fmt.Sprintf("%d orang di depan Anda", t.PeopleAhead), fmt.Sprintf("%d people ahead of you", t.PeopleAhead))
	if t.PeopleAhead == 0 {
		ahead = l.Pick("Tidak ada antrean di depan Anda", "Nobody is ahead of you")
	}
	lines := []fyne.CanvasObject{
		container.NewCenter(s.Number),
		text(t.ServiceName, sizeTitle, colorText, true),
		text(nonEmpty(t.AgencyName, t.AgencyShort), sizeBody, colorMuted, false),
		text(ahead+" · "+l.Pick("perkiraan ", "about ")+i18n.WaitMinutes(l, t.EstWaitMinutes), sizeBody, colorText, true),
	}
	if t.Priority.IsPriority() {
		lines = append(lines, text(l.Pick("Prioritas: ", "Priority: ")+i18n.PriorityLabel(l, t.Priority), sizeBody, colorText, false))
	}
	lines = append(lines, text(i18n.FormatDateTime(l, issued), sizeBody, colorMuted, false))
	s.Info = vcol(14, lines...)

	var qrSide fyne.CanvasObject = container.NewStack()
	if t.StatusURL != "" {
		if q, err := qrcode.New(t.StatusURL, qrcode.Medium); err == nil {
			q.DisableBorder = false
			s.QR = canvas.NewImageFromImage(q.Image(512))
			s.QR.FillMode = canvas.ImageFillContain
			s.QR.ScaleMode = canvas.ImageScalePixels
			s.QR.SetMinSize(fyne.NewSize(340, 340))
			qrSide = vcol(12, s.QR, text(l.Pick("Pindai untuk melihat status antrean di ponsel", "Scan to follow your turn on your phone"), sizeSmall, colorMuted, false))
		}
	}
	body := container.New(split{ratio: 0.62}, s.Info, qrSide)

	s.Printer = text("", sizeBody, colorWarn, true)
	s.Done = newTile(styleAccent, l.Pick("Selesai", "Done"), k.tap(k.goHome))
	s.Done.SetMinSize(fyne.NewSize(420, minTouch+16))
	wait := text(l.Pick("Silakan tunggu nomor Anda dipanggil", "Please wait until your number is called"), sizeTitle, colorHeader, true)
	footer := withHeight(300, vcol(10, wait, s.Printer, container.NewCenter(s.Done)))
	return k.page(header, nil, body, footer)
}

// printed tells the citizen plainly when the paper ticket did not come
// out: the ticket exists anyway, so they note the number.
func (s *ticketScreen) printed(err error) {
	s.printing = false
	if s.k.current != s {
		return
	}
	if err != nil {
		setText(s.Printer, s.k.lang.Pick("Printer bermasalah — mohon catat nomor antrean Anda",
			"Printer problem — please write down your number"))
		s.k.touch() // give time to write it down
		return
	}
	setText(s.Printer, s.k.lang.Pick("Silakan ambil tiket Anda", "Please take your ticket"))
}
