package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"antrean/shared/api"
	"antrean/shared/i18n"
	sharedui "antrean/shared/ui"
)

// Visits ("satu kunjungan") on the kiosk: after choosing a service the
// citizen sees it as the first step of a route, may add more services
// ("Tambah layanan lain", up to the site's limit) and sees each queue's
// wait before taking one number for all of them. A step that cannot be
// served today is marked with its reason before the ticket is taken, and
// "Ambil nomor antrean" waits until it is removed.

// visitPlan is the route being put together (UI goroutine only).
type visitPlan struct {
	steps []api.Service
	prio  api.Priority
	first *serviceScreen // where the first service was chosen
	// msg is the last refusal from the server, failed the step it named.
	msg    string
	failed string
}

// maxSteps is how many services this kiosk offers per ticket: the site's
// limit when visits are on, else 1.
func (k *Kiosk) maxSteps() int {
	if !k.cfg.Visits || k.catalog == nil {
		return 1
	}
	return k.catalog.Site.Visits.Max()
}

// visitsOn reports whether a chosen service opens the route screen.
func (k *Kiosk) visitsOn() bool { return k.maxSteps() > 1 }

// choose is a service chosen on the service (or priority) screen: with
// visits on it becomes a step of the plan and the route screen shows;
// otherwise the ticket is taken at once, as before visits.
func (k *Kiosk) choose(sv api.Service, prio api.Priority, from *serviceScreen) {
	if !k.visitsOn() {
		k.startIssue(sv, prio, from)
		return
	}
	if k.plan == nil {
		k.plan = &visitPlan{prio: prio, first: from}
	}
	k.plan.steps = append(k.plan.steps, sv)
	k.plan.msg, k.plan.failed = "", ""
	k.navigate(&routeScreen{k: k})
}

// inPlan reports whether a service is already a step of the plan.
func (k *Kiosk) inPlan(id string) bool {
	if k.plan == nil {
		return false
	}
	for _, s := range k.plan.steps {
		if s.ID == id {
			return true
		}
	}
	return false
}

// adding reports whether the agency and service screens are choosing a
// further step (the plan has one already).
func (k *Kiosk) adding() bool { return k.plan != nil && len(k.plan.steps) > 0 }

// ---- route --------------------------------------------------------------

// routeScreen shows the plan: every step with its queue now, a way to
// remove one and to add another, and the one button that takes the number.
type routeScreen struct {
	k      *Kiosk
	Back   *Tile
	Steps  []*Tile // one per step, in order
	Remove []*Tile // "Hapus" beside each step
	Add    *Tile   // "Tambah layanan lain"
	Take   *Tile   // "Ambil nomor antrean"
	Banner string  // what the warning band says ("" = none)
}

func (s *routeScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }
func (s *routeScreen) catalogChanged()        { s.k.redraw() }

// live is a planned service as the latest catalog knows it (open now,
// waiting, estimate, quota).
func (k *Kiosk) live(sv api.Service) api.Service {
	if cur, ok := k.service(sv.ID); ok {
		return cur
	}
	sv.OpenNow, sv.ClosedReason = false, api.ReasonInactive
	return sv
}

