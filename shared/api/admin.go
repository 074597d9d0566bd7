package api

import "time"

// ── Reports (/v1/reports/..., admin token) ───────────────────────────────

// ReportGroup is how a summary is broken down.
type ReportGroup string

const (
	GroupSite    ReportGroup = "site"
	GroupAgency  ReportGroup = "agency"
	GroupService ReportGroup = "service"
	GroupCounter ReportGroup = "counter"
	GroupOfficer ReportGroup = "officer"
)

// SummaryRow is one group's figures over a date range.
//
// Counting rules: Issued counts numbers taken at the kiosk (original
// tickets); TransferredIn counts tickets that arrived by transfer. Every
// ticket row ends in exactly one of Served (done), NoShow, Cancelled,
// Transferred (sent on), Expired (still open when its day ended) or Open
// (still waiting, called or serving today), so
// Issued + TransferredIn = Served + NoShow + Cancelled + Transferred + Expired + Open.
//
// Waiting time is issued_at → first call of original tickets, and
// entering the line → first call of a visit's later steps and of returned
// tickets; not of transferred tickets (a transferred ticket keeps its
// original issue time, so its second wait would be counted twice). Service time is started_at → finished_at of
// done tickets. P90 is the nearest-rank percentile: the value at rank
// ceil(0.9 × n) of the n sorted values, each rounded up to the whole
// second (so it is at most 1 s above the exact value, never below; averages
// and within-target counts are exact). Minutes are full precision;
// averages and percentiles are null when there is no value.
// ServiceLevel is the percentage of called tickets with a counted wait
// whose wait was at most the target (null when none was called).
type SummaryRow struct {
	Key           string `json:"key"`
	Name          string `json:"name"`
	Issued        int    `json:"issued"`
	TransferredIn int    `json:"transferred_in"`
	Served        int    `json:"served"`
	NoShow        int    `json:"no_show"`
	Cancelled     int    `json:"cancelled"`
	Transferred   int    `json:"transferred"`
	Expired       int    `json:"expired"`
	Open          int    `json:"open"`
	// RoutedIn counts steps of visits that arrived from their previous
	// step, Returned tickets put back in line after a no-show: like
	// TransferredIn they are ticket rows of their own, so
	// Issued + TransferredIn + RoutedIn + Returned = Served + NoShow +
	// Cancelled + Transferred + Expired + Open.
	RoutedIn          int      `json:"routed_in"`
	Returned          int      `json:"returned"`
	Called            int      `json:"called"`
	WithinTarget      int      `json:"within_target"`
	AvgWaitMinutes    *float64 `json:"avg_wait_minutes"`
	P90WaitMinutes    *float64 `json:"p90_wait_minutes"`
	AvgServiceMinutes *float64 `json:"avg_service_minutes"`
	P90ServiceMinutes *float64 `json:"p90_service_minutes"`
	ServiceLevel      *float64 `json:"service_level"`
}

// SummaryReport is the body of GET /v1/reports/summary.
type SummaryReport struct {
	From          string       `json:"from"`
	To            string       `json:"to"`
	Group         ReportGroup  `json:"group"`
	TargetMinutes int          `json:"target_minutes"`
	Rows          []SummaryRow `json:"rows"`
	Total         SummaryRow   `json:"total"`
}

// HourlyRow counts arrivals (original tickets) per local hour 0–23.
type HourlyRow struct {
	Key   string  `json:"key"`
	Name  string  `json:"name"`
	Hours [24]int `json:"hours"`
	Total int     `json:"total"`
}

// HourlyReport is the body of GET /v1/reports/hourly.
type HourlyReport struct {
	From  string      `json:"from"`
	To    string      `json:"to"`
	Group ReportGroup `json:"group"` // site or agency
	Days  int         `json:"days"`  // days in the range (to average per day)
	Rows  []HourlyRow `json:"rows"`
}

