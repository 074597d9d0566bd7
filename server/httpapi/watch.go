package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"antrean/shared/api"
)

// watches runs one reader per followed ticket: however many phones watch a
// ticket, each event costs at most one re-read of it, and its JSON is
// handed to every watcher. Streams are capped per ticket and per client
// address so nobody can pile thousands on one server.
type watches struct {
	s      *Server
	mu     sync.Mutex
	byID   map[string]*watch
	byAddr map[string]int
}

// watch is the shared reader of one ticket link.
type watch struct {
	id    string
	w     *watches
	subs  map[*watcher]struct{}
	ready chan struct{} // closed after the first read (err or view set)
	done  chan struct{} // closed when the reader stops
	stop  context.CancelFunc
	ctx   context.Context
	mu    sync.Mutex // guards last and the watcher channels
	last  []byte     // the current view's JSON
	err   error      // the first read's error (e.g. not found)
}

// watcher is one open stream of a watch.
type watcher struct {
	c    chan []byte // the latest view not yet written (newest wins)
	addr string
}

func newWatches(s *Server) *watches {
	return &watches{s: s, byID: map[string]*watch{}, byAddr: map[string]int{}}
}

// errTooMany refuses a stream over a cap.
type errTooMany struct{ detail string }

func (e errTooMany) Error() string { return e.detail }

// join adds a watcher of ticket link id from addr.
func (ws *watches) join(id, addr string) (*watch, *watcher, error) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	o := ws.s.o
	if ws.byAddr[addr] >= o.TicketStreamsPerAddr {
		return nil, nil, errTooMany{fmt.Sprintf("too many ticket streams from your address (at most %d)", o.TicketStreamsPerAddr)}
	}
	wt := ws.byID[id]
	if wt != nil && len(wt.subs) >= o.TicketStreamsPerTicket {
		return nil, nil, errTooMany{fmt.Sprintf("too many open streams of this ticket (at most %d)", o.TicketStreamsPerTicket)}
	}
	if wt == nil {
		ctx, stop := context.WithCancel(context.Background())
		wt = &watch{id: id, w: ws, subs: map[*watcher]struct{}{}, ready: make(chan struct{}), done: make(chan struct{}), ctx: ctx, stop: stop}
		ws.byID[id] = wt
		go wt.run()
	}
	me := &watcher{c: make(chan []byte, 1), addr: addr}
	wt.mu.Lock()
	wt.subs[me] = struct{}{}
	if wt.last != nil {
		me.c <- wt.last // the current view, without a read
	}
	wt.mu.Unlock()
	ws.byAddr[addr]++
	return wt, me, nil
}

// leave removes a watcher; the last one out stops the reader.
func (ws *watches) leave(wt *watch, me *watcher) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	wt.mu.Lock()
	delete(wt.subs, me)
	empty := len(wt.subs) == 0
	wt.mu.Unlock()
	if ws.byAddr[me.addr]--; ws.byAddr[me.addr] <= 0 {
		delete(ws.byAddr, me.addr)
	}
	if empty && ws.byID[wt.id] == wt {
		delete(ws.byID, wt.id)
		wt.stop()
	}
}

// forget drops a watch whose reader ended, so the next join starts anew.
func (ws *watches) forget(wt *watch) {
	ws.mu.Lock()
	if ws.byID[wt.id] == wt {
		delete(ws.byID, wt.id)
	}
	ws.mu.Unlock()
}

// publish hands a new view to every watcher, if it changed.
func (wt *watch) publish(t api.Ticket) {
	b, err := json.Marshal(t)
	if err != nil {
		return
	}
	wt.mu.Lock()
	defer wt.mu.Unlock()
	if bytes.Equal(b, wt.last) {
		return
	}
	wt.last = b
	for me := range wt.subs {
		select {
		case me.c <- b:
		default:
			// An older view is still queued: replace it.
			select {
			case <-me.c:
			default:
			}
			me.c <- b
		}
	}
}

// run follows the ticket: it re-reads it (at most once per coalesce gap)
// when an event concerns it, until the last watcher leaves or the server
// stops.
func (wt *watch) run() {
	s := wt.w.s
	defer close(wt.done)
	defer wt.w.forget(wt)
	// Subscribe before the first read so no change falls in between.
	sub, _, _ := s.o.Hub.Subscribe("", s.o.Hub.Last())
	defer func() { sub.Close() }()
	cur, err := s.follow(wt.ctx, wt.id)
	if err != nil {
		wt.err = err
		close(wt.ready)
		return
	}
	wt.publish(cur)
	close(wt.ready)

	var lastRead time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	pending := false
	refresh := func() {
		pending, lastRead = false, time.Now()
		t, err := s.follow(wt.ctx, cur.ID)
		if err != nil {
			if wt.ctx.Err() == nil {
				s.log.Warn("ticket stream: re-read", "ticket", cur.ID, "err", err)
			}
			return // keep the stream; the next event tries again
		}
		cur = t
		wt.publish(t)
	}
	// dirty asks for a re-read now, or when the coalescing gap has passed.
	dirty := func() {
		if pending {
			return
		}
		wait := coalesce - time.Since(lastRead)
		if wait <= 0 {
			refresh()
			return
		}
		pending = true
		timer.Reset(wait)
	}
	for {
		select {
		case it, ok := <-sub.C:
			if !ok {
				if !sub.Dropped() {
					return // hub shut down
				}
				// Too slow for a moment: catch up with one re-read.
				sub, _, _ = s.o.Hub.Subscribe("", s.o.Hub.Last())
				dirty()
				continue
			}
			hit := concerns(cur, it)
			for n := len(sub.C); n > 0 && !hit; n-- {
				if it, ok = <-sub.C; !ok {
					break
				}
				hit = concerns(cur, it)
			}
			if hit {
				dirty()
			}
		case <-timer.C:
			refresh()
		case <-wt.ctx.Done():
			return
		case <-s.done:
			return
		}
	}
}
