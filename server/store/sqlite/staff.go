package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"time"

	"antrean/server/queue"
	"antrean/server/reports"
	"antrean/server/store"
	"antrean/shared/api"
)

// Staff performance (evaluasi kinerja). What officers did is in the
// tickets; when they were signed in and on break is in counter_log,
// written in the same transaction as every login, logout, session expiry
// or revocation and counter status change. A day's staff figures are
// computed from both (staffOfDay) and, once the day is closed, stored in
// day_staff, so a year of figures reads one small row per officer and day.
// Definitions: api.StaffRow.

// ── time spans ─────────────────────────────────────────────────────────────

// span is the time [from, to) in unix milliseconds.
type span struct{ from, to int64 }

// spans are sorted, disjoint, non-empty spans (made by norm).
type spans []span

// norm sorts and merges in (overlapping or touching spans become one).
func norm(in []span) spans {
	var out spans
	s := append([]span(nil), in...)
	sort.Slice(s, func(i, j int) bool { return s[i].from < s[j].from })
	for _, x := range s {
		if x.to <= x.from {
			continue
		}
		if n := len(out); n > 0 && x.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, x.to)
			continue
		}
		out = append(out, x)
	}
	return out
}

// total is the length of a in milliseconds.
func (a spans) total() int64 {
	var n int64
	for _, x := range a {
		n += x.to - x.from
	}
	return n
}

// intersect is the time in both a and b.
func intersect(a, b spans) spans {
	var out spans
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		from, to := max(a[i].from, b[j].from), min(a[i].to, b[j].to)
		if from < to {
			out = append(out, span{from, to})
		}
		if a[i].to < b[j].to {
			i++
		} else {
			j++
		}
	}
	return out
}

// subtract is the time in a and not in b.
func subtract(a, b spans) spans {
	var out spans
	j := 0
	for _, x := range a {
		from := x.from
		for j < len(b) && b[j].to <= from {
			j++
		}
		for k := j; k < len(b) && b[k].from < x.to; k++ {
			if b[k].from > from {
				out = append(out, span{from, b[k].from})
			}
			from = max(from, b[k].to)
		}
		if from < x.to {
			out = append(out, span{from, x.to})
		}
	}
	return out
}

// ── the counter log ────────────────────────────────────────────────────────

// sessionKey names a session in the log: the start of its token's hash,
// which says nothing about the token.
func sessionKey(tokenHash string) string {
	if len(tokenHash) > 16 {
		return tokenHash[:16]
	}
	return tokenHash
}

// logLogin records a session begun at a counter.
func (t *wtx) logLogin(tokenHash, userID, counterID string, expires time.Time) error {
	if counterID == "" {
		return nil // signed in, but not at a counter (admins, an officer choosing)
	}
	_, err := t.ExecContext(t.ctx, `INSERT INTO counter_log(at, kind, counter_id, user_id, session, until) VALUES (?,'login',?,?,?,?)`,
		ms(t.now), counterID, userID, sessionKey(tokenHash), ms(expires))
	return err
}

