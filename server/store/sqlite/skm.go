package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"antrean/server/reports"
	"antrean/server/store"
	"antrean/shared/api"
)

// The SKM report as PermenPANRB 14/2017 asks it: the index per element
// and group (service, agency, site, counter, officer), the grade, the
// respondents against the minimum sample of the period (Krejcie & Morgan,
// reports.MinSample, for the citizens served), the respondents' profile,
// and the comments for the admin.

// checkProfile refuses codes that are not in the questionnaire.
func checkProfile(p *api.Respondent) (api.Respondent, error) {
	if p == nil {
		return api.Respondent{}, nil
	}
	for _, q := range []struct {
		name, code string
		list       []api.Choice
	}{{"sex", p.Sex, api.ProfileSexes}, {"age", p.Age, api.ProfileAges},
		{"education", p.Education, api.ProfileEducations}, {"occupation", p.Occupation, api.ProfileOccupations}} {
		if !api.ValidChoice(q.list, q.code) {
			codes := make([]string, len(q.list))
			for i, c := range q.list {
				codes[i] = c.Code
			}
			return api.Respondent{}, invalid("profile %s %q must be one of %s (or left out)", q.name, q.code, strings.Join(codes, ", "))
		}
	}
	return *p, nil
}

// IKM is the SKM satisfaction index per group over surveys of tickets
// served on days From…To, for the whole range or per day, week or month.
// SQLite sums the answers per day and service (or officer, counter) from
// a covering index; the groups add those integer sums.
func (s *Store) IKM(ctx context.Context, q store.ReportQuery) (api.IKMReport, error) {
	c := s.snapshot()
	if _, err := s.reportRange(&q, c, api.GroupService, api.GroupAgency, api.GroupSite, api.GroupCounter, api.GroupOfficer); err != nil {
		return api.IKMReport{}, err
	}
	switch q.Period {
	case "", api.PeriodRange:
		q.Period = api.PeriodRange
	case api.PeriodDay, api.PeriodWeek, api.PeriodMonth:
	default:
		return api.IKMReport{}, invalid("period %q must be range, day, week or month", q.Period)
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.IKMReport{}, dbErr(err)
	}
	defer tx.Rollback()
	g := grouper{c: c, group: q.Group}
	if q.Group == api.GroupOfficer {
		if g.users, err = s.userNames(ctx, tx); err != nil {
			return api.IKMReport{}, dbErr(err)
		}
	}
	column := "service_id"
	switch q.Group {
	case api.GroupCounter:
		column = "counter_id"
	case api.GroupOfficer:
		column = "officer_id"
	}
	dim := dimOf(q.Group)
	type bkey struct{ label, key string }
	type bucket struct {
		start  string
		sums   ikmSums
		served int64
		rated  bool
	}
	buckets := map[bkey]*bucket{}
	at := func(day, key string) *bucket {
		label, start := "", q.From
		if q.Period != api.PeriodRange {
			label, start, _ = period(q.Period, day)
			start = max(start, q.From)
		}
		k := bkey{label, g.groupKey(dim, key)}
		b := buckets[k]
		if b == nil {
			b = &bucket{start: start}
			buckets[k] = b
		}
		return b
	}
	total := &ikmSums{}
	if err := surveysByDay(ctx, tx, q.From, q.To, column, func(day, key string, x ikmSums) {
		b := at(day, key)
		b.sums.add(x)
		b.rated = true
		total.add(x)
	}); err != nil {
		return api.IKMReport{}, dbErr(err)
	}
	// The population of the sample check: the citizens each group served.
	var served int64
	if err := eachDayStats(ctx, tx, c, q.From, q.To, dim, func(day, key string, d *dayStats) {
		served += d.served
		if d.served > 0 && (key != "" || q.Group == api.GroupSite) {
			at(day, key).served += d.served
		}
	}); err != nil {
		return api.IKMReport{}, dbErr(err)
	}
	row := func(label, key, name string, x ikmSums, population int64) api.IKMRow {
		r := reports.IKM(x.sums, x.n)
		out := api.IKMRow{Period: label, Key: key, Name: name, Respondents: r.Respondents, Elements: r.Averages}
		if r.Respondents > 0 {
			out.IKM, out.IKMRounded, out.Grade, out.GradeLabel = r.IKM, r.Rounded(), r.Grade, r.Label
		}
		out.Sample = api.SampleCheck{Population: int(population), MinSample: reports.MinSample(int(population))}
		out.Sample.Enough = r.Respondents >= out.Sample.MinSample
		return out
	}
	keys := map[string]bool{}
	for k := range buckets {
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
	list := make([]bkey, 0, len(buckets))
	for k, b := range buckets {
		if b.rated || q.All { // without all: the groups with respondents
			list = append(list, k)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := buckets[list[i]], buckets[list[j]]
		if a.start != b.start {
			return a.start < b.start
		}
		return rank[list[i].key] < rank[list[j].key]
	})
	out := api.IKMReport{From: q.From, To: q.To, Group: q.Group, Period: q.Period, Elements: api.SKMElements, Rows: []api.IKMRow{}}
	if q.Period == api.PeriodRange {
		out.Period = ""
	}
	for _, k := range list {
		b := buckets[k]
		out.Rows = append(out.Rows, row(k.label, k.key, g.name(k.key), b.sums, b.served))
	}
	out.Total = row("", "total", "Total", *total, served)
	if out.Profile, err = profileOf(ctx, tx, q.From, q.To); err != nil {
		return api.IKMReport{}, dbErr(err)
	}
	return out, nil
}

// profileOf counts the respondents' answers to the profile questions.
func profileOf(ctx context.Context, q querier, from, to string) (api.Profile, error) {
	var p api.Profile
	for _, f := range []struct {
		column string
		list   []api.Choice
		dst    *[]api.ProfileCount
	}{{"sex", api.ProfileSexes, &p.Sex}, {"age", api.ProfileAges, &p.Age},
		{"education", api.ProfileEducations, &p.Education}, {"occupation", api.ProfileOccupations, &p.Occupation}} {
		counts, err := countBy(ctx, q, `SELECT `+f.column+`, COUNT(*) FROM surveys WHERE day BETWEEN ? AND ? GROUP BY `+f.column, from, to)
		if err != nil {
			return p, err
		}
		list := make([]api.ProfileCount, 0, len(f.list)+1)
		for _, ch := range f.list {
			list = append(list, api.ProfileCount{Code: ch.Code, Label: ch.ID, N: counts[ch.Code]})
		}
		*f.dst = append(list, api.ProfileCount{Code: "", Label: "Tidak diisi", N: counts[""]})
	}
	return p, nil
}

// Comments lists the survey comments of from…to, newest first, with the
// service, counter and officer they are about (admin only).
func (s *Store) Comments(ctx context.Context, q store.ReportQuery, serviceID string, limit, offset int) (api.CommentList, error) {
	c := s.snapshot()
	if _, err := s.reportRange(&q, c, api.GroupService); err != nil {
		return api.CommentList{}, err
	}
	if limit <= 0 {
		limit = 100
	}
	if limit > 1000 || offset < 0 {
		return api.CommentList{}, invalid("limit must be 1-1000 and offset at least 0")
	}
	where := `day BETWEEN ? AND ? AND comment <> ''`
	args := []any{q.From, q.To}
	if serviceID != "" {
		where += ` AND service_id = ?`
		args = append(args, serviceID)
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.CommentList{}, dbErr(err)
	}
	defer tx.Rollback()
	out := api.CommentList{From: q.From, To: q.To, Offset: offset, Comments: []api.SurveyComment{}}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM surveys WHERE `+where, args...).Scan(&out.Total); err != nil {
		return out, dbErr(err)
	}
	users, err := s.userNames(ctx, tx)
	if err != nil {
		return out, dbErr(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT day, created_at, service_id, counter_id, officer_id, q1+q2+q3+q4+q5+q6+q7+q8+q9, comment
		FROM surveys WHERE `+where+` ORDER BY created_at DESC, ticket_id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return out, dbErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sc api.SurveyComment
		var at int64
		var counterID, officerID string
		var sum int
		if err := rows.Scan(&sc.Day, &at, &sc.ServiceID, &counterID, &officerID, &sum, &sc.Comment); err != nil {
			return out, dbErr(err)
		}
		sc.SubmittedAt = time.UnixMilli(at).In(c.loc)
		sc.ServiceName = sc.ServiceID
		if sv, ok := c.service[sc.ServiceID]; ok {
			sc.ServiceName = sv.Name
			sc.AgencyName = c.agency[sv.AgencyID].Name
		}
		sc.CounterName = c.counter[counterID].Name
		sc.OfficerName = users[officerID]
		sc.IKM = float64(25*sum) / float64(reports.Elements)
		out.Comments = append(out.Comments, sc)
	}
	return out, dbErr(rows.Err())
}
