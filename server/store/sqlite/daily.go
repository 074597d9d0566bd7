package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"antrean/server/store"
	"antrean/shared/api"
)

// Per-day figures for the admin page's charts (arrivals per hour against
// the usual for a weekday, service level per service over time) and the
// waiting-time distribution, from the same day rollups as the summary, so
// a chart and a table never disagree.

// Daily is the summary of every day of the range per group.
func (s *Store) Daily(ctx context.Context, q store.ReportQuery) (api.DailyReport, error) {
	c := s.snapshot()
	if _, err := s.reportRange(&q, c, api.GroupSite, api.GroupAgency, api.GroupService); err != nil {
		return api.DailyReport{}, err
	}
	if q.TargetMinutes == 0 {
		q.TargetMinutes = defaultTarget
	}
	if q.TargetMinutes < 1 || q.TargetMinutes > 24*60 {
		return api.DailyReport{}, invalid("target_minutes must be 1-1440")
	}
	if q.Weekday < 0 || q.Weekday > 7 {
		return api.DailyReport{}, invalid("weekday must be 1 (Monday) to 7 (Sunday), or 0 for every day")
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.DailyReport{}, dbErr(err)
	}
	defer tx.Rollback()
	g := grouper{c: c, group: q.Group}
	type dayKey struct{ day, key string }
	per := map[dayKey]*dayStats{}
	err = eachDayStats(ctx, tx, c, q.From, q.To, dimService, func(day, key string, d *dayStats) {
		if q.Weekday != 0 {
			t, err := time.Parse("2006-01-02", day)
			if err != nil || (int(t.Weekday())+6)%7+1 != q.Weekday {
				return
			}
		}
		k := dayKey{day, g.groupKey(dimService, key)}
		x := per[k]
		if x == nil {
			x = newStats()
			per[k] = x
		}
		x.merge(d)
	})
	if err != nil {
		return api.DailyReport{}, dbErr(err)
	}
	keys := map[string]bool{}
	for k := range per {
		keys[k.key] = true
	}
	ordered := make([]string, 0, len(keys))
	for k := range keys {
		ordered = append(ordered, k)
	}
	g.order(ordered)
	rank := map[string]int{}
	for i, k := range ordered {
		rank[k] = i
	}
	list := make([]dayKey, 0, len(per))
	for k := range per {
		list = append(list, k)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].day != list[j].day {
			return list[i].day < list[j].day
		}
		return rank[list[i].key] < rank[list[j].key]
	})
	target := int64(q.TargetMinutes) * 60
	out := api.DailyReport{From: q.From, To: q.To, Group: q.Group, TargetMinutes: q.TargetMinutes, Weekday: q.Weekday, Rows: []api.DailyRow{},
		Now: s.clock.Now().In(c.loc)}
	for _, k := range list {
		d := per[k]
		r := d.row(k.key, g.name(k.key), target)
		row := api.DailyRow{Day: k.day, Key: k.key, Name: r.Name, Issued: r.Issued, Served: r.Served, Called: r.Called,
			WithinTarget: r.WithinTarget, ServiceLevel: r.ServiceLevel, AvgWaitMinutes: r.AvgWaitMinutes}
		for h, n := range d.hours {
			row.Hours[h] = int(n)
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// Waits is every wait of the range (one service, or all) by the second.
func (s *Store) Waits(ctx context.Context, q store.ReportQuery, serviceID string) (api.WaitDistribution, error) {
	c := s.snapshot()
	q.Group = api.GroupService
	if _, err := s.reportRange(&q, c, api.GroupService); err != nil {
		return api.WaitDistribution{}, err
	}
	if serviceID != "" {
		if _, ok := c.service[serviceID]; !ok {
			return api.WaitDistribution{}, notFound("no service %s", serviceID)
		}
	}
	if q.TargetMinutes == 0 {
		q.TargetMinutes = defaultTarget
	}
	if q.TargetMinutes < 1 || q.TargetMinutes > 24*60 {
		return api.WaitDistribution{}, invalid("target_minutes must be 1-1440")
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.WaitDistribution{}, dbErr(err)
	}
	defer tx.Rollback()
	groups, total, err := s.collect(ctx, tx, c, q, grouper{c: c, group: api.GroupService})
	if err != nil {
		return api.WaitDistribution{}, dbErr(err)
	}
	d := total
	if serviceID != "" {
		if d = groups[serviceID]; d == nil {
			d = newStats()
		}
	}
	r := d.row(serviceID, "", int64(q.TargetMinutes)*60)
	out := api.WaitDistribution{From: q.From, To: q.To, ServiceID: serviceID, TargetMinutes: q.TargetMinutes, Called: r.Called,
		WithinTarget: r.WithinTarget, AvgWaitMinutes: r.AvgWaitMinutes, P90WaitMinutes: r.P90WaitMinutes, Counts: []api.WaitCount{}}
	for sec, n := range d.waits {
		out.Counts = append(out.Counts, api.WaitCount{Seconds: sec, N: n})
	}
	sort.Slice(out.Counts, func(i, j int) bool { return out.Counts[i].Seconds < out.Counts[j].Seconds })
	return out, nil
}
