package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"sort"
	"time"

	"antrean/server/queue"
	"antrean/server/reports"
	"antrean/server/store"
	"antrean/shared/api"
)

// Reports read tickets of local days From…To and aggregate in Go with the
// pure functions of package reports; the definitions are on api.SummaryRow.
// Groups are named from the current catalog (a service that moved to
// another agency counts for its current agency).

const (
	defaultTarget = 15
	maxReportDays = 400
)

// reportRange checks and defaults a query: no dates = today.
func (s *Store) reportRange(q *store.ReportQuery, c *catalog, allowed ...api.ReportGroup) (days int, err error) {
	today := queue.LocalDay(s.clock.Now(), c.loc)
	if q.From == "" {
		q.From = today
	}
	if q.To == "" {
		q.To = q.From
	}
	from, err1 := time.ParseInLocation("2006-01-02", q.From, c.loc)
	to, err2 := time.ParseInLocation("2006-01-02", q.To, c.loc)
	if err1 != nil || err2 != nil {
		return 0, invalid("from and to must be dates YYYY-MM-DD")
	}
	if to.Before(from) {
		return 0, invalid("to %s is before from %s", q.To, q.From)
	}
	days = int(to.Sub(from).Hours()/24+0.5) + 1
	if days > maxReportDays {
		return 0, invalid("a report covers at most %d days", maxReportDays)
	}
	if q.Group == "" {
		q.Group = allowed[0]
	}
	for _, g := range allowed {
		if q.Group == g {
			return days, nil
		}
	}
	names := ""
	for i, g := range allowed {
		if i > 0 {
			names += ", "
		}
		names += string(g)
	}
	return 0, invalid("group %q must be one of %s", q.Group, names)
}

// grouper names the group of a ticket and orders the rows.
type grouper struct {
	c     *catalog
	group api.ReportGroup
	users map[string]string
}

func (g grouper) key(serviceID, counterID, officerID string) string {
	switch g.group {
	case api.GroupSite:
		return g.c.site.ID
	case api.GroupAgency:
		return g.c.service[serviceID].AgencyID
	case api.GroupService:
		return serviceID
	case api.GroupCounter:
		return counterID
	default:
		return officerID
	}
}

func (g grouper) name(key string) string {
	switch g.group {
	case api.GroupSite:
		return g.c.site.Name
	case api.GroupAgency:
		if a, ok := g.c.agency[key]; ok {
			return a.Name
		}
	case api.GroupService:
		if sv, ok := g.c.service[key]; ok {
			return sv.Name
		}
	case api.GroupCounter:
		if ct, ok := g.c.counter[key]; ok {
			return ct.Name
		}
	case api.GroupOfficer:
		if n, ok := g.users[key]; ok {
			return n
		}
	}
	if key == "" && (g.group == api.GroupCounter || g.group == api.GroupOfficer) {
		return "(belum dipanggil)"
	}
	return key
}

// order ranks keys: catalog order, then unknown keys by name.
func (g grouper) order(keys []string) {
	rank := map[string]int{}
	switch g.group {
	case api.GroupAgency:
		for i, a := range g.c.agencies {
			rank[a.ID] = i + 1
		}
	case api.GroupService:
		for i, sv := range g.c.services {
			rank[sv.ID] = i + 1
		}
	case api.GroupCounter:
		for i, ct := range g.c.counters {
			rank[ct.ID] = i + 1
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ri, rj := rank[keys[i]], rank[keys[j]]
		if ri == 0 {
			ri = 1 << 30
		}
		if rj == 0 {
			rj = 1 << 30
		}
		if ri != rj {
			return ri < rj
		}
		ni, nj := g.name(keys[i]), g.name(keys[j])
		if ni != nj {
			return ni < nj
		}
		return keys[i] < keys[j]
	})
}

