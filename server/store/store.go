// Package store defines the one storage interface of the Antrean server.
// Implementations (sqlite today, postgres later) enforce the queue rules of
// package queue inside their transactions, persist the events each write
// causes in the same transaction, and publish them only after commit.
package store

import (
	"context"

	"antrean/shared/api"
)

// Principal is who a request acts for, resolved from its bearer token.
type Principal struct {
	Role       api.Role
	UserID     string   // officers and admins
	Username   string   // officers and admins
	DeviceID   string   // kiosks and displays
	CounterIDs []string // counters an officer may work at
	CounterID  string   // the counter chosen at login
	Zone       string   // display devices may be bound to a zone
}

// Can reports whether p may act at counter id.
func (p Principal) Can(counterID string) bool {
	if p.Role == api.RoleAdmin {
		return true
	}
	if p.Role != api.RoleOfficer {
		return false
	}
	for _, c := range p.CounterIDs {
		if c == counterID {
			return true
		}
	}
	return false
}

// Publisher receives committed events, in sequence order.
type Publisher interface {
	Publish(evs []api.Event, zones []string)
}

// StoredEvent is an event read back for replay.
type StoredEvent struct {
	Event api.Event
	Zone  string
}

// Store is everything the HTTP layer needs. Every method takes ctx first
// and returns *api.Error values for anything a client can cause.
type Store interface {
	// Auth
	Authenticate(ctx context.Context, token string) (Principal, error)
	Login(ctx context.Context, req api.SessionRequest) (api.Session, error)
	Logout(ctx context.Context, token string) error

	// Kiosk and public
	Catalog(ctx context.Context) (api.Catalog, error)
	Issue(ctx context.Context, p Principal, idempotencyKey string, req api.IssueRequest) (t api.Ticket, created bool, err error)
	Ticket(ctx context.Context, id string) (api.Ticket, error)
	// CancelOwn: the holder of a waiting ticket cancels it (public; the id
	// is the proof).
	CancelOwn(ctx context.Context, id string) (api.Ticket, error)

	// Counter
	CounterView(ctx context.Context, p Principal, counterID string) (api.CounterView, error)
	CallNext(ctx context.Context, p Principal, counterID string) (*api.Ticket, error)
	Recall(ctx context.Context, p Principal, counterID string) (api.Ticket, error)
	Act(ctx context.Context, p Principal, ticketID string, action string) (api.Ticket, error)
	Transfer(ctx context.Context, p Principal, ticketID, serviceID string) (api.Ticket, error)
	SetCounterStatus(ctx context.Context, p Principal, counterID string, s api.CounterStatus) (api.Counter, error)

	// Visits: notes, route edits, returns, the visit report (visits.go).
	Visits

	// Display
	Board(ctx context.Context, zone string) (api.Board, error)
	// EventsAfter returns stored events with seq > after, oldest first, at
	// most limit; oldest is the smallest seq still held (0 if none).
	EventsAfter(ctx context.Context, after int64, limit int) (evs []StoredEvent, oldest int64, err error)
	LastSeq(ctx context.Context) (int64, error)

	// Reports (admin)
	Summary(ctx context.Context, q ReportQuery) (api.SummaryReport, error)
	Hourly(ctx context.Context, q ReportQuery) (api.HourlyReport, error)
	Today(ctx context.Context) (api.TodayReport, error)
	IKM(ctx context.Context, q ReportQuery) (api.IKMReport, error)
	// Daily is the summary per day and group (the charts); Waits every wait
	// of a range by the second (the histogram).
	Daily(ctx context.Context, q ReportQuery) (api.DailyReport, error)
	Waits(ctx context.Context, q ReportQuery, serviceID string) (api.WaitDistribution, error)
	// Comments lists the SKM comments of a date range, newest first.
	Comments(ctx context.Context, q ReportQuery, serviceID string, limit, offset int) (api.CommentList, error)
	// Staff is the staff performance report per officer or counter and
	// period (evaluasi kinerja).
	Staff(ctx context.Context, q ReportQuery) (api.StaffReport, error)

	// SKM survey: public by ticket id, or a kiosk by ticket number.
	SubmitSurvey(ctx context.Context, p Principal, ticketID string, req api.SurveyRequest) (api.SurveyReceipt, error)
	SubmitSurveyByNumber(ctx context.Context, p Principal, req api.KioskSurveyRequest) (api.SurveyReceipt, error)
	// SurveyCheck: may the ticket a kiosk proved (id, or number + check
	// code) be rated? Asked before the first question.
	SurveyCheck(ctx context.Context, p Principal, req api.SurveyCheckRequest) (api.SurveyCheck, error)
	SurveyStatus(ctx context.Context, ticketID string) (api.SurveyStatus, error)

	// Administration: catalog changes are validated, persisted, reloaded
	// and announced with catalog.updated in one step.
	Agencies(ctx context.Context) ([]api.Agency, error)
	SaveAgency(ctx context.Context, a api.Agency, create bool) (api.Agency, error)
	DeleteAgency(ctx context.Context, id string) error
	Services(ctx context.Context) ([]api.Service, error)
	SaveService(ctx context.Context, sv api.Service, create bool) (api.Service, error)
	DeleteService(ctx context.Context, id string) error
	Counters(ctx context.Context) ([]api.Counter, error)
	SaveCounter(ctx context.Context, ct api.Counter, create bool) (api.Counter, error)
	DeleteCounter(ctx context.Context, id string) error
	Users(ctx context.Context) ([]api.AdminUser, error)
	CreateUser(ctx context.Context, req api.UserRequest) (api.AdminUser, error)
	UpdateUser(ctx context.Context, id string, req api.UserRequest) (api.AdminUser, error)
	SetPassword(ctx context.Context, id, password string) error
	// DeleteUser removes a user, or deactivates one that tickets refer to
	// (deleted reports which).
	DeleteUser(ctx context.Context, id string) (u api.AdminUser, deleted bool, err error)
	// The service calendar (holidays, closures, special hours): public
	// for a date range, managed by the admin like the catalog.
	Calendar(ctx context.Context, from, to string) (api.Calendar, error)
	Holidays(ctx context.Context) ([]api.Holiday, error)
	SaveHoliday(ctx context.Context, h api.Holiday, create bool) (api.Holiday, error)
	DeleteHoliday(ctx context.Context, id string) error
	Devices(ctx context.Context) ([]api.Device, error)
	IssueDevice(ctx context.Context, req api.DeviceRequest) (api.IssuedDevice, error)
	RevokeDevice(ctx context.Context, id string) (api.Device, error)

	// Online booking (booking.go).
	Bookings
	// Running-text announcements (announcements.go).
	Announcements

	// The displays' media panel (media.go).
	Media

	Close() error
}
