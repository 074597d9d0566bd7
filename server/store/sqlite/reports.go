package sqlite

import (
	"context"
	"database/sql"
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

// tally accumulates one summary row.
type tally struct {
	row           api.SummaryRow
	waits, serves []float64 // minutes
}

func (t *tally) add(st api.State, original bool, issued int64, called, started, finished sql.NullInt64, targetMs int64) {
	if original {
		t.row.Issued++
	} else {
		t.row.TransferredIn++
	}
	switch st {
	case api.StateDone:
		t.row.Served++
		if started.Valid && finished.Valid {
			t.serves = append(t.serves, float64(finished.Int64-started.Int64)/60000)
		}
	case api.StateNoShow:
		t.row.NoShow++
	case api.StateCancelled:
		t.row.Cancelled++
	case api.StateTransferred:
		t.row.Transferred++
	default:
		t.row.Open++
	}
	if original && called.Valid {
		w := called.Int64 - issued
		t.row.Called++
		if w <= targetMs {
			t.row.WithinTarget++
		}
		t.waits = append(t.waits, float64(w)/60000)
	}
}

func (t *tally) finish() api.SummaryRow {
	r := t.row
	r.AvgWaitMinutes = reports.Ptr(reports.Mean(t.waits))
	r.P90WaitMinutes = reports.Ptr(reports.Percentile(t.waits, 90))
	r.AvgServiceMinutes = reports.Ptr(reports.Mean(t.serves))
	r.P90ServiceMinutes = reports.Ptr(reports.Percentile(t.serves, 90))
	if r.Called > 0 {
		v := 100 * float64(r.WithinTarget) / float64(r.Called)
		r.ServiceLevel = &v
	}
	return r
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
	rows, err := tx.QueryContext(ctx, `SELECT service_id, counter_id, officer_id, state, transferred_from = '',
		issued_at, called_at, started_at, finished_at FROM tickets WHERE day BETWEEN ? AND ?`, q.From, q.To)
	if err != nil {
		return api.SummaryReport{}, dbErr(err)
	}
	defer rows.Close()
	targetMs := int64(q.TargetMinutes) * 60000
	groups := map[string]*tally{}
	total := &tally{}
	for rows.Next() {
		var sid, cid, oid, st string
		var original bool
		var issued int64
		var called, started, finished sql.NullInt64
		if err := rows.Scan(&sid, &cid, &oid, &st, &original, &issued, &called, &started, &finished); err != nil {
			return api.SummaryReport{}, dbErr(err)
		}
		k := g.key(sid, cid, oid)
		t := groups[k]
		if t == nil {
			t = &tally{row: api.SummaryRow{Key: k, Name: g.name(k)}}
			groups[k] = t
		}
		t.add(api.State(st), original, issued, called, started, finished, targetMs)
		total.add(api.State(st), original, issued, called, started, finished, targetMs)
	}
	if err := rows.Err(); err != nil {
		return api.SummaryReport{}, dbErr(err)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	g.order(keys)
	out := api.SummaryReport{From: q.From, To: q.To, Group: q.Group, TargetMinutes: q.TargetMinutes, Rows: []api.SummaryRow{}}
	for _, k := range keys {
		out.Rows = append(out.Rows, groups[k].finish())
	}
	total.row.Key, total.row.Name = "total", "Total"
	out.Total = total.finish()
	return out, nil
}

// Hourly counts arrivals (numbers taken) per local hour of the day.
func (s *Store) Hourly(ctx context.Context, q store.ReportQuery) (api.HourlyReport, error) {
	c := s.snapshot()
	days, err := s.reportRange(&q, c, api.GroupSite, api.GroupAgency, api.GroupService)
	if err != nil {
		return api.HourlyReport{}, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT service_id, issued_at FROM tickets
		WHERE day BETWEEN ? AND ? AND transferred_from = ''`, q.From, q.To)
	if err != nil {
		return api.HourlyReport{}, dbErr(err)
	}
	defer rows.Close()
	g := grouper{c: c, group: q.Group}
	groups := map[string]*api.HourlyRow{}
	for rows.Next() {
		var sid string
		var issued int64
		if err := rows.Scan(&sid, &issued); err != nil {
			return api.HourlyReport{}, dbErr(err)
		}
		k := g.key(sid, "", "")
		r := groups[k]
		if r == nil {
			r = &api.HourlyRow{Key: k, Name: g.name(k)}
			groups[k] = r
		}
		r.Hours[time.UnixMilli(issued).In(c.loc).Hour()]++
		r.Total++
	}
	if err := rows.Err(); err != nil {
		return api.HourlyReport{}, dbErr(err)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	g.order(keys)
	out := api.HourlyReport{From: q.From, To: q.To, Group: q.Group, Days: days, Rows: []api.HourlyRow{}}
	for _, k := range keys {
		out.Rows = append(out.Rows, *groups[k])
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
	rows, err := tx.QueryContext(ctx, `SELECT service_id, counter_id, number, state, transferred_from = '', issued_at, called_at
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

// IKM is the SKM satisfaction index per group over surveys of tickets
// served on days From…To.
func (s *Store) IKM(ctx context.Context, q store.ReportQuery) (api.IKMReport, error) {
	c := s.snapshot()
	if _, err := s.reportRange(&q, c, api.GroupService, api.GroupAgency, api.GroupSite); err != nil {
		return api.IKMReport{}, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT service_id, q1, q2, q3, q4, q5, q6, q7, q8, q9
		FROM surveys WHERE day BETWEEN ? AND ?`, q.From, q.To)
	if err != nil {
		return api.IKMReport{}, dbErr(err)
	}
	defer rows.Close()
	type acc struct {
		sums [reports.Elements]int
		n    int
	}
	g := grouper{c: c, group: q.Group}
	groups := map[string]*acc{}
	total := &acc{}
	for rows.Next() {
		var sid string
		var a [reports.Elements]int
		if err := rows.Scan(&sid, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8]); err != nil {
			return api.IKMReport{}, dbErr(err)
		}
		k := g.key(sid, "", "")
		x := groups[k]
		if x == nil {
			x = &acc{}
			groups[k] = x
		}
		for i, v := range a {
			x.sums[i] += v
			total.sums[i] += v
		}
		x.n++
		total.n++
	}
	if err := rows.Err(); err != nil {
		return api.IKMReport{}, dbErr(err)
	}
	row := func(key, name string, x *acc) api.IKMRow {
		r := reports.IKM(x.sums, x.n)
		out := api.IKMRow{Key: key, Name: name, Respondents: r.Respondents, Elements: r.Averages}
		if r.Respondents > 0 {
			out.IKM, out.IKMRounded, out.Grade, out.GradeLabel = r.IKM, r.Rounded(), r.Grade, r.Label
		}
		return out
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	g.order(keys)
	out := api.IKMReport{From: q.From, To: q.To, Group: q.Group, Elements: api.SKMElements, Rows: []api.IKMRow{}}
	for _, k := range keys {
		out.Rows = append(out.Rows, row(k, g.name(k), groups[k]))
	}
	out.Total = row("total", "Total", total)
	return out, nil
}