// TodayService is one service in the live summary.
type TodayService struct {
	ServiceID      string   `json:"service_id"`
	ServiceName    string   `json:"service_name"`
	AgencyID       string   `json:"agency_id"`
	Prefix         string   `json:"prefix"`
	Waiting        int      `json:"waiting"`
	InService      int      `json:"in_service"` // called or serving now
	Issued         int      `json:"issued"`
	Served         int      `json:"served"`
	NoShow         int      `json:"no_show"`
	AvgWaitMinutes *float64 `json:"avg_wait_minutes"`
}

// TodayCounter is one counter in the live summary.
type TodayCounter struct {
	ID      string        `json:"id"`
	Number  int           `json:"number"`
	Name    string        `json:"name"`
	Status  CounterStatus `json:"status"`
	Current string        `json:"current,omitempty"` // number being called or served
	Served  int           `json:"served"`
}

// TodayReport is the body of GET /v1/reports/today.
type TodayReport struct {
	Day          string         `json:"day"`
	Now          time.Time      `json:"now"`
	Waiting      int            `json:"waiting"`
	Issued       int            `json:"issued"`
	Served       int            `json:"served"`
	OpenCounters int            `json:"open_counters"`
	Services     []TodayService `json:"services"`
	Counters     []TodayCounter `json:"counters"`
}

// ── SKM (Survei Kepuasan Masyarakat, PermenPANRB 14/2017) ─────────────────

// SKMElements are the nine survey elements, in answer order.
var SKMElements = [9]string{
	"Persyaratan",
	"Sistem, Mekanisme dan Prosedur",
	"Waktu Penyelesaian",
	"Biaya/Tarif",
	"Produk Spesifikasi Jenis Pelayanan",
	"Kompetensi Pelaksana",
	"Perilaku Pelaksana",
	"Penanganan Pengaduan, Saran dan Masukan",
	"Sarana dan Prasarana",
}

// SKMElementsEN are the English labels of SKMElements.
var SKMElementsEN = [9]string{
	"Requirements",
	"System, mechanism and procedure",
	"Completion time",
	"Cost/tariff",
	"Service product specification",
	"Staff competence",
	"Staff conduct",
	"Handling of complaints, suggestions and feedback",
	"Facilities and infrastructure",
}

// SurveyMaxComment is the longest comment accepted, in characters.
const SurveyMaxComment = 500

// SurveyRequest is the body of POST /v1/tickets/{id}/survey: nine answers
// 1 (tidak baik) … 4 (sangat baik), in SKMElements order.
type SurveyRequest struct {
	Answers []int  `json:"answers"`
	Comment string `json:"comment,omitempty"`
	// Profile is the optional respondent profile (skm.go).
	Profile *Respondent `json:"profile,omitempty"`
}

// KioskSurveyRequest is the body of POST /v1/surveys (kiosk token): the
// ticket is found by its number on a day (default today).
type KioskSurveyRequest struct {
	// TicketID (from the ticket's QR code) or Number with its Check code
	// printed on the ticket proves the citizen holds the ticket.
	TicketID  string `json:"ticket_id,omitempty"`
	Check     string `json:"check,omitempty"`
	Number    string `json:"number,omitempty"`
	Day       string `json:"day,omitempty"`
	ServiceID string `json:"service_id,omitempty"`
	Answers   []int  `json:"answers"`
	Comment   string `json:"comment,omitempty"`
	// Profile is the optional respondent profile (skm.go).
	Profile *Respondent `json:"profile,omitempty"`
}

// SurveyCheckRequest is the body of POST /v1/surveys/check (kiosk token):
// may this ticket be rated? Asked before the first question.
type SurveyCheckRequest struct {
	TicketID  string `json:"ticket_id,omitempty"`
	Number    string `json:"number,omitempty"`
	Check     string `json:"check,omitempty"`
	Day       string `json:"day,omitempty"`
	ServiceID string `json:"service_id,omitempty"`
}

