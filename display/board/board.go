// Package board decides what the hall display shows. It folds the board
// snapshot, the event stream, the catalog (agency names and colours) and
// the clock into a View, and knows nothing of Fyne: tests drive it
// directly, and the ui package only lays the View out and paints it.
//
// What it guarantees: the big call and the counter grid show only calls
// that are still valid (not requeued, finished, no-show, cancelled,
// transferred or expired; the counter open; called today in the site's
// time zone), a call being announced stays up while the voice speaks it,
// and the recent-call list has one row per ticket.
package board

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// Config sets up a State; zero values give the defaults.
type Config struct {
	Lang i18n.Lang
	Zone string // "" = every zone
	// HistoryRows is how many recent calls are kept (default 6).
	HistoryRows int
	// PulseFor is how long a call being announced flashes (default 5s).
	PulseFor time.Duration
	// Ticker overrides the site's announcements in the running text.
	Ticker []string
	// Now is the local clock (default time.Now). The state follows the
	// server's clock: a snapshot's Now sets the offset.
	Now func() time.Time
}

// State is what the display knows. It is not safe for concurrent use: the
// ui calls it from the Fyne goroutine only.
type State struct {
	cfg  Config
	lang i18n.Lang

	site     api.Site
	loc      *time.Location
	skew     time.Duration // server clock − local clock
	day      string        // local date the state belongs to, "2006-01-02"
	counters []api.BoardCounter
	history  []api.Call // newest first, one per ticket
	big      *api.Call
	// pulseUntil is when the call being announced stops flashing; zero
	// when the big call is settled.
	pulseUntil time.Time
	online     bool
	messages   []string
	// The service calendar (calendar.go): site-wide entries, the day they
	// were last applied for, and the running-text lines they give.
	calendar      []api.Holiday
	calendarDay   string
	calendarLines []string
	// Announcements (announcements.go): every entry with its schedule,
	// the texts running now, the footer line, and what they were last
	// built from.
	announcements     []api.Announcement
	boardZone         string // the board's zone (a zone-bound token's)
	announcementLines []string
	footer            string
	runningKey        string

	agencies      map[string]api.Agency
	serviceAgency map[string]string
}

