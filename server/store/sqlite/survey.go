package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"antrean/server/queue"
	"antrean/server/reports"
	"antrean/server/store"
	"antrean/shared/api"
)

// SKM surveys: one per served ticket. The QR on a ticket carries the id
// of the ticket as issued; if it was transferred, the survey belongs to
// the ticket it was transferred to (followed to the end of the chain), so
// the citizen's one QR works for the service that actually finished.

const maxTransferChain = 32

func checkSurvey(answers []int, comment string) (string, error) {
	if len(answers) != reports.Elements {
		return "", invalid("answers must have %d values, one per element, got %d", reports.Elements, len(answers))
	}
	for i, a := range answers {
		if a < 1 || a > 4 {
			return "", invalid("answer %d (%s) is %d; each answer is 1-4", i+1, api.SKMElements[i], a)
		}
	}
	comment = strings.TrimSpace(comment)
	if !utf8.ValidString(comment) {
		return "", invalid("comment is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(comment); n > api.SurveyMaxComment {
		return "", invalid("comment has %d characters; at most %d", n, api.SurveyMaxComment)
	}
	return comment, nil
}

// finalTicket follows transferred_to links from id, then picks the step
// of the visit a survey rates (rateTarget in visits.go: a visit rates each
// finished step once).
func finalTicket(ctx context.Context, q querier, c *catalog, id string) (row, error) {
	r, err := getTicket(ctx, q, c, id)
	for i := 0; err == nil && r.State == api.StateTransferred && r.TransferredTo != "" && i < maxTransferChain; i++ {
		r, err = getTicket(ctx, q, c, r.TransferredTo)
	}
	if err != nil {
		return r, err
	}
	return rateTarget(ctx, q, c, r)
}

func answered(ctx context.Context, q querier, ticketID string) (bool, error) {
	n, err := countRefs(ctx, q, `SELECT COUNT(*) FROM surveys WHERE ticket_id = ?`, ticketID)
	return n > 0, err
}

// SubmitSurvey stores a survey for the ticket with the given id (public:
// the id is the capability printed in the QR).
func (s *Store) SubmitSurvey(ctx context.Context, p store.Principal, ticketID string, req api.SurveyRequest) (api.SurveyReceipt, error) {
	comment, err := checkSurvey(req.Answers, req.Comment)
	if err != nil {
		return api.SurveyReceipt{}, err
	}
	profile, err := checkProfile(req.Profile)
	if err != nil {
		return api.SurveyReceipt{}, err
	}
	c := s.snapshot()
	var out api.SurveyReceipt
	err = s.write(ctx, func(t *wtx) error {
		r, err := finalTicket(ctx, t, c, ticketID)
		if err != nil {
			return err
		}
		out, err = s.storeSurvey(t, c, p, r, req.Answers, comment, profile)
		return err
	})
	return out, err
}

func (s *Store) storeSurvey(t *wtx, c *catalog, p store.Principal, r row, answers []int, comment string, prof api.Respondent) (api.SurveyReceipt, error) {
	if err := rateable(t.ctx, t, r); err != nil {
		return api.SurveyReceipt{}, err
	}
	source := p.DeviceID
	if source == "" {
		source = "public"
	}
	args := []any{r.ID, r.Number, r.ServiceID, c.service[r.ServiceID].AgencyID, r.CounterID, r.OfficerID, r.Day}
	for _, a := range answers {
		args = append(args, a)
	}
	args = append(args, comment, source, ms(t.now), prof.Sex, prof.Age, prof.Education, prof.Occupation)
	if _, err := t.ExecContext(t.ctx, `INSERT INTO surveys(ticket_id, number, service_id, agency_id, counter_id, officer_id, day,
		q1, q2, q3, q4, q5, q6, q7, q8, q9, comment, source, created_at, sex, age, education, occupation)
		VALUES (?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?, ?,?,?, ?,?,?,?)`, args...); err != nil {
		return api.SurveyReceipt{}, err
	}
	return api.SurveyReceipt{TicketID: r.ID, Number: r.Number, ServiceID: r.ServiceID, SubmittedAt: t.now.In(c.loc)}, nil
}

// CheckCodeDigits is the length of a ticket's check code.
const CheckCodeDigits = 4

// newCheckCode draws a ticket's check code from crypto/rand: guessing it
// is the only way to rate someone else's ticket by its public number, and
// the HTTP layer throttles guesses.
func newCheckCode() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return fmt.Sprintf("%0*d", CheckCodeDigits, binary.BigEndian.Uint64(b[:])%10000)
}