// endSessions deletes the sessions matching where and records the end of
// those at a counter: at their expiry when note is "expired", else now.
func (t *wtx) endSessions(note, where string, args ...any) error {
	rows, err := t.QueryContext(t.ctx, `SELECT token_hash, user_id, counter_id, expires_at FROM sessions WHERE `+where, args...)
	if err != nil {
		return err
	}
	type ended struct {
		hash, user, counter string
		expires             int64
	}
	var list []ended
	for rows.Next() {
		var e ended
		if err := rows.Scan(&e.hash, &e.user, &e.counter, &e.expires); err != nil {
			rows.Close()
			return err
		}
		list = append(list, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range list {
		if e.counter == "" {
			continue
		}
		at := ms(t.now)
		if note == "expired" || e.expires < at {
			at = min(at, e.expires)
		}
		if _, err := t.ExecContext(t.ctx, `INSERT INTO counter_log(at, kind, counter_id, user_id, session, note) VALUES (?,'logout',?,?,?,?)`,
			at, e.counter, e.user, sessionKey(e.hash), note); err != nil {
			return err
		}
	}
	_, err = t.ExecContext(t.ctx, `DELETE FROM sessions WHERE `+where, args...)
	return err
}

// logStatus records a counter's status change (from "" = it is new).
func (t *wtx) logStatus(counterID string, from, to api.CounterStatus) error {
	if from == to {
		return nil
	}
	_, err := t.ExecContext(t.ctx, `INSERT INTO counter_log(at, kind, counter_id, status, note) VALUES (?,'status',?,?,?)`,
		ms(t.now), counterID, string(to), string(from))
	return err
}

// startCounterLog opens the log on a database that has none (new, or
// from before it): a start marker, the sessions alive now and every
// counter's status, so staff times are exact from this moment on. It
// also reads when the log began (s.logStart).
func (s *Store) startCounterLog(ctx context.Context) error {
	var start sql.NullInt64
	if err := s.w.QueryRowContext(ctx, `SELECT MIN(at) FROM counter_log WHERE kind = 'start'`).Scan(&start); err != nil {
		return err
	}
	if start.Valid {
		s.logStart = start.Int64
		return nil
	}
	var at int64
	err := s.write(ctx, func(t *wtx) error {
		at = ms(t.now)
		if _, err := t.ExecContext(t.ctx, `INSERT INTO counter_log(at, kind) VALUES (?, 'start')`, at); err != nil {
			return err
		}
		if _, err := t.ExecContext(t.ctx, `INSERT INTO counter_log(at, kind, counter_id, user_id, session, until)
			SELECT created_at, 'login', counter_id, user_id, substr(token_hash, 1, 16), expires_at FROM sessions
			WHERE counter_id <> '' AND expires_at > ?`, at); err != nil {
			return err
		}
		_, err := t.ExecContext(t.ctx, `INSERT INTO counter_log(at, kind, counter_id, status, note)
			SELECT ?, 'status', id, status, status FROM counters`, at)
		return err
	})
	if err != nil {
		return err
	}
	s.logStart = at
	return nil
}

// timesKnown reports whether the counter log covers day (the log began
// that day or before).
func (s *Store) timesKnown(c *catalog, day string) bool {
	return s.logStart > 0 && queue.LocalDay(time.UnixMilli(s.logStart), c.loc) <= day
}

// ── a day's figures ────────────────────────────────────────────────────────

// staffStats are the staff figures of one officer or counter over some
// days; additive, so days merge exactly.
type staffStats struct {
	known                             bool // the counter log covers every day merged
	loggedMs, breakMs, openMs, idleMs int64
	ticketsCalled, recalls            int64
}

func newStaff() *staffStats { return &staffStats{known: true} }

func (a *staffStats) merge(b *staffStats) {
	a.known = a.known && b.known
	a.loggedMs += b.loggedMs
	a.breakMs += b.breakMs
	a.openMs += b.openMs
	a.idleMs += b.idleMs
	a.ticketsCalled += b.ticketsCalled
	a.recalls += b.recalls
}

const staffVersion = 1

func (a *staffStats) encode() []byte {
	b := []byte{staffVersion, 0}
	if a.known {
		b[1] = 1
	}
	for _, v := range []int64{a.loggedMs, a.breakMs, a.openMs, a.idleMs, a.ticketsCalled, a.recalls} {
		b = binary.AppendVarint(b, v)
	}
	return b
}

func decodeStaff(b []byte) (*staffStats, error) {
	if len(b) < 2 || b[0] != staffVersion {
		return nil, fmt.Errorf("sqlite: day_staff: unknown encoding")
	}
	a := &staffStats{known: b[1] == 1}
	b = b[2:]
	for _, p := range []*int64{&a.loggedMs, &a.breakMs, &a.openMs, &a.idleMs, &a.ticketsCalled, &a.recalls} {
		v, k := binary.Varint(b)
		if k <= 0 {
			return nil, fmt.Errorf("sqlite: day_staff: truncated")
		}
		*p, b = v, b[k:]
	}
	return a, nil
}

// dayWindow is the local day's [start, next midnight) in unix ms.
func dayWindow(loc *time.Location, day string) (int64, int64, error) {
	d, err := time.ParseInLocation("2006-01-02", day, loc)
	if err != nil {
		return 0, 0, err
	}
	return ms(d), ms(d.AddDate(0, 0, 1)), nil
}

// staffOfDay computes the staff figures of day per officer (dimOfficer)
// and counter (dimCounter) up to end (unix ms; the day's end for a past
// day, now for today). known says whether the counter log covers the
// day (times are left zero otherwise). officer, when set, limits the work
// to that officer (the console's own figures); lookback is how long a
// session can last, to find those begun the day before.
func staffOfDay(ctx context.Context, q querier, loc *time.Location, day string, end int64, known bool, officer string, lookback time.Duration) (map[string]map[string]*staffStats, error) {
	d0, d1, err := dayWindow(loc, day)
	if err != nil {
		return nil, err
	}
	if end <= 0 || end > d1 {
		end = d1
	}
	end = max(end, d0)
	out := map[string]map[string]*staffStats{dimOfficer: {}, dimCounter: {}}
	get := func(dim, key string) *staffStats {
		x := out[dim][key]
		if x == nil {
			x = &staffStats{known: known}
			out[dim][key] = x
		}
		return x
	}
	clip := func(from, to int64) span { return span{max(from, d0), min(to, end)} }

	// Tickets: who called what, and when a ticket was at the counter.
	tq := `SELECT counter_id, officer_id, COALESCE(last_called_at, called_at), finished_at, calls FROM tickets
		WHERE day = ? AND called_at IS NOT NULL`
	args := []any{day}
	if officer != "" {
		tq += ` AND officer_id = ?`
		args = append(args, officer)
	}
	busy := map[string]map[string][]span{dimOfficer: {}, dimCounter: {}}
	rows, err := q.QueryContext(ctx, tq, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var counterID, officerID string
		var called int64
		var finished sql.NullInt64
		var calls int64
		if err := rows.Scan(&counterID, &officerID, &called, &finished, &calls); err != nil {
			rows.Close()
			return nil, err
		}
		if counterID == "" && officerID == "" {
			continue // requeued: back in line, at no counter
		}
		stop := end
		if finished.Valid {
			stop = finished.Int64
		}
		at := clip(called, stop)
		for dim, key := range map[string]string{dimOfficer: officerID, dimCounter: counterID} {
			if key == "" {
				continue
			}
			x := get(dim, key)
			x.ticketsCalled++
			x.recalls += max(calls-1, 0)
			busy[dim][key] = append(busy[dim][key], at)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Tickets put back in line were at the counter from their call to the
	// requeue (kind 'held': at = the call, until = the requeue).
	hq := `SELECT at, until, counter_id, user_id FROM counter_log WHERE kind = 'held' AND at >= ? AND at < ?`
	hargs := []any{d0 - 24*time.Hour.Milliseconds(), end}
	if officer != "" {
		hq += ` AND user_id = ?`
		hargs = append(hargs, officer)
	}
	rows, err = q.QueryContext(ctx, hq, hargs...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var from, to int64
		var counterID, userID string
		if err := rows.Scan(&from, &to, &counterID, &userID); err != nil {
			rows.Close()
			return nil, err
		}
		busy[dimOfficer][userID] = append(busy[dimOfficer][userID], clip(from, to))
		busy[dimCounter][counterID] = append(busy[dimCounter][counterID], clip(from, to))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !known {
		return out, nil
	}

	// Sessions at counters that overlap the day.
	type session struct {
		user, counter string
		from, to      int64
	}
	sess := map[string]*session{}
	var order []string
	lq := `SELECT at, kind, counter_id, user_id, session, COALESCE(until, 0) FROM counter_log
		WHERE at >= ? AND at < ? AND kind IN ('login','logout')`
	largs := []any{d0 - lookback.Milliseconds(), end}
	if officer != "" {
		lq += ` AND user_id = ?`
		largs = append(largs, officer)
	}
	rows, err = q.QueryContext(ctx, lq+` ORDER BY at, id`, largs...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var at, until int64
		var kind, counterID, userID, key string
		if err := rows.Scan(&at, &kind, &counterID, &userID, &key, &until); err != nil {
			rows.Close()
			return nil, err
		}
		switch kind {
		case "login":
			sess[key] = &session{user: userID, counter: counterID, from: at, to: until}
			order = append(order, key)
		case "logout":
			if x := sess[key]; x != nil {
				x.to = min(x.to, at)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	counters := map[string]bool{}
	for _, x := range sess {
		if x.from < end && x.to > d0 {
			counters[x.counter] = true
		}
	}

	// Each counter's status over the day: the last change before it, then
	// the changes during it.
	status := map[string]map[api.CounterStatus][]span{}
	if len(counters) > 0 {
		ids := make([]any, 0, len(counters)+1)
		ids = append(ids, d0)
		for id := range counters {
			ids = append(ids, id)
		}
		in := `(?` + strings.Repeat(",?", len(counters)-1) + `)`
		cur := map[string]api.CounterStatus{}
		rows, err := q.QueryContext(ctx, `SELECT counter_id, status FROM counter_log WHERE id IN
			(SELECT MAX(id) FROM counter_log WHERE kind = 'status' AND at < ? AND counter_id IN `+in+` GROUP BY counter_id)`, ids...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, st string
			if err := rows.Scan(&id, &st); err != nil {
				rows.Close()
				return nil, err
			}
			cur[id] = api.CounterStatus(st)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		wargs := append([]any{d0, end}, ids[1:]...)
		rows, err = q.QueryContext(ctx, `SELECT counter_id, at, status, note FROM counter_log
			WHERE kind = 'status' AND at >= ? AND at < ? AND counter_id IN `+in+` ORDER BY at, id`, wargs...)
		if err != nil {
			return nil, err
		}
		since := map[string]int64{}
		for rows.Next() {
			var id, st, prev string
			var at int64
			if err := rows.Scan(&id, &at, &st, &prev); err != nil {
				rows.Close()
				return nil, err
			}
			was, ok := cur[id]
			if !ok {
				was = api.CounterStatus(prev) // no change before the day: what it was before this one
			}
			if status[id] == nil {
				status[id] = map[api.CounterStatus][]span{}
			}
			from, seen := since[id]
			if !seen {
				from = d0
			}
			status[id][was] = append(status[id][was], span{from, at})
			cur[id], since[id] = api.CounterStatus(st), at
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for id := range counters {
			if status[id] == nil {
				status[id] = map[api.CounterStatus][]span{}
			}
			from, seen := since[id]
			if !seen {
				from = d0
			}
			status[id][cur[id]] = append(status[id][cur[id]], span{from, end})
		}
	}

	type parts struct{ logged, brk, open []span }
	per := map[string]map[string]*parts{dimOfficer: {}, dimCounter: {}}
	for _, key := range order {
		x := sess[key]
		s := clip(x.from, x.to)
		if s.to <= s.from {
			continue
		}
		one := spans{s}
		brk := intersect(one, norm(status[x.counter][api.CounterBreak]))
		open := intersect(one, norm(status[x.counter][api.CounterOpen]))
		for dim, k := range map[string]string{dimOfficer: x.user, dimCounter: x.counter} {
			p := per[dim][k]
			if p == nil {
				p = &parts{}
				per[dim][k] = p
			}
			p.logged = append(p.logged, s)
			p.brk = append(p.brk, brk...)
			p.open = append(p.open, open...)
		}
	}
	for dim, m := range per {
		for k, p := range m {
			x := get(dim, k)
			open := norm(p.open)
			x.loggedMs = norm(p.logged).total()
			x.breakMs = norm(p.brk).total()
			x.openMs = open.total()
			x.idleMs = subtract(open, norm(busy[dim][k])).total()
		}
	}
	return out, nil
}

// writeStaffDay stores a closed day's staff figures (in closeDay's
// transaction, after its open tickets expired).
func (t *wtx) writeStaffDay(day string) error {
	c := t.catalog()
	per, err := staffOfDay(t.ctx, t, c.loc, day, 0, t.s.timesKnown(c, day), "", t.s.opts.SessionTTL+24*time.Hour)
	if err != nil {
		return err
	}
	for _, dim := range []string{dimOfficer, dimCounter} {
		for key, x := range per[dim] {
			if _, err := t.ExecContext(t.ctx, `INSERT OR REPLACE INTO day_staff(dim, day, key, data) VALUES (?,?,?,?)`, dim, day, key, x.encode()); err != nil {
				return err
			}
		}
	}
	_, err = t.ExecContext(t.ctx, `INSERT OR REPLACE INTO day_staff(dim, day, key, data) VALUES ('-', ?, '', x'')`, day)
	return err
}

// backfillStaff writes the staff figures of days closed before day_staff
// existed (their times are unknown; counts and recalls are exact).
func (s *Store) backfillStaff(ctx context.Context) error {
	return s.eachDay(ctx, "staff figures of", (*wtx).writeStaffDay,
		`SELECT day FROM closed_days WHERE day NOT IN (SELECT day FROM day_staff WHERE dim = '-') ORDER BY day`)
}

// eachDayStaff calls fn with the staff figures of every day of from…to
// and key of dim: days whose figures are stored from day_staff, the
// others computed (today up to now).
func (s *Store) eachDayStaff(ctx context.Context, tx *sql.Tx, c *catalog, from, to, dim string, fn func(day, key string, x *staffStats)) error {
	stored := map[string]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT day FROM day_staff WHERE dim = '-' AND day BETWEEN ? AND ?`, from, to)
	if err != nil {
		return err
	}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return err
		}
		stored[d] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(stored) > 0 {
		if err := eachDayBlob(ctx, tx, `SELECT day, key, data FROM day_staff WHERE dim = ? AND day BETWEEN ? AND ?`, dim, from, to,
			func(day, key string, data []byte) error {
				x, err := decodeStaff(data)
				if err == nil {
					fn(day, key, x)
				}
				return err
			}); err != nil {
			return err
		}
	}
	now := s.clock.Now()
	today := queue.LocalDay(now, c.loc)
	first, _ := time.ParseInLocation("2006-01-02", from, c.loc)
	for day := first; ; day = day.AddDate(0, 0, 1) {
		ds := day.Format("2006-01-02")
		if ds > to || ds > today {
			break
		}
		if stored[ds] {
			continue
		}
		per, err := staffOfDay(ctx, tx, c.loc, ds, ms(now), s.timesKnown(c, ds), "", s.opts.SessionTTL+24*time.Hour)
		if err != nil {
			return err
		}
		for key, x := range per[dim] {
			fn(ds, key, x)
		}
	}
	return nil
}

// ── the report ─────────────────────────────────────────────────────────────

// period is the bucket of a day: its label and first day.
func period(p api.ReportPeriod, day string) (label, start, end string) {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day, day, day
	}
	switch p {
	case api.PeriodDay:
		return day, day, day
	case api.PeriodWeek:
		monday := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w), monday.Format("2006-01-02"), monday.AddDate(0, 0, 6).Format("2006-01-02")
	case api.PeriodMonth:
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return day[:7], first.Format("2006-01-02"), first.AddDate(0, 1, -1).Format("2006-01-02")
	}
	return "", "", ""
}

// ikmSums are the SKM answer sums of a set of surveys.
type ikmSums struct {
	sums [reports.Elements]int
	n    int
}

func (a *ikmSums) add(b ikmSums) {
	for i := range a.sums {
		a.sums[i] += b.sums[i]
	}
	a.n += b.n
}

// surveysByDay sums the surveys of from…to per day and officer or counter
// (from the covering indexes surveys_officer and surveys_counter).
func surveysByDay(ctx context.Context, q querier, from, to, column string, fn func(day, key string, x ikmSums)) error {
	rows, err := q.QueryContext(ctx, `SELECT day, `+column+`, COUNT(*), SUM(q1), SUM(q2), SUM(q3), SUM(q4), SUM(q5), SUM(q6), SUM(q7), SUM(q8), SUM(q9)
		FROM surveys WHERE day BETWEEN ? AND ? GROUP BY day, `+column, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var day, key string
		var x ikmSums
		a := &x.sums
		if err := rows.Scan(&day, &key, &x.n, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8]); err != nil {
			return err
		}
		fn(day, key, x)
	}
	return rows.Err()
}

// Staff is the staff performance report: per officer or counter, per
// period of the range.
func (s *Store) Staff(ctx context.Context, q store.ReportQuery) (api.StaffReport, error) {
	c := s.snapshot()
	if _, err := s.reportRange(&q, c, api.GroupOfficer, api.GroupCounter); err != nil {
		return api.StaffReport{}, err
	}
	if q.TargetMinutes == 0 {
		q.TargetMinutes = defaultTarget
	}
	if q.TargetMinutes < 1 || q.TargetMinutes > 24*60 {
		return api.StaffReport{}, invalid("target_minutes must be 1-1440")
	}
	switch q.Period {
	case "":
		q.Period = api.PeriodRange
	case api.PeriodRange, api.PeriodDay, api.PeriodWeek, api.PeriodMonth:
	default:
		return api.StaffReport{}, invalid("period %q must be range, day, week or month", q.Period)
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return api.StaffReport{}, dbErr(err)
	}
	defer tx.Rollback()
	g := grouper{c: c, group: q.Group}
	if g.users, err = s.userNames(ctx, tx); err != nil {
		return api.StaffReport{}, dbErr(err)
	}
	dim, column := dimOfficer, "officer_id"
	if q.Group == api.GroupCounter {
		dim, column = dimCounter, "counter_id"
	}
	type bucket struct {
		label, start, end string
		key               string
		sum               *dayStats
		staff             *staffStats
		ikm               ikmSums
	}
	buckets := map[[2]string]*bucket{}
	at := func(day, key string) *bucket {
		label, start, end := period(q.Period, day)
		if q.Period == api.PeriodRange {
			start, end = q.From, q.To
		}
		start, end = max(start, q.From), min(end, q.To)
		k := [2]string{label, key}
		b := buckets[k]
		if b == nil {
			b = &bucket{label: label, start: start, end: end, key: key, sum: newStats(), staff: newStaff()}
			buckets[k] = b
		}
		return b
	}
	if err := eachDayStats(ctx, tx, c, q.From, q.To, dim, func(day, key string, d *dayStats) {
		if key != "" { // tickets nobody called belong to no officer
			at(day, key).sum.merge(d)
		}
	}); err != nil {
		return api.StaffReport{}, dbErr(err)
	}
	if err := s.eachDayStaff(ctx, tx, c, q.From, q.To, dim, func(day, key string, x *staffStats) {
		at(day, key).staff.merge(x)
	}); err != nil {
		return api.StaffReport{}, dbErr(err)
	}
	if err := surveysByDay(ctx, tx, q.From, q.To, column, func(day, key string, x ikmSums) {
		if key != "" {
			at(day, key).ikm.add(x)
		}
	}); err != nil {
		return api.StaffReport{}, dbErr(err)
	}
	list := make([]*bucket, 0, len(buckets))
	keys := map[string]bool{}
	for _, b := range buckets {
		list = append(list, b)
		keys[b.key] = true
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
	sort.Slice(list, func(i, j int) bool {
		if list[i].start != list[j].start {
			return list[i].start < list[j].start
		}
		return rank[list[i].key] < rank[list[j].key]
	})
	target := int64(q.TargetMinutes) * 60
	out := api.StaffReport{From: q.From, To: q.To, Group: q.Group, Period: q.Period, TargetMinutes: q.TargetMinutes, Rows: []api.StaffRow{}}
	for _, b := range list {
		out.Rows = append(out.Rows, staffRow(b.label, b.start, b.end, b.key, g.name(b.key), b.sum, b.staff, b.ikm, target))
	}
	return out, nil
}

// staffRow turns merged figures into a report row.
func staffRow(label, start, end, key, name string, d *dayStats, x *staffStats, ikm ikmSums, targetSec int64) api.StaffRow {
	sum := d.row(key, name, targetSec)
	r := api.StaffRow{Period: label, PeriodStart: start, PeriodEnd: end, Key: key, Name: name,
		Served: sum.Served, NoShow: sum.NoShow, AvgServiceMinutes: sum.AvgServiceMinutes, P90ServiceMinutes: sum.P90ServiceMinutes,
		Called: sum.Called, WithinTarget: sum.WithinTarget, ServiceLevel: sum.ServiceLevel,
		TimesKnown: x.known, TicketsCalled: int(x.ticketsCalled), Recalls: int(x.recalls)}
	if x.known {
		minutes := func(v int64) *float64 { m := float64(v) / 60000; return &m }
		r.LoggedInMinutes, r.BreakMinutes, r.OpenMinutes, r.IdleMinutes = minutes(x.loggedMs), minutes(x.breakMs), minutes(x.openMs), minutes(x.idleMs)
	}
	if x.ticketsCalled > 0 {
		v := float64(x.recalls) / float64(x.ticketsCalled)
		r.RecallsPerTicket = &v
	}
	if ikm.n > 0 {
		res := reports.IKM(ikm.sums, ikm.n)
		r.Respondents, r.Grade = res.Respondents, res.Grade
		r.IKM = &res.IKM
	}
	return r
}

// officerToday fills the console's figures of an officer today: the
// summary figures of the tickets they called, their staff times and the
// SKM of what they served.
func (s *Store) officerToday(ctx context.Context, q querier, c *catalog, officer string, now time.Time) (api.OfficerStats, error) {
	day := queue.LocalDay(now, c.loc)
	var out api.OfficerStats
	d := newStats()
	var waitSum, waitN int64
	rows, err := q.QueryContext(ctx, `SELECT `+factCols+` FROM tickets WHERE day = ? AND officer_id = ?`, day, officer)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		f, err := scanFacts(rows)
		if err != nil {
			rows.Close()
			return out, err
		}
		d.add(f, c.loc)
		if f.called.Valid { // the console's average wait counts transferred tickets too
			waitSum += f.called.Int64 - f.issued
			waitN++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	sum := d.row(officer, "", defaultTarget*60)
	out.Served, out.NoShow, out.P90ServiceMinutes, out.ServiceLevel = sum.Served, sum.NoShow, sum.P90ServiceMinutes, sum.ServiceLevel
	out.TargetMinutes = defaultTarget
	if sum.AvgServiceMinutes != nil {
		out.AvgServiceMinutes = *sum.AvgServiceMinutes
	}
	if waitN > 0 {
		out.AvgWaitMinutes = float64(waitSum) / 60000 / float64(waitN)
	}
	per, err := staffOfDay(ctx, q, c.loc, day, ms(now), s.timesKnown(c, day), officer, s.opts.SessionTTL+24*time.Hour)
	if err != nil {
		return out, err
	}
	if x := per[dimOfficer][officer]; x != nil {
		out.LoggedInMinutes, out.BreakMinutes, out.IdleMinutes = float64(x.loggedMs)/60000, float64(x.breakMs)/60000, float64(x.idleMs)/60000
		if x.ticketsCalled > 0 {
			out.RecallsPerTicket = float64(x.recalls) / float64(x.ticketsCalled)
		}
	}
	var ikm ikmSums
	a := &ikm.sums
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(q1),0), COALESCE(SUM(q2),0), COALESCE(SUM(q3),0), COALESCE(SUM(q4),0),
		COALESCE(SUM(q5),0), COALESCE(SUM(q6),0), COALESCE(SUM(q7),0), COALESCE(SUM(q8),0), COALESCE(SUM(q9),0)
		FROM surveys WHERE day = ? AND officer_id = ?`, day, officer).Scan(&ikm.n, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8]); err != nil {
		return out, err
	}
	if ikm.n > 0 {
		res := reports.IKM(ikm.sums, ikm.n)
		out.Respondents, out.IKM = res.Respondents, &res.IKM
	}
	return out, nil
}
