// Package queue is the I/O-free core of Antrean: the ticket state machine,
// opening hours, queue order, numbering and wait estimates. Everything here
// is a pure function of its arguments (time comes from a Clock), so the
// store and the HTTP layer can share one set of rules and tests can pin time.
package queue
