package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"time"

	"antrean/server/reports"
	"antrean/server/store"
	"antrean/shared/api"
)

// Visit figures. A visit is a ticket taken at the kiosk with all its rows
// (steps, transfers, returns), all on one local day. Per day they are
// summarised by route length (the key "1" … "5") into visitStats; a closed
// day's are stored once in day_stats under dim 'v' (closed_days.visits
// marks it), so a year of history reads one small row per day and length.
// The per-step figures stay in the service, counter and officer
// dimensions like any ticket's.

const dimVisit = "v"

// visitStats are additive, like dayStats: days and lengths merge exactly.
type visitStats struct {
	visits, steps, stepsDone, completed, returned int64
	timeMs                                        int64        // issue → last finish, completed visits
	times                                         reports.Hist // the same in whole seconds, rounded up
}

func newVisitStats() *visitStats { return &visitStats{times: reports.Hist{}} }

func (v *visitStats) merge(o *visitStats) {
	v.visits += o.visits
	v.steps += o.steps
	v.stepsDone += o.stepsDone
	v.completed += o.completed
	v.returned += o.returned
	v.timeMs += o.timeMs
	v.times.Merge(o.times)
}

const visitStatsVersion = 1

func (v *visitStats) encode() []byte {
	b := []byte{visitStatsVersion}
	for _, x := range []int64{v.visits, v.steps, v.stepsDone, v.completed, v.returned, v.timeMs} {
		b = binary.AppendVarint(b, x)
	}
	return v.times.AppendBinary(b)
}

func decodeVisitStats(b []byte) (*visitStats, error) {
	if len(b) == 0 || b[0] != visitStatsVersion {
		return nil, fmt.Errorf("sqlite: day_stats: unknown visit encoding")
	}
	b = b[1:]
	v := newVisitStats()
	for _, p := range []*int64{&v.visits, &v.steps, &v.stepsDone, &v.completed, &v.returned, &v.timeMs} {
		x, k := binary.Varint(b)
		if k <= 0 {
			return nil, fmt.Errorf("sqlite: day_stats: truncated visit figures")
		}
		*p, b = x, b[k:]
	}
	if _, err := v.times.ReadBinary(b); err != nil {
		return nil, err
	}
	return v, nil
}

// visitFact is one row as the visit figures read it.
type visitFact struct {
	key, route, state, origin string
	step                      int
	issued                    int64
	finished                  sql.NullInt64
}

