package api

import "time"

// ── SKM respondent profile, sample size, comments ─────────────────────────

// Choice is one answer of a profile question: a stable code and its words.
type Choice struct {
	Code string `json:"code"`
	ID   string `json:"id"` // Indonesian
	EN   string `json:"en"`
}

// The respondent profile of the SKM questionnaire (the example form of
// PermenPANRB 14/2017 asks age, sex, education and occupation). Every
// question is optional; "" means not answered. Age is asked in bands, so
// a kiosk asks with one tap and no exact age is kept.
var (
	ProfileSexes = []Choice{
		{"l", "Laki-laki", "Male"},
		{"p", "Perempuan", "Female"},
	}
	ProfileAges = []Choice{
		{"u20", "Di bawah 20 tahun", "Under 20"},
		{"20-29", "20–29 tahun", "20–29"},
		{"30-39", "30–39 tahun", "30–39"},
		{"40-49", "40–49 tahun", "40–49"},
		{"50-59", "50–59 tahun", "50–59"},
		{"60+", "60 tahun ke atas", "60 and over"},
	}
	ProfileEducations = []Choice{
		{"sd", "SD ke bawah", "Primary school or less"},
		{"smp", "SMP", "Junior high school"},
		{"sma", "SMA/SMK", "Senior high school"},
		{"diploma", "D1–D4", "Diploma"},
		{"s1", "S1", "Bachelor's degree"},
		{"s2", "S2 ke atas", "Master's degree or higher"},
	}
	ProfileOccupations = []Choice{
		{"pns", "PNS", "Civil servant"},
		{"tni", "TNI", "Armed forces"},
		{"polri", "POLRI", "Police"},
		{"swasta", "Pegawai swasta", "Private employee"},
		{"wirausaha", "Wirausaha", "Self-employed"},
		{"lainnya", "Lainnya", "Other"},
	}
)

// ValidChoice reports whether code is "" (not answered) or one of list.
func ValidChoice(list []Choice, code string) bool {
	if code == "" {
		return true
	}
	for _, c := range list {
		if c.Code == code {
			return true
		}
	}
	return false
}

// Respondent is the optional profile sent with a survey.
type Respondent struct {
	Sex        string `json:"sex,omitempty"`
	Age        string `json:"age,omitempty"`
	Education  string `json:"education,omitempty"`
	Occupation string `json:"occupation,omitempty"`
}

// ProfileCount is how many respondents gave one answer ("" = not given).
type ProfileCount struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Profile is the respondents' profile of a survey report: per question,
// every answer in the questionnaire's order, then "not given".
type Profile struct {
	Sex        []ProfileCount `json:"sex"`
	Age        []ProfileCount `json:"age"`
	Education  []ProfileCount `json:"education"`
	Occupation []ProfileCount `json:"occupation"`
}

// SampleCheck is the number of respondents against the minimum sample of
// the period (PermenPANRB 14/2017 uses the Krejcie & Morgan table):
// Population is the number of citizens served in the period (tickets
// done), MinSample the table's sample size for it.
type SampleCheck struct {
	Population int  `json:"population"`
	MinSample  int  `json:"min_sample"`
	Enough     bool `json:"enough"` // respondents ≥ min_sample
}

// SurveyComment is one comment of the admin's list.
type SurveyComment struct {
	Day         string    `json:"day"`
	SubmittedAt time.Time `json:"submitted_at"`
	ServiceID   string    `json:"service_id"`
	ServiceName string    `json:"service_name"`
	AgencyName  string    `json:"agency_name"`
	CounterName string    `json:"counter_name,omitempty"`
	OfficerName string    `json:"officer_name,omitempty"`
	IKM         float64   `json:"ikm"` // this respondent's own index (25 × mean answer)
	Comment     string    `json:"comment"`
}

// CommentList is the body of GET /v1/reports/comments (newest first).
type CommentList struct {
	From     string          `json:"from"`
	To       string          `json:"to"`
	Total    int             `json:"total"`
	Offset   int             `json:"offset"`
	Comments []SurveyComment `json:"comments"`
}