// New returns an empty state (no counters, idle big call, online).
func New(cfg Config) *State {
	if cfg.HistoryRows <= 0 {
		cfg.HistoryRows = 6
	}
	if cfg.PulseFor <= 0 {
		cfg.PulseFor = 5 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &State{cfg: cfg, lang: cfg.Lang, online: true, loc: defaultLocation()}
	if s.lang == "" {
		s.lang = i18n.ID
	}
	s.day = s.localDay(s.now())
	s.setMessages()
	return s
}

func defaultLocation() *time.Location {
	if l, err := time.LoadLocation("Asia/Jakarta"); err == nil {
		return l
	}
	return time.Local
}

// now is the server's time as far as the display knows it.
func (s *State) now() time.Time { return s.cfg.Now().Add(s.skew) }

func (s *State) localDay(t time.Time) string { return t.In(s.loc).Format("2006-01-02") }

// today reports whether c was made on the state's current day (a call
// without a time counts as today).
func (s *State) today(c *api.Call) bool {
	return c.At.IsZero() || s.localDay(c.At) == s.day
}

// Location is the site's time zone (Asia/Jakarta until a snapshot says).
func (s *State) Location() *time.Location { return s.loc }

// Pulsing reports whether a call is being announced.
func (s *State) Pulsing() bool { return !s.pulseUntil.IsZero() }

// ApplyBoard replaces the state with a snapshot.
func (s *State) ApplyBoard(b api.Board) {
	s.site = b.Site
	if b.Site.Timezone != "" {
		if l, err := time.LoadLocation(b.Site.Timezone); err == nil {
			s.loc = l
		}
	}
	if !b.Now.IsZero() {
		s.skew = b.Now.Sub(s.cfg.Now())
	}
	s.day = s.localDay(s.now())
	s.announcements = append([]api.Announcement(nil), b.Announcements...)
	s.boardZone = b.Zone
	s.setCalendar(b.Calendar) // sets the running text too

	s.counters = s.counters[:0]
	for _, bc := range b.Counters {
		if bc.Current != nil {
			cur := *bc.Current
			bc.Current = &cur
			if !s.today(bc.Current) {
				bc.Current = nil // left over from an earlier day
			}
		}
		s.counters = append(s.counters, bc)
	}
	s.sortCounters()

	s.history = s.history[:0]
	for _, c := range b.RecentCalls {
		if s.today(&c) {
			s.pushOld(c)
		}
	}
	// A fresh start (or a reset) shows the newest call that still
	// stands; a call being announced stays until its pulse ends.
	if !s.Pulsing() {
		s.big = nil
		if len(s.history) > 0 {
			c := s.history[0]
			s.big = &c
		}
	}
	s.revalidate()
}

// ApplyCatalog takes agency names and colours and which agency each
// service belongs to (the catalog is read with the board).
func (s *State) ApplyCatalog(c api.Catalog) {
	s.agencies = make(map[string]api.Agency, len(c.Agencies))
	for _, a := range c.Agencies {
		s.agencies[a.ID] = a
	}
	s.serviceAgency = make(map[string]string, len(c.Services))
	for _, sv := range c.Services {
		s.serviceAgency[sv.ID] = sv.AgencyID
	}
}

// ApplyEvent folds one stream event into the state. It returns the call
// to announce for ticket.called and ticket.recalled, nil otherwise.
func (s *State) ApplyEvent(e api.Event) *api.Call {
	if e.Type == api.EventReset {
		return nil // the feed re-reads the board
	}
	if len(e.Data) == 0 || !json.Valid(e.Data) {
		return nil
	}
	data, err := e.Decode()
	if err != nil {
		return nil
	}
	if e.Type == api.EventCatalogUpdated {
		// The feed re-reads the catalog; the event itself carries the
		// calendar (an admin may have changed it).
		s.announcements = append([]api.Announcement(nil), data.Announcements...)
		s.setCalendar(data.Calendar) // re-applies the announcements too
		return nil
	}
	if s.cfg.Zone != "" && data.Zone != "" && data.Zone != s.cfg.Zone {
		return nil
	}
	defer s.revalidate()
	if data.Counter != nil {
		s.updateCounter(*data.Counter)
	}
	switch e.Type {
	case api.EventTicketCalled, api.EventTicketRecalled:
		if data.Call == nil {
			return nil
		}
		c := *data.Call
		c.Recall = c.Recall || e.Type == api.EventTicketRecalled
		if !s.today(&c) {
			return nil // a replayed call from an earlier day: never announce it
		}
		s.applyCall(c)
		return &c
	case api.EventTicketServing:
		t := data.Ticket
		if t == nil || t.CounterID == "" {
			return nil
		}
		if i := s.counterIndex(t.CounterID); i >= 0 {
			if cur := s.counters[i].Current; cur == nil || cur.TicketID != t.ID {
				s.counters[i].Current = callFromTicket(t, s.now())
			}
		}
	case api.EventTicketDone, api.EventTicketNoShow, api.EventTicketCancelled,
		api.EventTicketTransferred, api.EventTicketRequeued, api.EventTicketExpired:
		if data.Ticket == nil {
			return nil
		}
		s.endTicket(data.Ticket.ID)
		if data.Ticket.TransferredFrom != "" {
			s.endTicket(data.Ticket.TransferredFrom)
		}
	}
	return nil
}

// Announced puts c in the big panel: the voice starts speaking it now,
// and it flashes for PulseFor whatever happens to the ticket meanwhile,
// so what is heard and what is seen agree.
func (s *State) Announced(c api.Call) {
	s.big = &c
	s.pulseUntil = s.now().Add(s.cfg.PulseFor)
}

// Tick moves the state to the current time: a finished announcement
// settles (and goes if it is no longer valid); a new local day clears
// every call of the day before.
func (s *State) Tick() {
	now := s.now()
	if day := s.localDay(now); day != s.day {
		s.day = day
		s.history = s.history[:0]
		s.big, s.pulseUntil = nil, time.Time{}
		for i := range s.counters {
			if c := s.counters[i].Current; c != nil && !s.today(c) {
				s.counters[i].Current = nil
			}
		}
	}
	s.applyCalendar()      // a new day may be a holiday
	s.applyAnnouncements() // an entry may start or end
	if s.Pulsing() && !now.Before(s.pulseUntil) {
		s.pulseUntil = time.Time{}
		s.revalidate()
	}
}

// SetOnline records whether the event stream is connected.
func (s *State) SetOnline(online bool) { s.online = online }

// revalidate drops the big call once it no longer stands: its ticket left
// its counter, the counter is on break or closed, or it is from another
// day. A call being announced is kept until its pulse ends.
func (s *State) revalidate() {
	if s.big == nil || s.Pulsing() {
		return
	}
	if !s.today(s.big) {
		s.big = nil
		return
	}
	i := s.counterIndex(s.big.CounterID)
	if i < 0 {
		return // a counter the display does not know: nothing says otherwise
	}
	bc := s.counters[i]
	if !open(bc.Status) || bc.Current == nil || bc.Current.TicketID != s.big.TicketID {
		s.big = nil
	}
}

func open(st api.CounterStatus) bool { return st == "" || st == api.CounterOpen }

// endTicket clears a ticket that left its counter (the big call follows
// in revalidate).
func (s *State) endTicket(id string) {
	for i := range s.counters {
		if cur := s.counters[i].Current; cur != nil && cur.TicketID == id {
			s.counters[i].Current = nil
		}
	}
}

func callFromTicket(t *api.Ticket, now time.Time) *api.Call {
	at := now
	if t.CalledAt != nil {
		at = *t.CalledAt
	}
	return &api.Call{TicketID: t.ID, Number: t.Number, ServiceID: t.ServiceID, ServiceName: t.ServiceName,
		AgencyID: t.AgencyID, AgencyName: t.AgencyName, AgencyShort: t.AgencyShort, CounterID: t.CounterID,
		CounterNumber: t.CounterNumber, CounterName: t.CounterName, Zone: t.Zone, Calls: t.Calls, At: at}
}

// applyCall shows a new call (or recall) on its counter and at the top of
// the recent calls.
func (s *State) applyCall(c api.Call) {
	i := s.counterIndex(c.CounterID)
	if i < 0 && c.CounterID != "" {
		s.updateCounter(api.Counter{ID: c.CounterID, Number: c.CounterNumber, Name: c.CounterName,
			Zone: c.Zone, Status: api.CounterOpen, Staffed: true})
		i = s.counterIndex(c.CounterID)
	}
	if i >= 0 {
		cc := c
		s.counters[i].Current = &cc
	}
	// Newest first; a recall moves its ticket back to the top.
	h := s.history[:0]
	for _, old := range s.history {
		if c.TicketID == "" || old.TicketID != c.TicketID {
			h = append(h, old)
		}
	}
	if len(h) >= s.cfg.HistoryRows {
		h = h[:s.cfg.HistoryRows-1]
	}
	h = append(h, api.Call{})
	copy(h[1:], h)
	h[0] = c
	s.history = h
}

// pushOld appends an older call (snapshot order, newest first) unless its
// ticket is already listed: a call and its recalls are one row.
func (s *State) pushOld(c api.Call) {
	if len(s.history) >= s.cfg.HistoryRows {
		return
	}
	for _, h := range s.history {
		if c.TicketID != "" && h.TicketID == c.TicketID {
			return
		}
	}
	s.history = append(s.history, c)
}

func (s *State) counterIndex(id string) int {
	if id == "" {
		return -1
	}
	for i := range s.counters {
		if s.counters[i].ID == id {
			return i
		}
	}
	return -1
}

// updateCounter applies a counter's new status, staffing, name or number;
// a counter of this zone not seen before is added.
func (s *State) updateCounter(c api.Counter) {
	if s.cfg.Zone != "" && c.Zone != "" && c.Zone != s.cfg.Zone {
		return
	}
	if i := s.counterIndex(c.ID); i >= 0 {
		old := s.counters[i].Counter
		if len(c.ServiceIDs) == 0 {
			c.ServiceIDs = old.ServiceIDs
		}
		s.counters[i].Counter = c
		if old.Number != c.Number {
			s.sortCounters()
		}
		return
	}
	s.counters = append(s.counters, api.BoardCounter{Counter: c})
	s.sortCounters()
}

func (s *State) sortCounters() {
	sort.SliceStable(s.counters, func(i, j int) bool { return s.counters[i].Number < s.counters[j].Number })
}

// setMessages builds the running text (announcements.go): the calendar's
// lines, the announcements (or the --ticker list), the footer.
func (s *State) setMessages() {
	msgs := s.cfg.Ticker
	if len(msgs) == 0 {
		msgs = append(append([]string(nil), s.site.Announcements...), s.announcementLines...)
	}
	// A closure today or this week is said before the announcements.
	msgs = append(append([]string(nil), s.calendarLines...), msgs...)
	var clean []string
	for _, m := range msgs {
		if m = strings.TrimSpace(m); m != "" {
			clean = append(clean, m)
		}
	}
	if len(clean) == 0 {
		clean = []string{TxtWelcome(s.lang)}
	}
	if s.footer != "" {
		clean = append(clean, s.footer)
	}
	s.messages = clean
}

// agencyOf is the agency a call is for: the catalog's entry (with its
// colour) when known, else what the call itself says.
func (s *State) agencyOf(c *api.Call) api.Agency {
	id := c.AgencyID
	if id == "" {
		id = s.serviceAgency[c.ServiceID]
	}
	if a, ok := s.agencies[id]; ok {
		return a
	}
	return api.Agency{ID: id, Name: c.AgencyName, Short: c.AgencyShort}
}

// counterAgency is the agency of a counter's main (first) service, or of
// the call it shows when the catalog does not say.
func (s *State) counterAgency(bc *api.BoardCounter) api.Agency {
	if len(bc.ServiceIDs) > 0 {
		if a, ok := s.agencies[s.serviceAgency[bc.ServiceIDs[0]]]; ok {
			return a
		}
	}
	if bc.Current != nil {
		return s.agencyOf(bc.Current)
	}
	return api.Agency{}
}

// View renders the state for the screen.
func (s *State) View() View {
	v := View{Online: s.online, Messages: s.messages}
	v.SiteName = s.site.Name
	if v.SiteName == "" {
		v.SiteName = TxtSite(s.lang)
	}
	v.Clock = i18n.FormatDateTime(s.lang, s.now().In(s.loc))

	v.Big = Big{Idle: true, Caption: TxtNowCalling(s.lang), Counter: s.idleText()} // "Libur Nasional: …" on a closed day
	if c := s.big; c != nil {
		v.Big = Big{Caption: TxtNowCalling(s.lang), Number: c.Number,
			Counter: strings.ToUpper(TxtCounter(s.lang, c.CounterNumber)), Service: serviceLine(c),
			Agency: s.agencyOf(c), Pulse: s.Pulsing(), TicketID: c.TicketID, CounterID: c.CounterID}
		if c.Recall {
			v.Big.Caption = TxtRecall(s.lang)
		}
	}

	v.Cells = make([]Cell, len(s.counters))
	for i := range s.counters {
		bc := &s.counters[i]
		cell := Cell{CounterID: bc.ID, Title: TxtCounter(s.lang, bc.Number), Agency: s.counterAgency(bc)}
		cell.Label = cell.Agency.Short
		if cell.Label == "" {
			cell.Label = cell.Agency.Name
		}
		if cell.Label == "" {
			cell.Label = counterSubtitle(bc.Name, bc.Number)
		}
		switch {
		case bc.Status == api.CounterBreak:
			cell.State, cell.Number = CellBreak, i18n.CounterStatusLabel(s.lang, bc.Status)
		case !open(bc.Status):
			cell.State, cell.Number = CellClosed, i18n.CounterStatusLabel(s.lang, api.CounterClosed)
		case bc.Current != nil:
			cell.State, cell.Number = CellActive, bc.Current.Number
		case !bc.Staffed:
			cell.State, cell.Number = CellUnstaffed, TxtUnstaffed(s.lang)
		default:
			cell.State, cell.Number = CellIdle, "—"
		}
		cell.Flash = v.Big.Pulse && v.Big.CounterID == bc.ID
		v.Cells[i] = cell
	}

	v.History = make([]Row, len(s.history))
	for i := range s.history {
		c := &s.history[i]
		v.History[i] = Row{TicketID: c.TicketID, Number: c.Number, Counter: TxtCounter(s.lang, c.CounterNumber),
			Recall: c.Recall, Agency: s.agencyOf(c)}
	}
	return v
}

// serviceLine is "Disdukcapil · Perekaman KTP-el" (what the call is for).
func serviceLine(c *api.Call) string {
	agency := c.AgencyShort
	if agency == "" {
		agency = c.AgencyName
	}
	switch {
	case agency != "" && c.ServiceName != "":
		return agency + " · " + c.ServiceName
	case agency != "":
		return agency
	case c.ServiceName != "":
		return c.ServiceName
	}
	return c.CounterName
}

// counterSubtitle drops a leading "Loket 3 —" from a counter's name: the
// cell already says "Loket 3".
func counterSubtitle(name string, number int) string {
	name = strings.TrimSpace(name)
	for _, l := range []i18n.Lang{i18n.ID, i18n.EN} {
		p := TxtCounter(l, number)
		if len(name) >= len(p) && strings.EqualFold(name[:len(p)], p) {
			rest := name[len(p):]
			if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				continue // "Loket 12" is not "Loket 1"
			}
			return strings.TrimSpace(strings.TrimLeft(rest, " -—–:·|"))
		}
	}
	return name
}