// checkCodeOf reads one ticket's check code ("" for tickets from before
// check codes, or when there is no such ticket).
func checkCodeOf(ctx context.Context, q querier, id string) (string, error) {
	var code string
	err := q.QueryRowContext(ctx, `SELECT check_code FROM tickets WHERE id = ?`, id).Scan(&code)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return code, err
}

// kioskProof is how a kiosk says which ticket a citizen rates: its id
// (read from the QR code) or its public number with the check code
// printed beside it.
type kioskProof struct {
	ticketID, number, check, day, serviceID string
}

// findProved returns the ticket the proof points at, finished or not (the
// caller judges the state), following transfers. Errors: not_found for an
// unknown id or number, wrong_check when the code does not match any
// ticket of that number, invalid_input when the proof is incomplete.
func (s *Store) findProved(ctx context.Context, q querier, c *catalog, pr kioskProof) (row, error) {
	if id := strings.TrimSpace(pr.ticketID); id != "" {
		if len(id) > 64 {
			return row{}, invalid("ticket_id is too long")
		}
		return finalTicket(ctx, q, c, id)
	}
	num := strings.ToUpper(strings.TrimSpace(pr.number))
	if num == "" || len(num) > 16 {
		return row{}, invalid("ticket_id (from the QR code) or number with its check code is required, e.g. A-001")
	}
	check := strings.TrimSpace(pr.check)
	if check == "" {
		return row{}, invalid("check is required with number: the %d-digit code printed on the ticket", CheckCodeDigits)
	}
	day := strings.TrimSpace(pr.day)
	if day == "" {
		day = queue.LocalDay(s.clock.Now(), c.loc)
	} else if err := parseDay(day); err != nil {
		return row{}, err
	}
	query := `SELECT ` + ticketCols + `, check_code FROM tickets WHERE day = ? AND (number = ? OR REPLACE(number, '-', '') = ?)`
	args := []any{day, num, strings.ReplaceAll(num, "-", "")}
	if pr.serviceID != "" {
		query += ` AND service_id = ?`
		args = append(args, pr.serviceID)
	}
	query += ` ORDER BY rowid`
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return row{}, err
	}
	defer rows.Close()
	found := 0
	var proved, done []row
	for rows.Next() {
		var code string
		r, err := scanTicket(rows, c.loc, &code)
		if err != nil {
			return row{}, err
		}
		found++
		// Constant time, and an empty stored code (an old ticket) never
		// matches anything.
		if code == "" || subtle.ConstantTimeCompare([]byte(code), []byte(check)) != 1 {
			continue
		}
		proved = append(proved, r)
		if r.State == api.StateDone {
			done = append(done, r)
		}
	}
	if err := rows.Err(); err != nil {
		return row{}, err
	}
	switch {
	case found == 0:
		return row{}, api.Errorf(api.CodeNotFound, "no ticket %s on %s", num, day)
	case len(proved) == 0:
		return row{}, api.Errorf(api.CodeWrongCheck, "the check code does not match ticket %s", num)
	case len(done) == 1:
		return rateTarget(ctx, q, c, done[0])
	case len(done) > 1:
		// The steps of one visit: the latest finished one not yet rated.
		one := true
		for _, r := range done {
			one = one && r.visitKey() == done[0].visitKey()
		}
		if one {
			return rateTarget(ctx, q, c, done[len(done)-1])
		}
		return row{}, invalid("%d services finished a ticket %s on %s; send service_id", len(done), num, day)
	}
	// None finished: the newest of the chain says where it stands.
	return proved[len(proved)-1], nil
}

