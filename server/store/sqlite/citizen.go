package sqlite

import (
	"context"

	"antrean/server/queue"
	"antrean/shared/api"
)

// CancelOwn is a citizen cancelling their own ticket from its phone page:
// the ticket id in the link is the proof (it is printed only in the
// ticket's QR code). Only a waiting ticket can be cancelled this way (a
// called one is expected at the counter: the officer decides there). A
// transferred ticket's link cancels the ticket it became. Cancelling
// frees nothing: the number is not given again and the day's quota keeps
// counting it.
func (s *Store) CancelOwn(ctx context.Context, ticketID string) (api.Ticket, error) {
	var out api.Ticket
	err := s.write(ctx, func(t *wtx) error {
		c := t.catalog()
		r, err := finalTicket(t.ctx, t, c, ticketID)
		if err != nil {
			return err
		}
		switch r.State {
		case api.StateWaiting:
		case api.StateCalled, api.StateServing:
			return api.Errorf(api.CodeInvalidState, "ticket %s is at %s now; please go to the counter", r.Number, c.counter[r.CounterID].Name)
		default:
			return api.Errorf(api.CodeInvalidState, "ticket %s is %s; it cannot be cancelled", r.Number, r.State)
		}
		to, err := queue.Transition(r.State, queue.ActCancel)
		if err != nil {
			return err
		}
		if _, err := t.ExecContext(t.ctx, `UPDATE tickets SET state = ?, finished_at = ? WHERE id = ? AND state = 'waiting'`,
			string(to), ms(t.now), r.ID); err != nil {
			return err
		}
		r2, err := getTicket(t.ctx, t, c, r.ID)
		if err != nil {
			return err
		}
		out = c.fill(r2.Ticket)
		w, err := waitingCount(t.ctx, t, r.Day, r.ServiceID)
		if err != nil {
			return err
		}
		return t.emit(api.EventTicketCancelled, out.Zone, api.EventData{Ticket: &out, Waiting: w})
	})
	out.OfficerID = ""
	return out, err
}
