package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// sendTimeout bounds the send of a no-show; it does not use the session's
// context, so leaving the desk while it travels does not cut it off.
const sendTimeout = 5 * time.Second

// pendingNoShow is a no-show the officer pressed: it waits UndoDelay for
// "Batalkan", then goes to the server exactly once. It is also saved in
// the preferences until the server has answered, so closing the app, a
// crash or a dead session does not lose it (see replayPending).
type pendingNoShow struct {
	TicketID, Number, CounterID string
	Due                         time.Time // end of the undo time (our clock)

	sess    *session
	timer   *time.Timer
	claimed bool          // taken back, sent or dropped: nobody else may send it
	sending bool          // on its way to the server
	replay  bool          // left over from an earlier run
	done    chan struct{} // closed when the send has finished
}

func (p *pendingNoShow) claim() {
	p.claimed = true
	if p.timer != nil {
		p.timer.Stop()
	}
}

// wait blocks until the send has finished, at most sendTimeout.
func (p *pendingNoShow) wait() {
	select {
	case <-p.done:
	case <-time.After(sendTimeout):
	}
}

func (p *pendingNoShow) saved() string {
	return p.CounterID + "\t" + p.TicketID + "\t" + p.Number
}

// NoShowAfter is how long after the first call a no-show unlocks without a
// recall: the site's no_show_after_seconds, or DefaultNoShowAfter.
func (c *Console) NoShowAfter() time.Duration {
	if s := c.sess; s != nil && s.catalog != nil && s.catalog.Site.NoShowAfterSeconds > 0 {
		return time.Duration(s.catalog.Site.NoShowAfterSeconds) * time.Second
	}
	return DefaultNoShowAfter
}

// NoShowWait is how long the officer must still wait before t may be
// marked as no-show: 0 once it was recalled or after is over since the
// first call.
func NoShowWait(t *api.Ticket, now time.Time, after time.Duration) time.Duration {
	if t == nil || t.Calls >= 2 || t.CalledAt == nil {
		return 0
	}
	left := t.CalledAt.Add(after).Sub(now)
	if left < 0 {
		return 0
	}
	return left
}

// requestNoShow starts the undo time of a no-show for t.
func (c *Console) requestNoShow(t api.Ticket) {
	s := c.sess
	if s == nil || c.Desk == nil || c.pending != nil || s.inFlight > 0 {
		return
	}
	p := &pendingNoShow{TicketID: t.ID, Number: t.Number, CounterID: s.counterID, sess: s,
		Due: c.cfg.Now().Add(c.cfg.UndoDelay), done: make(chan struct{})}
	c.cfg.Prefs.SetString(PrefPendingNoShow, p.saved())
	c.pending = p
	p.timer = time.AfterFunc(c.cfg.UndoDelay, func() {
		c.ui(func() {
			if c.pending == p && !p.claimed {
				c.sendPending(p, nil)
			}
		})
	})
	c.Desk.clearMessage()
	c.Desk.render(c.now())
}

// Undo takes back the pending no-show before it is sent.
func (c *Console) Undo() {
	p := c.pending
	if p == nil || p.claimed || p.sending {
		return
	}
	p.claim()
	c.pending = nil
	c.forgetSaved(p)
	if c.Desk != nil {
		c.Desk.render(c.now())
		c.Desk.showInfo(fmt.Sprintf(c.t("Dibatalkan: %s tetap dipanggil", "Undone: %s stays called"), p.Number))
	}
}

// sendPending sends p now (once). With then set, the caller moves on
// (logout, quit, call next) and then runs after the answer; otherwise the
// desk re-reads the counter and shows the outcome.
func (c *Console) sendPending(p *pendingNoShow, then func(error)) {
	if p.claimed {
		return
	}
	p.claim()
	p.sending = true
	s := p.sess
	s.inFlight++
	if c.sess == s && c.Desk != nil {
		c.Desk.setBusy(true)
		c.Desk.render(c.now())
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), sendTimeout)
		_, err := c.cfg.API.NoShow(ctx, p.TicketID)
		cancel()
		unauthorized := api.CodeOf(err) == api.CodeUnauthorized
		c.settlePending(p, err, then == nil && !unauthorized)
		close(p.done)
		c.ui(func() {
			if c.pending == p {
				c.pending = nil
			}
			if then != nil {
				s.inFlight--
				then(err)
				return
			}
			if c.sess != s || c.Desk == nil {
				return
			}
			if unauthorized {
				c.expire()
				return
			}
			go c.refresh(s, func(rerr error) {
				s.inFlight--
				d := c.Desk
				switch {
				case err == nil && p.replay:
					d.showInfo(fmt.Sprintf(c.t("%s dicatat tidak hadir (tertunda dari sesi sebelumnya)",
						"%s marked as no-show (held over from the last session)"), p.Number))
				case err == nil:
					d.showInfo(fmt.Sprintf(c.t("%s dicatat tidak hadir", "%s marked as no-show"), p.Number))
				default:
					d.showError(fmt.Sprintf(c.t("%s belum tercatat tidak hadir: %s", "%s is not marked as no-show: %s"),
						p.Number, i18n.ErrorMessage(c.lang, err)))
				}
				_ = rerr // the view error, if any, shows with the next read
			})
		})
	}()
}

// settlePending forgets the saved no-show once the server has answered for
// good, or when the officer sees the failure on the desk (and can press
// again). A failure nobody sees (closing, logging out, server away) keeps
// it for the next desk at that counter. Goroutine-safe.
func (c *Console) settlePending(p *pendingNoShow, err error, visible bool) {
	if err == nil || refused(err) || visible {
		c.forgetSaved(p)
	}
}

func (c *Console) forgetSaved(p *pendingNoShow) {
	if c.cfg.Prefs.String(PrefPendingNoShow) == p.saved() {
		c.cfg.Prefs.RemoveValue(PrefPendingNoShow)
	}
}

// refused: the server answered and will answer the same again.
func refused(err error) bool {
	switch api.CodeOf(err) {
	case api.CodeInvalidState, api.CodeNotFound, api.CodeForbidden, api.CodeInvalidInput, api.CodeConflict:
		return true
	}
	return false
}

// replayPending sends a no-show saved by an earlier run at this counter if
// its ticket is still the one called here; otherwise it is forgotten.
func (c *Console) replayPending(s *session, v api.CounterView) {
	parts := strings.Split(c.cfg.Prefs.String(PrefPendingNoShow), "\t")
	if len(parts) != 3 || parts[0] != s.counterID {
		return // none, or another counter's: that desk decides
	}
	p := &pendingNoShow{CounterID: parts[0], TicketID: parts[1], Number: parts[2], sess: s, replay: true,
		done: make(chan struct{})}
	if c.pending != nil || v.Current == nil || v.Current.ID != p.TicketID || v.Current.State != api.StateCalled {
		c.forgetSaved(p)
		return
	}
	c.pending = p
	c.sendPending(p, nil)
}