// SurveyCheck tells a kiosk, before the first question, whether the
// ticket a citizen proved may be rated (read-only).
func (s *Store) SurveyCheck(ctx context.Context, p store.Principal, req api.SurveyCheckRequest) (api.SurveyCheck, error) {
	c := s.snapshot()
	r, err := s.findProved(ctx, s.r, c, kioskProof{req.TicketID, req.Number, req.Check, req.Day, req.ServiceID})
	if err != nil {
		return api.SurveyCheck{}, dbErr(err)
	}
	if err := rateable(ctx, s.r, r); err != nil {
		return api.SurveyCheck{}, dbErr(err)
	}
	t := c.fill(r.Ticket)
	return api.SurveyCheck{TicketID: t.ID, Number: t.Number, ServiceID: t.ServiceID, ServiceName: t.ServiceName,
		AgencyName: nonEmptyStr(t.AgencyName, t.AgencyShort)}, nil
}

// rateable refuses a ticket that is not finished or already rated.
func rateable(ctx context.Context, q querier, r row) error {
	if r.State != api.StateDone {
		return api.Errorf(api.CodeInvalidState, "ticket %s is %s; the survey opens when its service is finished", r.Number, r.State)
	}
	done, err := answered(ctx, q, r.ID)
	if err != nil {
		return err
	}
	if done {
		return api.Errorf(api.CodeConflict, "ticket %s has already been rated; thank you", r.Number)
	}
	return nil
}

func nonEmptyStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// SubmitSurveyByNumber is the kiosk's way in: the ticket is proved by its
// id (QR code) or by its number (with or without the dash, any case) on a
// day (default today) together with its check code. The public number
// alone is not enough: it is on the hall display for everyone to see.
func (s *Store) SubmitSurveyByNumber(ctx context.Context, p store.Principal, req api.KioskSurveyRequest) (api.SurveyReceipt, error) {
	comment, err := checkSurvey(req.Answers, req.Comment)
	if err != nil {
		return api.SurveyReceipt{}, err
	}
	profile, err := checkProfile(req.Profile)
	if err != nil {
		return api.SurveyReceipt{}, err
	}
	c := s.snapshot()
	var out api.SurveyReceipt
	err = s.write(ctx, func(t *wtx) error {
		r, err := s.findProved(ctx, t, c, kioskProof{req.TicketID, req.Number, req.Check, req.Day, req.ServiceID})
		if err != nil {
			return err
		}
		out, err = s.storeSurvey(t, c, p, r, req.Answers, comment, profile)
		return err
	})
	return out, err
}

func parseDay(day string) error {
	if _, err := time.Parse("2006-01-02", day); err != nil {
		return invalid("day must be YYYY-MM-DD")
	}
	return nil
}

// SurveyStatus tells a phone or kiosk whether the survey can be answered.
func (s *Store) SurveyStatus(ctx context.Context, ticketID string) (api.SurveyStatus, error) {
	c := s.snapshot()
	r, err := finalTicket(ctx, s.r, c, ticketID)
	if err != nil {
		return api.SurveyStatus{}, dbErr(err)
	}
	done, err := answered(ctx, s.r, r.ID)
	if err != nil {
		return api.SurveyStatus{}, dbErr(err)
	}
	st := api.SurveyStatus{Answered: done, CanAnswer: !done && r.State == api.StateDone}
	if r.State == api.StateDone {
		st.ServiceID, st.ServiceName = r.ServiceID, c.service[r.ServiceID].Name
	}
	return st, nil
}
