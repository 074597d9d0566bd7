package sqlite

import (
	"context"
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

// finalTicket follows transferred_to links from id.
func finalTicket(ctx context.Context, q querier, c *catalog, id string) (row, error) {
	r, err := getTicket(ctx, q, c, id)
	for i := 0; err == nil && r.State == api.StateTransferred && r.TransferredTo != "" && i < maxTransferChain; i++ {
		r, err = getTicket(ctx, q, c, r.TransferredTo)
	}
	return r, err
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
	c := s.snapshot()
	var out api.SurveyReceipt
	err = s.write(ctx, func(t *wtx) error {
		r, err := finalTicket(ctx, t, c, ticketID)
		if err != nil {
			return err
		}
		out, err = s.storeSurvey(t, c, p, r, req.Answers, comment)
		return err
	})
	return out, err
}

func (s *Store) storeSurvey(t *wtx, c *catalog, p store.Principal, r row, answers []int, comment string) (api.SurveyReceipt, error) {
	if r.State != api.StateDone {
		return api.SurveyReceipt{}, api.Errorf(api.CodeInvalidState, "ticket %s is %s; the survey opens when its service is finished", r.Number, r.State)
	}
	done, err := answered(t.ctx, t, r.ID)
	if err != nil {
		return api.SurveyReceipt{}, err
	}
	if done {
		return api.SurveyReceipt{}, api.Errorf(api.CodeConflict, "ticket %s has already been rated; thank you", r.Number)
	}
	source := p.DeviceID
	if source == "" {
		source = "public"
	}
	args := []any{r.ID, r.Number, r.ServiceID, c.service[r.ServiceID].AgencyID, r.CounterID, r.OfficerID, r.Day}
	for _, a := range answers {
		args = append(args, a)
	}
	args = append(args, comment, source, ms(t.now))
	if _, err := t.ExecContext(t.ctx, `INSERT INTO surveys(ticket_id, number, service_id, agency_id, counter_id, officer_id, day,
		q1, q2, q3, q4, q5, q6, q7, q8, q9, comment, source, created_at) VALUES (?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?, ?,?,?)`, args...); err != nil {
		return api.SurveyReceipt{}, err
	}
	return api.SurveyReceipt{TicketID: r.ID, Number: r.Number, ServiceID: r.ServiceID, SubmittedAt: t.now.In(c.loc)}, nil
}

// SubmitSurveyByNumber is the kiosk's way in: the ticket is found by its
// number (with or without the dash, any case) on a day, default today.
// Of the tickets with that number only a finished one can be rated; when
// two services finished the same number, service_id must say which.
func (s *Store) SubmitSurveyByNumber(ctx context.Context, p store.Principal, req api.KioskSurveyRequest) (api.SurveyReceipt, error) {
	comment, err := checkSurvey(req.Answers, req.Comment)
	if err != nil {
		return api.SurveyReceipt{}, err
	}
	num := strings.ToUpper(strings.TrimSpace(req.Number))
	if num == "" || len(num) > 16 {
		return api.SurveyReceipt{}, invalid("number is required, e.g. A-001")
	}
	c := s.snapshot()
	day := strings.TrimSpace(req.Day)
	if day == "" {
		day = queue.LocalDay(s.clock.Now(), c.loc)
	} else if err := parseDay(day); err != nil {
		return api.SurveyReceipt{}, err
	}
	var out api.SurveyReceipt
	err = s.write(ctx, func(t *wtx) error {
		q := `SELECT ` + ticketCols + ` FROM tickets WHERE day = ? AND (number = ? OR REPLACE(number, '-', '') = ?)`
		args := []any{day, num, strings.ReplaceAll(num, "-", "")}
		if req.ServiceID != "" {
			q += ` AND service_id = ?`
			args = append(args, req.ServiceID)
		}
		rows, err := t.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		var all, done []row
		for rows.Next() {
			r, err := scanTicket(rows, c.loc)
			if err != nil {
				rows.Close()
				return err
			}
			all = append(all, r)
			if r.State == api.StateDone {
				done = append(done, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		switch {
		case len(all) == 0:
			return api.Errorf(api.CodeNotFound, "no ticket %s on %s", num, day)
		case len(done) == 0:
			return api.Errorf(api.CodeInvalidState, "ticket %s is %s; the survey opens when its service is finished", all[0].Number, all[len(all)-1].State)
		case len(done) > 1:
			return invalid("%d services finished a ticket %s on %s; send service_id", len(done), num, day)
		}
		out, err = s.storeSurvey(t, c, p, done[0], req.Answers, comment)
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
	return api.SurveyStatus{Answered: done, CanAnswer: !done && r.State == api.StateDone}, nil
}
