package queue

import "antrean/shared/api"

// Action is what an officer (or the system) does to a ticket.
type Action string

const (
	ActCall     Action = "call"
	ActRecall   Action = "recall"
	ActStart    Action = "start"
	ActFinish   Action = "finish"
	ActNoShow   Action = "no_show"
	ActRequeue  Action = "requeue"
	ActCancel   Action = "cancel"
	ActTransfer Action = "transfer"
	// ActExpire is the system's: the ticket's service day is over.
	ActExpire Action = "expire"
)

// Actions lists every action, in a stable order (handy for tests and docs).
var Actions = []Action{ActCall, ActRecall, ActStart, ActFinish, ActNoShow, ActRequeue, ActCancel, ActTransfer, ActExpire}

// States lists every ticket state, in a stable order.
var States = []api.State{api.StateWaiting, api.StateCalled, api.StateServing, api.StateDone,
	api.StateNoShow, api.StateCancelled, api.StateTransferred, api.StateExpired}

// transitions is the whole state machine of DESIGN.md: action → from → to.
var transitions = map[Action]map[api.State]api.State{
	ActCall:     {api.StateWaiting: api.StateCalled},
	ActRecall:   {api.StateCalled: api.StateCalled},
	ActStart:    {api.StateCalled: api.StateServing},
	ActFinish:   {api.StateServing: api.StateDone},
	ActNoShow:   {api.StateCalled: api.StateNoShow},
	ActRequeue:  {api.StateCalled: api.StateWaiting},
	ActCancel:   {api.StateWaiting: api.StateCancelled, api.StateCalled: api.StateCancelled},
	ActTransfer: {api.StateCalled: api.StateTransferred, api.StateServing: api.StateTransferred},
	ActExpire:   {api.StateWaiting: api.StateExpired, api.StateCalled: api.StateExpired, api.StateServing: api.StateExpired},
}

// Transition returns the state after action a on a ticket in state from, or
// an *api.Error with code invalid_state ("ticket is serving; cannot call").
func Transition(from api.State, a Action) (api.State, error) {
	byFrom, ok := transitions[a]
	if !ok {
		return from, api.Errorf(api.CodeInvalidState, "unknown action %q", string(a))
	}
	to, ok := byFrom[from]
	if !ok {
		return from, api.Errorf(api.CodeInvalidState, "ticket is %s; cannot %s", from, verb(a))
	}
	return to, nil
}

// verb is the action as English words for error details.
func verb(a Action) string {
	switch a {
	case ActNoShow:
		return "mark no-show"
	default:
		return string(a)
	}
}