func (s *Store) userNames(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM users`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// dayStats are the report figures of a set of tickets: what a summary row
// and an hourly row need, additive, so days and groups merge exactly.
// Waiting and service times are kept as exact millisecond sums (means are
// exact) and as histograms of whole seconds rounded up (within-target
// counts are exact, p90 is exact to the second, rounded up).
type dayStats struct {
	issued, transferredIn, served, noShow, cancelled, transferred, expired, open int64
	routedIn, returned                                                           int64 // visits' later steps; no-shows back in line
	called                                                                       int64 // original tickets called: their waits are counted
	waitMs, serveMs                                                              int64
	serveN                                                                       int64 // done tickets with a start: their service times
	waits, serves                                                                reports.Hist
	hours                                                                        [24]int64 // arrivals (original tickets) per local hour
}

func newStats() *dayStats { return &dayStats{waits: reports.Hist{}, serves: reports.Hist{}} }

// ticketFacts is one ticket as the reports read it.
type ticketFacts struct {
	serviceID, counterID, officerID string
	state                           api.State
	original                        bool // taken at the kiosk: not transferred, routed or returned
	transferred                     bool // arrived by transfer
	origin                          string
	issued                          int64
	called, started, finished       sql.NullInt64
	entered                         sql.NullInt64
}

const factCols = `service_id, counter_id, officer_id, state, transferred_from <> '', issued_at, called_at, started_at, finished_at, origin, entered_at`

func scanFacts(sc scanner) (ticketFacts, error) {
	var f ticketFacts
	var st string
	err := sc.Scan(&f.serviceID, &f.counterID, &f.officerID, &st, &f.transferred, &f.issued, &f.called, &f.started, &f.finished, &f.origin, &f.entered)
	f.state = api.State(st)
	f.original = !f.transferred && f.origin == ""
	return f, err
}

func (d *dayStats) add(f ticketFacts, loc *time.Location) {
	switch {
	case f.original:
		d.issued++
		d.hours[time.UnixMilli(f.issued).In(loc).Hour()]++
	case f.transferred:
		d.transferredIn++
	case f.origin == api.OriginReturn:
		d.returned++
	default: // a visit's later step
		d.routedIn++
	}
	switch f.state {
	case api.StateDone:
		d.served++
		if f.started.Valid && f.finished.Valid {
			v := f.finished.Int64 - f.started.Int64
			d.serveMs += v
			d.serveN++
			d.serves.Add(reports.CeilDiv(v, 1000))
		}
	case api.StateNoShow:
		d.noShow++
	case api.StateCancelled:
		d.cancelled++
	case api.StateTransferred:
		d.transferred++
	case api.StateExpired:
		d.expired++
	default:
		d.open++
	}
	// A wait counts from entering the line: the issue of an original, the
	// routing of a later step, the return of a no-show; never a transfer's.
	if !f.transferred && f.called.Valid {
		from := f.issued
		if !f.original && f.entered.Valid {
			from = f.entered.Int64
		}
		w := f.called.Int64 - from
		d.called++
		d.waitMs += w
		d.waits.Add(reports.CeilDiv(w, 1000))
	}
}

func (d *dayStats) merge(o *dayStats) {
	d.issued += o.issued
	d.transferredIn += o.transferredIn
	d.served += o.served
	d.noShow += o.noShow
	d.cancelled += o.cancelled
	d.transferred += o.transferred
	d.expired += o.expired
	d.open += o.open
	d.routedIn += o.routedIn
	d.returned += o.returned
	d.called += o.called
	d.waitMs += o.waitMs
	d.serveMs += o.serveMs
	d.serveN += o.serveN
	d.waits.Merge(o.waits)
	d.serves.Merge(o.serves)
	for h := range d.hours {
		d.hours[h] += o.hours[h]
	}
}

// statsVersion is the first byte of an encoded dayStats: 2 adds routedIn
// and returned at the end (version 1, from before visits, has neither).
const statsVersion = 2

func (d *dayStats) encode() []byte {
	b := []byte{statsVersion}
	for _, v := range []int64{d.issued, d.transferredIn, d.served, d.noShow, d.cancelled, d.transferred, d.expired,
		d.open, d.called, d.waitMs, d.serveMs, d.serveN} {
		b = binary.AppendVarint(b, v)
	}
	b = d.waits.AppendBinary(b)
	b = d.serves.AppendBinary(b)
	for _, v := range d.hours {
		b = binary.AppendVarint(b, v)
	}
	b = binary.AppendVarint(b, d.routedIn)
	b = binary.AppendVarint(b, d.returned)
	return b
}

func decodeStats(b []byte) (*dayStats, error) {
	if len(b) == 0 || (b[0] != statsVersion && b[0] != 1) {
		return nil, fmt.Errorf("sqlite: day_stats: unknown encoding")
	}
	version := b[0]
	b = b[1:]
	d := newStats()
	read := func() int64 {
		v, k := binary.Varint(b)
		if k <= 0 {
			b = nil
			return 0
		}
		b = b[k:]
		return v
	}
	for _, p := range []*int64{&d.issued, &d.transferredIn, &d.served, &d.noShow, &d.cancelled, &d.transferred, &d.expired,
		&d.open, &d.called, &d.waitMs, &d.serveMs, &d.serveN} {
		*p = read()
	}
	var err error
	if b, err = d.waits.ReadBinary(b); err != nil {
		return nil, err
	}
	if b, err = d.serves.ReadBinary(b); err != nil {
		return nil, err
	}
	for h := range d.hours {
		d.hours[h] = read()
	}
	if version >= 2 && b != nil {
		d.routedIn, d.returned = read(), read()
	}
	if b == nil {
		return nil, fmt.Errorf("sqlite: day_stats: truncated")
	}
	return d, nil
}

// row turns merged figures into a summary row; targetSec is the service
// level target in seconds.
func (d *dayStats) row(key, name string, targetSec int64) api.SummaryRow {
	r := api.SummaryRow{Key: key, Name: name, Issued: int(d.issued), TransferredIn: int(d.transferredIn), Served: int(d.served),
		NoShow: int(d.noShow), Cancelled: int(d.cancelled), Transferred: int(d.transferred), Expired: int(d.expired),
		Open: int(d.open), RoutedIn: int(d.routedIn), Returned: int(d.returned), Called: int(d.called), WithinTarget: int(d.waits.AtMost(targetSec))}
	minutes := func(sumMs, n int64) *float64 {
		if n == 0 {
			return nil
		}
		v := float64(sumMs) / 60000 / float64(n)
		return &v
	}
	p90 := func(h reports.Hist) *float64 {
		sec, ok := h.Percentile(90)
		if !ok {
			return nil
		}
		v := float64(sec) / 60
		return &v
	}
	r.AvgWaitMinutes, r.P90WaitMinutes = minutes(d.waitMs, d.called), p90(d.waits)
	r.AvgServiceMinutes, r.P90ServiceMinutes = minutes(d.serveMs, d.serveN), p90(d.serves)
	if r.Called > 0 {
		v := 100 * float64(r.WithinTarget) / float64(r.Called)
		r.ServiceLevel = &v
	}
	return r
}

// Dimensions of day_stats: every ticket counts once in each.
const (
	dimService = "s"
	dimCounter = "c"
	dimOfficer = "o"
)

func dimOf(g api.ReportGroup) string {
	switch g {
	case api.GroupCounter:
		return dimCounter
	case api.GroupOfficer:
		return dimOfficer
	}
	return dimService
}

func dimKey(dim string, f ticketFacts) string {
	switch dim {
	case dimCounter:
		return f.counterID
	case dimOfficer:
		return f.officerID
	}
	return f.serviceID
}

// groupKey maps a dimension key to the report group's key.
func (g grouper) groupKey(dim, key string) string {
	switch dim {
	case dimCounter:
		return g.key("", key, "")
	case dimOfficer:
		return g.key("", "", key)
	}
	return g.key(key, "", "")
}

// collect merges the figures of days From…To into groups: closed days
// from day_stats, the others (today, or a day not closed yet) from their
// tickets, through the same dayStats.add. One read transaction keeps it
// consistent with a day being closed meanwhile.
func (s *Store) collect(ctx context.Context, tx *sql.Tx, c *catalog, q store.ReportQuery, g grouper) (map[string]*dayStats, *dayStats, error) {
	dim := dimOf(q.Group)
	groups := map[string]*dayStats{}
	total := newStats()
	err := eachDayStats(ctx, tx, c, q.From, q.To, dim, func(_, key string, d *dayStats) {
		k := g.groupKey(dim, key)
		x := groups[k]
		if x == nil {
			x = newStats()
			groups[k] = x
		}
		x.merge(d)
		total.merge(d)
	})
	if err != nil {
		return nil, nil, err
	}
	return groups, total, nil
}

// closedDays are the closed days of from…to.
func closedDays(ctx context.Context, q querier, from, to string) (map[string]bool, error) {
	closed := map[string]bool{}
	rows, err := q.QueryContext(ctx, `SELECT day FROM closed_days WHERE day BETWEEN ? AND ?`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		closed[d] = true
	}
	return closed, rows.Err()
}

// eachDayStats calls fn with the figures of every day of from…to and key
// of the dimension: closed days from day_stats, the others from their
// tickets. The per-day breakdowns (service level over time, the usual
// arrivals of a weekday, the staff report by week) and collect share it.
func eachDayStats(ctx context.Context, tx *sql.Tx, c *catalog, from, to, dim string, fn func(day, key string, d *dayStats)) error {
	closed, err := closedDays(ctx, tx, from, to)
	if err != nil {
		return err
	}
	if len(closed) > 0 {
		if err := eachDayBlob(ctx, tx, `SELECT day, key, data FROM day_stats WHERE dim = ? AND day BETWEEN ? AND ?`, dim, from, to,
			func(day, key string, data []byte) error {
				d, err := decodeStats(data)
				if err == nil {
					fn(day, key, d)
				}
				return err
			}); err != nil {
			return err
		}
	}
	first, _ := time.ParseInLocation("2006-01-02", from, c.loc)
	for day := first; ; day = day.AddDate(0, 0, 1) {
		ds := day.Format("2006-01-02")
		if ds > to {
			break
		}
		if closed[ds] {
			continue
		}
		per, err := statsOfDay(ctx, tx, c.loc, ds, dim)
		if err != nil {
			return err
		}
		for key, d := range per[dim] {
			fn(ds, key, d)
		}
	}
	return nil
}

// statsOfDay computes a day's figures from its tickets for the given
// dimensions (all three when closing the day).
func statsOfDay(ctx context.Context, q querier, loc *time.Location, day string, dims ...string) (map[string]map[string]*dayStats, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+factCols+` FROM tickets WHERE day = ?`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]*dayStats{}
	for _, dim := range dims {
		out[dim] = map[string]*dayStats{}
	}
	for rows.Next() {
		f, err := scanFacts(rows)
		if err != nil {
			return nil, err
		}
		for _, dim := range dims {
			k := dimKey(dim, f)
			d := out[dim][k]
			if d == nil {
				d = newStats()
				out[dim][k] = d
			}
			d.add(f, loc)
		}
	}
	return out, rows.Err()
}

// Summary is the performance report of a date range per group.
func (s *Store) Summary(ctx context.Context, q store.ReportQuery) (api.SummaryReport, error) {
	c := s.snapshot()
	if _, err := s.reportRange(&q, c, api.GroupService, api.GroupSite, api.GroupAgency, api.GroupCounter, api.GroupOfficer); err != nil {
		return api.SummaryReport{}, err
	}
	if q.TargetMinutes == 0 {
		q.TargetMinutes = defaultTarget
	}
	if q.TargetMinutes < 1 || q.TargetMinutes > 24*60 {
		return api.SummaryReport{}, invalid("target_minutes must be 1-1440")
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.SummaryReport{}, dbErr(err)
	}
	defer tx.Rollback()
	g := grouper{c: c, group: q.Group}
	if q.Group == api.GroupOfficer {
		if g.users, err = s.userNames(ctx, tx); err != nil {
			return api.SummaryReport{}, dbErr(err)
		}
	}
	groups, total, err := s.collect(ctx, tx, c, q, g)
	if err != nil {
		return api.SummaryReport{}, dbErr(err)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	g.order(keys)
	target := int64(q.TargetMinutes) * 60
	out := api.SummaryReport{From: q.From, To: q.To, Group: q.Group, TargetMinutes: q.TargetMinutes, Rows: []api.SummaryRow{}}
	for _, k := range keys {
		out.Rows = append(out.Rows, groups[k].row(k, g.name(k), target))
	}
	out.Total = total.row("total", "Total", target)
	return out, nil
}

// Hourly counts arrivals (numbers taken) per local hour of the day.
func (s *Store) Hourly(ctx context.Context, q store.ReportQuery) (api.HourlyReport, error) {
	c := s.snapshot()
	days, err := s.reportRange(&q, c, api.GroupSite, api.GroupAgency, api.GroupService)
	if err != nil {
		return api.HourlyReport{}, err
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.HourlyReport{}, dbErr(err)
	}
	defer tx.Rollback()
	g := grouper{c: c, group: q.Group}
	groups, _, err := s.collect(ctx, tx, c, q, g)
	if err != nil {
		return api.HourlyReport{}, dbErr(err)
	}
	keys := make([]string, 0, len(groups))
	for k, d := range groups {
		if d.issued > 0 { // groups that only received transfers had no arrivals
			keys = append(keys, k)
		}
	}
	g.order(keys)
	out := api.HourlyReport{From: q.From, To: q.To, Group: q.Group, Days: days, Rows: []api.HourlyRow{}}
	for _, k := range keys {
		r := api.HourlyRow{Key: k, Name: g.name(k)}
		for h, n := range groups[k].hours {
			r.Hours[h] = int(n)
			r.Total += int(n)
		}
		out.Rows = append(out.Rows, r)
	}
	return out, nil
}

// Today is the live summary of the current local day.
func (s *Store) Today(ctx context.Context) (api.TodayReport, error) {
	c := s.snapshot()
	now := s.clock.Now().In(c.loc)
	day := queue.LocalDay(now, c.loc)
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.TodayReport{}, dbErr(err)
	}
	defer tx.Rollback()
	out := api.TodayReport{Day: day, Now: now, Services: []api.TodayService{}, Counters: []api.TodayCounter{}}
	type svc struct {
		api.TodayService
		waits []float64
	}
	per := map[string]*svc{}
	for _, sv := range c.services {
		per[sv.ID] = &svc{TodayService: api.TodayService{ServiceID: sv.ID, ServiceName: sv.Name, AgencyID: sv.AgencyID, Prefix: sv.Prefix}}
	}
	current := map[string]string{}
	servedAt := map[string]int{}
	rows, err := tx.QueryContext(ctx, `SELECT service_id, counter_id, number, state, transferred_from = '' AND origin = '', issued_at, called_at
		FROM tickets WHERE day = ?`, day)
	if err != nil {
		return out, dbErr(err)
	}
	for rows.Next() {
		var sid, cid, num, st string
		var original bool
		var issued int64
		var called sql.NullInt64
		if err := rows.Scan(&sid, &cid, &num, &st, &original, &issued, &called); err != nil {
			rows.Close()
			return out, dbErr(err)
		}
		p := per[sid]
		if p == nil {
			p = &svc{TodayService: api.TodayService{ServiceID: sid, ServiceName: sid}}
			per[sid] = p
		}
		if original {
			p.Issued++
			out.Issued++
			if called.Valid {
				p.waits = append(p.waits, float64(called.Int64-issued)/60000)
			}
		}
		switch api.State(st) {
		case api.StateWaiting:
			p.Waiting++
			out.Waiting++
		case api.StateCalled, api.StateServing:
			p.InService++
			current[cid] = num
		case api.StateDone:
			p.Served++
			out.Served++
			servedAt[cid]++
		case api.StateNoShow:
			p.NoShow++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, dbErr(err)
	}
	seen := map[string]bool{}
	add := func(p *svc) {
		p.AvgWaitMinutes = reports.Ptr(reports.Mean(p.waits))
		out.Services = append(out.Services, p.TodayService)
	}
	for _, sv := range c.services {
		seen[sv.ID] = true
		add(per[sv.ID])
	}
	for id, p := range per {
		if !seen[id] {
			add(p)
		}
	}
	status, err := countStatus(ctx, tx)
	if err != nil {
		return out, dbErr(err)
	}
	for _, ct := range c.counters {
		st := ct.Status
		if v, ok := status[ct.ID]; ok {
			st = v
		}
		if st == api.CounterOpen {
			out.OpenCounters++
		}
		out.Counters = append(out.Counters, api.TodayCounter{ID: ct.ID, Number: ct.Number, Name: ct.Name, Status: st,
			Current: current[ct.ID], Served: servedAt[ct.ID]})
	}
	return out, nil
}

// eachDayBlob calls fn with every (day, key, data) row of one dimension of
// a per-day figures table (day_stats, day_staff) over from…to.
func eachDayBlob(ctx context.Context, tx *sql.Tx, query, dim, from, to string, fn func(day, key string, data []byte) error) error {
	rows, err := tx.QueryContext(ctx, query, dim, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var day, key string
		var data []byte
		if err := rows.Scan(&day, &key, &data); err != nil {
			return err
		}
		if err := fn(day, key, data); err != nil {
			return err
		}
	}
	return rows.Err()
}
