package queue

import (
	"errors"
	"strings"
	"testing"

	"antrean/shared/api"
)

func TestTransitionEveryStateAndAction(t *testing.T) {
	// allowed is DESIGN.md's state machine written out by hand; every other
	// (state, action) pair must be refused with invalid_state.
	allowed := map[api.State]map[Action]api.State{
		api.StateWaiting: {ActCall: api.StateCalled, ActCancel: api.StateCancelled, ActExpire: api.StateExpired},
		api.StateCalled: {ActRecall: api.StateCalled, ActStart: api.StateServing, ActNoShow: api.StateNoShow,
			ActRequeue: api.StateWaiting, ActCancel: api.StateCancelled, ActTransfer: api.StateTransferred, ActExpire: api.StateExpired},
		api.StateServing: {ActFinish: api.StateDone, ActTransfer: api.StateTransferred, ActExpire: api.StateExpired},
	}
	if len(States) != 8 || len(Actions) != 9 {
		t.Fatalf("want 8 states × 9 actions, have %d × %d", len(States), len(Actions))
	}
	nAllowed := 0
	for _, from := range States {
		for _, a := range Actions {
			got, err := Transition(from, a)
			want, ok := allowed[from][a]
			if ok {
				nAllowed++
				if err != nil || got != want {
					t.Errorf("%s + %s = (%s, %v), want %s", from, a, got, err, want)
				}
				continue
			}
			if err == nil {
				t.Errorf("%s + %s = %s, want invalid_state", from, a, got)
				continue
			}
			if !errors.Is(err, api.ErrInvalidState) {
				t.Errorf("%s + %s: error %v is not invalid_state", from, a, err)
			}
			if got != from {
				t.Errorf("%s + %s: refused transition returned state %s, want unchanged", from, a, got)
			}
			if !strings.Contains(err.Error(), "ticket is "+string(from)+"; cannot ") {
				t.Errorf("%s + %s: detail %q", from, a, err)
			}
		}
	}
	if nAllowed != 13 {
		t.Errorf("%d allowed transitions checked, want 13", nAllowed)
	}
}

func TestTransitionDetail(t *testing.T) {
	_, err := Transition(api.StateServing, ActCall)
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeInvalidState || e.Detail != "ticket is serving; cannot call" {
		t.Fatalf("got %#v", err)
	}
	_, err = Transition(api.StateWaiting, ActNoShow)
	if err == nil || !strings.Contains(err.Error(), "ticket is waiting; cannot mark no-show") {
		t.Fatalf("got %v", err)
	}
	if _, err := Transition(api.StateWaiting, Action("fly")); api.CodeOf(err) != api.CodeInvalidState {
		t.Fatalf("unknown action: %v", err)
	}
}