func (s *routeScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	p := k.plan
	max := k.maxSteps()
	header, back := k.header(l.Pick("Layanan yang Anda pilih", "Your services"),
		fmt.Sprintf(l.Pick("Satu nomor untuk semua layanan, dilayani berurutan · paling banyak %d", "One number for all, served in order · at most %d"), max),
		s.onBack)
	s.Back = back
	s.Steps, s.Remove = nil, nil
	var rows []fyne.CanvasObject
	var closed []string
	for i, planned := range p.steps {
		sv := k.live(planned)
		a, _ := k.agency(sv.AgencyID)
		t := newTile(stylePrimary, sv.Name, nil) // information, not a button
		t.Band = sharedui.AgencyColor(a)
		t.Initials = strconv.Itoa(i + 1)
		parts := []string{nonEmpty(a.Short, a.Name)}
		if sv.OpenNow {
			parts = append(parts, l.Pick(fmt.Sprintf("%d menunggu", sv.Waiting), fmt.Sprintf("%d waiting", sv.Waiting)),
				l.Pick("perkiraan ", "about ")+i18n.WaitMinutes(l, sv.EstWaitMinutes))
		}
		t.Sub = joinNonEmpty(" · ", parts...)
		if !sv.OpenNow || sv.ID == p.failed {
			reason := i18n.ClosedReason(l, sv.ClosedReason)
			if sv.ID == p.failed && p.msg != "" {
				reason = p.msg
			}
			t.Note = l.Pick("Tidak dapat dilayani hari ini: ", "Cannot be served today: ") + reason
			t.Fill = rgb(0xfd, 0xe8, 0xe8)
			closed = append(closed, fmt.Sprintf("%d (%s)", i+1, sv.Name))
		}
		idx := i
		rm := newTile(styleGhost, l.Pick("Hapus", "Remove"), k.tap(func() { s.onRemove(idx) }))
		rm.titleSize = sizeBody
		s.Steps = append(s.Steps, t)
		s.Remove = append(s.Remove, rm)
		rows = append(rows, container.New(&stepRowLayout{right: max32(k.px(200), rm.minTextWidth(k)+k.px(48)), gap: k.px(16)}, t, rm))
	}
	s.Add = newTile(stylePrimary, l.Pick("Tambah layanan lain", "Add another service"), k.tap(s.onAdd))
	s.Add.Pictogram = "plus"
	s.Add.Sub = fmt.Sprintf(l.Pick("Sisa %d layanan", "%d more possible"), max-len(p.steps))
	if len(p.steps) >= max {
		s.Add.Sub = fmt.Sprintf(l.Pick("Paling banyak %d layanan", "At most %d services"), max)
		s.Add.Disable()
	}
	s.Take = newTile(styleAccent, l.Pick("Ambil nomor antrean", "Take the number"), k.tap(s.onTake))
	s.Take.Pictogram = "ticket"
	s.Take.Sub = l.Pick(fmt.Sprintf("Satu nomor untuk %d layanan", len(p.steps)), fmt.Sprintf("One number for %d services", len(p.steps)))
	if len(p.steps) == 1 {
		s.Take.Sub = l.Pick("Untuk layanan di atas", "For the service above")
	}
	s.Banner = ""
	switch {
	case len(closed) > 0:
		s.Banner = l.Pick("Layanan nomor ", "Service no. ") + strings.Join(closed, ", ") +
			l.Pick(" tidak dapat dilayani hari ini. Hapus dulu untuk mengambil nomor.", " cannot be served today. Remove it to take a number.")
		s.Take.Disable()
	case p.msg != "":
		s.Banner = p.msg
	}
	steps := container.New(grid{cols: func(fyne.Size) int { return 1 }, gap: k.px(16), maxH: k.px(170),
		minH: float32(len(rows)) * k.px(minTouch)}, rows...)
	buttons := container.New(grid{cols: func(sz fyne.Size) int { return 2 }, gap: k.px(24), maxH: k.px(minTouch + 60),
		minH: k.px(minTouch + 40)}, s.Add, s.Take)
	return k.page(header, k.warnBanner(s.Banner), steps, buttons)
}

func max32(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}

// onBack undoes the last choice: back to the list it was made on, without
// it.
func (s *routeScreen) onBack() {
	k := s.k
	p := k.plan
	last := p.steps[len(p.steps)-1]
	p.steps = p.steps[:len(p.steps)-1]
	p.msg, p.failed = "", ""
	if len(p.steps) == 0 {
		first := p.first
		k.plan = nil
		k.navigate(first)
		return
	}
	k.navigate(&serviceScreen{k: k, agencyID: last.AgencyID})
}

func (s *routeScreen) onRemove(i int) {
	k := s.k
	p := k.plan
	if i < 0 || i >= len(p.steps) {
		return
	}
	if p.failed == p.steps[i].ID {
		p.msg, p.failed = "", ""
	}
	p.steps = append(p.steps[:i:i], p.steps[i+1:]...)
	if len(p.steps) == 0 {
		first := p.first
		k.plan = nil
		k.navigate(first)
		return
	}
	k.redraw()
}

func (s *routeScreen) onAdd() {
	k := s.k
	if len(k.plan.steps) >= k.maxSteps() {
		return
	}
	k.navigate(&agencyScreen{k: k})
}

// onTake takes one number for the whole route.
func (s *routeScreen) onTake() {
	k := s.k
	p := k.plan
	if k.issue != nil || s.Take.Disabled() || len(p.steps) == 0 {
		return
	}
	p.msg, p.failed = "", ""
	k.startVisit(p.steps, p.prio, s)
}

// stepRowLayout puts a step tile and its remove tile on one row: the
// remove tile right at its width, the step the rest.
type stepRowLayout struct{ right, gap float32 }

func (l *stepRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	step, rm := objs[0], objs[1]
	rw := min(l.right, size.Width/3)
	step.Move(fyne.NewPos(0, 0))
	step.Resize(fyne.NewSize(size.Width-rw-l.gap, size.Height))
	rm.Move(fyne.NewPos(size.Width-rw, 0))
	rm.Resize(fyne.NewSize(rw, size.Height))
}

func (l *stepRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(objs[0].MinSize().Width+l.gap+l.right, max32(objs[0].MinSize().Height, objs[1].MinSize().Height))
}

// routeParas are the steps of a visit ticket, one paragraph each, the
// current step in bold (the ticket screen).
func routeParas(l i18n.Lang, t api.Ticket) []para {
	if len(t.Route) < 2 {
		return nil
	}
	ps := []para{{text: fmt.Sprintf(l.Pick("Satu nomor untuk %d layanan, berurutan:", "One number for %d services, in order:"), len(t.Route)),
		size: sizeBody, color: colorMuted}}
	for i, st := range t.Route {
		line := fmt.Sprintf("%d. %s", i+1, st.ServiceName)
		if st.AgencyShort != "" {
			line += " · " + st.AgencyShort
		}
		ps = append(ps, para{text: line, size: sizeBody, color: colorText, bold: st.Current})
	}
	return ps
}