// visitStatsOfDay summarises a day's visits from its rows, by route
// length. Rows come oldest first (rowid): the last row of a visit is its
// newest, which says how the visit ended.
func visitStatsOfDay(ctx context.Context, q querier, day string) (map[string]*visitStats, error) {
	rows, err := q.QueryContext(ctx, `SELECT CASE WHEN visit_id = '' THEN id ELSE visit_id END, route, state, origin, step, issued_at, finished_at
		FROM tickets WHERE day = ? ORDER BY rowid`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type acc struct {
		first     int64 // the earliest issue time: when the ticket was taken
		last      visitFact
		done      int64
		returned  bool
		seenFirst bool
	}
	visits := map[string]*acc{}
	var order []string
	for rows.Next() {
		var f visitFact
		if err := rows.Scan(&f.key, &f.route, &f.state, &f.origin, &f.step, &f.issued, &f.finished); err != nil {
			return nil, err
		}
		a := visits[f.key]
		if a == nil {
			a = &acc{}
			visits[f.key] = a
			order = append(order, f.key)
		}
		if !a.seenFirst || f.issued < a.first {
			a.first, a.seenFirst = f.issued, true
		}
		if api.State(f.state) == api.StateDone {
			a.done++
		}
		a.returned = a.returned || f.origin == api.OriginReturn
		a.last = f
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string]*visitStats{}
	for _, k := range order {
		a := visits[k]
		n := len(parseRoute(a.last.route))
		if n == 0 {
			n = 1
		}
		key := strconv.Itoa(n)
		v := out[key]
		if v == nil {
			v = newVisitStats()
			out[key] = v
		}
		v.visits++
		v.steps += int64(n)
		v.stepsDone += a.done
		if a.returned {
			v.returned++
		}
		if api.State(a.last.state) == api.StateDone && a.last.step >= n-1 && a.last.finished.Valid {
			v.completed++
			d := a.last.finished.Int64 - a.first
			v.timeMs += d
			v.times.Add(reports.CeilDiv(d, 1000))
		}
	}
	return out, nil
}

// writeVisitStats stores a closed day's visit figures and marks the day.
func (t *wtx) writeVisitStats(day string) error {
	per, err := visitStatsOfDay(t.ctx, t, day)
	if err != nil {
		return err
	}
	for key, v := range per {
		if _, err := t.ExecContext(t.ctx, `INSERT OR REPLACE INTO day_stats(dim, day, key, data) VALUES (?,?,?,?)`, dimVisit, day, key, v.encode()); err != nil {
			return err
		}
	}
	_, err = t.ExecContext(t.ctx, `UPDATE closed_days SET visits = 1 WHERE day = ?`, day)
	return err
}

// backfillVisitStats summarises the visits of days closed before visit
// figures existed (every ticket then is a one-step visit), once, one day
// per write.
func (s *Store) backfillVisitStats(ctx context.Context) error {
	return s.eachDay(ctx, "visit figures of", (*wtx).writeVisitStats, `SELECT day FROM closed_days WHERE visits = 0 ORDER BY day`)
}

// VisitReport is the visit figures of days From…To: closed days from
// day_stats, the others from their rows, in one read transaction.
func (s *Store) VisitReport(ctx context.Context, q store.ReportQuery) (api.VisitReport, error) {
	c := s.snapshot()
	if _, err := s.reportRange(&q, c, api.GroupSite); err != nil {
		return api.VisitReport{}, err
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.VisitReport{}, dbErr(err)
	}
	defer tx.Rollback()
	groups := map[string]*visitStats{}
	total := newVisitStats()
	into := func(key string, v *visitStats) {
		g := groups[key]
		if g == nil {
			g = newVisitStats()
			groups[key] = g
		}
		g.merge(v)
		total.merge(v)
	}
	done := map[string]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT day FROM closed_days WHERE day BETWEEN ? AND ? AND visits = 1`, q.From, q.To)
	if err != nil {
		return api.VisitReport{}, dbErr(err)
	}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return api.VisitReport{}, dbErr(err)
		}
		done[d] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return api.VisitReport{}, dbErr(err)
	}
	if len(done) > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT day, key, data FROM day_stats WHERE dim = ? AND day BETWEEN ? AND ?`, dimVisit, q.From, q.To)
		if err != nil {
			return api.VisitReport{}, dbErr(err)
		}
		for rows.Next() {
			var day, key string
			var data []byte
			if err := rows.Scan(&day, &key, &data); err != nil {
				rows.Close()
				return api.VisitReport{}, dbErr(err)
			}
			if !done[day] {
				continue
			}
			v, err := decodeVisitStats(data)
			if err != nil {
				rows.Close()
				return api.VisitReport{}, dbErr(err)
			}
			into(key, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return api.VisitReport{}, dbErr(err)
		}
	}
	from, _ := time.ParseInLocation("2006-01-02", q.From, c.loc)
	for day := from; ; day = day.AddDate(0, 0, 1) {
		ds := day.Format("2006-01-02")
		if ds > q.To {
			break
		}
		if done[ds] {
			continue
		}
		per, err := visitStatsOfDay(ctx, tx, ds)
		if err != nil {
			return api.VisitReport{}, dbErr(err)
		}
		for k, v := range per {
			into(k, v)
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, _ := strconv.Atoi(keys[i])
		b, _ := strconv.Atoi(keys[j])
		return a < b
	})
	out := api.VisitReport{From: q.From, To: q.To, Rows: []api.VisitStats{}}
	for _, k := range keys {
		n, _ := strconv.Atoi(k)
		name := fmt.Sprintf("%d layanan", n)
		out.Rows = append(out.Rows, groups[k].row(k, name))
	}
	out.Total = total.row("total", "Total")
	if total.visits > 0 {
		multi := total.visits
		if one := groups["1"]; one != nil {
			multi -= one.visits
		}
		share := 100 * float64(multi) / float64(total.visits)
		out.Total.MultiServiceShare = &share
	}
	return out, nil
}

func (v *visitStats) row(key, name string) api.VisitStats {
	r := api.VisitStats{Key: key, Name: name, Visits: int(v.visits), Steps: int(v.steps), StepsDone: int(v.stepsDone),
		Completed: int(v.completed), Returned: int(v.returned)}
	if v.visits > 0 {
		per := float64(v.steps) / float64(v.visits)
		share := 100 * float64(v.completed) / float64(v.visits)
		r.ServicesPerVisit, r.CompletedShare = &per, &share
	}
	if v.completed > 0 {
		avg := float64(v.timeMs) / 60000 / float64(v.completed)
		r.AvgMinutes = &avg
	}
	pct := func(p float64) *float64 {
		sec, ok := v.times.Percentile(p)
		if !ok {
			return nil
		}
		m := float64(sec) / 60
		return &m
	}
	r.P50Minutes, r.P90Minutes = pct(50), pct(90)
	return r
}