// SurveyCheck answers a SurveyCheckRequest for a ticket that may be rated.
type SurveyCheck struct {
	TicketID    string `json:"ticket_id"`
	Number      string `json:"number"`
	ServiceID   string `json:"service_id"`
	ServiceName string `json:"service_name"`
	AgencyName  string `json:"agency_name"`
}

// SurveyReceipt confirms a stored survey (the comment is never echoed).
type SurveyReceipt struct {
	TicketID    string    `json:"ticket_id"`
	Number      string    `json:"number"`
	ServiceID   string    `json:"service_id"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// SurveyStatus is the body of GET /v1/tickets/{id}/survey (public).
type SurveyStatus struct {
	CanAnswer bool `json:"can_answer"` // the ticket is done and not yet answered
	Answered  bool `json:"answered"`
	// The step a survey would rate (or rated last): a visit rates each
	// finished step once, the latest finished first.
	ServiceID   string `json:"service_id,omitempty"`
	ServiceName string `json:"service_name,omitempty"`
}

// IKMRow is the satisfaction index of one group.
type IKMRow struct {
	// Period is the row's day, ISO week or month when the report is
	// broken down by period ("" for the whole range), as in StaffRow.
	Period      string     `json:"period,omitempty"`
	Key         string     `json:"key"`
	Name        string     `json:"name"`
	Respondents int        `json:"respondents"`
	Elements    [9]float64 `json:"elements"` // average per element (NRR), full precision
	IKM         float64    `json:"ikm"`      // Σ(avg × 1/9) × 25, full precision
	IKMRounded  float64    `json:"ikm_rounded"`
	Grade       string     `json:"grade"`       // A, B, C, D ("" without respondents)
	GradeLabel  string     `json:"grade_label"` // Sangat Baik, Baik, Kurang Baik, Tidak Baik
	// Sample is the number of respondents against the minimum sample of
	// the period for the citizens this group served (skm.go).
	Sample SampleCheck `json:"sample"`
}

// IKMReport is the body of GET /v1/reports/ikm.
type IKMReport struct {
	From     string       `json:"from"`
	To       string       `json:"to"`
	Group    ReportGroup  `json:"group"`
	Period   ReportPeriod `json:"period,omitempty"`
	Elements [9]string    `json:"elements"`
	Rows     []IKMRow     `json:"rows"`
	Total    IKMRow       `json:"total"`
	// Profile is the respondents' profile over the whole range.
	Profile Profile `json:"profile"`
}

// ── Administration (/v1/admin/..., admin token) ───────────────────────────

// AdminUser is a user as the admin sees it (never a password hash).
type AdminUser struct {
	ID         string   `json:"id"`
	Username   string   `json:"username"`
	Name       string   `json:"name"`
	Role       Role     `json:"role"`
	CounterIDs []string `json:"counter_ids"`
	Active     bool     `json:"active"`
}

// UserRequest creates (POST) or changes (PATCH: only the fields sent) a user.
type UserRequest struct {
	Username   string    `json:"username,omitempty"`
	Name       *string   `json:"name,omitempty"`
	Role       *Role     `json:"role,omitempty"`
	CounterIDs *[]string `json:"counter_ids,omitempty"`
	Active     *bool     `json:"active,omitempty"`
	Password   string    `json:"password,omitempty"` // create only
}

// PasswordRequest is the body of POST /v1/admin/users/{id}/password.
type PasswordRequest struct {
	Password string `json:"password"`
}

// Device is a kiosk or display token holder (never the token or its hash).
type Device struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Role      Role       `json:"role"`
	Zone      string     `json:"zone,omitempty"`
	Revoked   bool       `json:"revoked"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// DeviceRequest is the body of POST /v1/admin/devices.
type DeviceRequest struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
	Zone string `json:"zone,omitempty"`
}

// IssuedDevice is returned once, when a device is created: Token is shown
// only here; the server keeps only its SHA-256.
type IssuedDevice struct {
	Device
	Token string `json:"token"`
}
