package httpapi_test

import (
	"strings"
	"testing"

	"antrean/server/servertest"
	"antrean/shared/api"
)

// TestSKMAsTheRegulationAsks: the respondent profile, the IKM per counter
// and officer, the sample check against Krejcie & Morgan, the comments.
func TestSKMAsTheRegulationAsks(t *testing.T) {
	s := servertest.Start(t)
	pub := &adminAPI{t: t, s: s}
	adm := newAdmin(t, s)
	// Five citizens served at loket-1 by petugas1; three answer.
	var served []api.Ticket
	for range 5 {
		served = append(served, s.ServedTicket("ktp-el"))
	}
	pub.must("POST", "/v1/tickets/"+served[0].ID+"/survey", api.SurveyRequest{Answers: all(4), Comment: "Cepat dan ramah",
		Profile: &api.Respondent{Sex: "p", Age: "30-39", Education: "s1", Occupation: "swasta"}}, nil, 201)
	pub.must("POST", "/v1/tickets/"+served[1].ID+"/survey", api.SurveyRequest{Answers: all(2), Comment: "=HYPERLINK(\"x\")",
		Profile: &api.Respondent{Sex: "l", Age: "60+"}}, nil, 201)
	kiosk := &adminAPI{t: t, s: s, token: servertest.KioskToken}
	kiosk.must("POST", "/v1/surveys", api.KioskSurveyRequest{TicketID: served[2].ID, Answers: all(3),
		Profile: &api.Respondent{Occupation: "pns"}}, nil, 201)
	// A code not in the questionnaire is refused, and nothing is stored.
	status, body, _ := pub.raw("POST", "/v1/tickets/"+served[3].ID+"/survey", api.SurveyRequest{Answers: all(3), Profile: &api.Respondent{Sex: "x"}})
	if status != 400 || !strings.Contains(string(body), "profile sex") {
		t.Fatalf("bad profile: %d %s", status, body)
	}

	var ikm api.IKMReport
	adm.must("GET", "/v1/reports/ikm?group=service", nil, &ikm, 200)
	tot := ikm.Total
	// 5 served → Krejcie & Morgan asks them all (under 10); 3 answered.
	if tot.Respondents != 3 || tot.IKMRounded != 75 || tot.Grade != "C" || tot.Sample != (api.SampleCheck{Population: 5, MinSample: 5, Enough: false}) {
		t.Fatalf("total %+v", tot)
	}
	if len(ikm.Rows) != 1 || ikm.Rows[0].Key != "ktp-el" || ikm.Rows[0].Sample.Population != 5 {
		t.Fatalf("rows %+v", ikm.Rows)
	}
	count := func(list []api.ProfileCount, code string) int {
		for _, c := range list {
			if c.Code == code {
				return c.N
			}
		}
		return -1
	}
	p := ikm.Profile
	if count(p.Sex, "p") != 1 || count(p.Sex, "l") != 1 || count(p.Sex, "") != 1 || count(p.Age, "60+") != 1 ||
		count(p.Education, "s1") != 1 || count(p.Education, "") != 2 || count(p.Occupation, "pns") != 1 || len(p.Age) != len(api.ProfileAges)+1 {
		t.Fatalf("profile %+v", p)
	}
	// Per officer and per counter.
	adm.must("GET", "/v1/reports/ikm?group=officer", nil, &ikm, 200)
	if len(ikm.Rows) != 1 || ikm.Rows[0].Key != "petugas1" || ikm.Rows[0].Name == "petugas1" || ikm.Rows[0].Respondents != 3 {
		t.Fatalf("officer rows %+v", ikm.Rows)
	}
	adm.must("GET", "/v1/reports/ikm?group=counter", nil, &ikm, 200)
	if len(ikm.Rows) != 1 || ikm.Rows[0].Key != "loket-1" || ikm.Rows[0].Name != "Loket 1 — Disdukcapil" {
		t.Fatalf("counter rows %+v", ikm.Rows)
	}
	// all=true lists the services that served citizens without a
	// respondent yet (they still owe their sample).
	s.ServedTicket("kk")
	adm.must("GET", "/v1/reports/ikm?group=service&all=true", nil, &ikm, 200)
	if len(ikm.Rows) != 2 || ikm.Rows[1].Key != "kk" || ikm.Rows[1].Respondents != 0 || ikm.Rows[1].Sample.MinSample != 1 || ikm.Rows[1].Grade != "" {
		t.Fatalf("all rows %+v", ikm.Rows)
	}
	adm.must("GET", "/v1/reports/ikm?group=service", nil, &ikm, 200)
	if len(ikm.Rows) != 1 {
		t.Fatalf("without all: %+v", ikm.Rows)
	}
	adm.must("GET", "/v1/reports/ikm?all=maybe", nil, nil, 400)
	_, csvBody, _ := adm.raw("GET", "/v1/reports/ikm?format=csv", nil)
	if !strings.Contains(string(csvBody), "population,min_sample,sample_enough") || !strings.Contains(string(csvBody), ",6,6,no") {
		t.Fatalf("ikm csv %s", csvBody)
	}

	// The comments, newest first, for the admin only.
	var cl api.CommentList
	adm.must("GET", "/v1/reports/comments", nil, &cl, 200)
	if cl.Total != 2 || len(cl.Comments) != 2 || cl.Comments[0].Comment != "=HYPERLINK(\"x\")" || cl.Comments[1].Comment != "Cepat dan ramah" ||
		cl.Comments[1].IKM != 100 || cl.Comments[0].IKM != 50 || cl.Comments[1].CounterName != "Loket 1 — Disdukcapil" ||
		cl.Comments[1].OfficerName == "" || cl.Comments[1].ServiceName == "" {
		t.Fatalf("comments %+v", cl)
	}
	adm.must("GET", "/v1/reports/comments?limit=1&offset=1", nil, &cl, 200)
	if cl.Total != 2 || len(cl.Comments) != 1 || cl.Comments[0].Comment != "Cepat dan ramah" {
		t.Fatalf("page 2 %+v", cl)
	}
	adm.must("GET", "/v1/reports/comments?service_id=kk", nil, &cl, 200)
	if cl.Total != 0 || len(cl.Comments) != 0 {
		t.Fatalf("kk comments %+v", cl)
	}
	adm.must("GET", "/v1/reports/comments?limit=5000", nil, nil, 400)
	_, csvBody, _ = adm.raw("GET", "/v1/reports/comments?format=csv", nil)
	if !strings.Contains(string(csvBody), `"'=HYPERLINK(""x"")"`) {
		t.Fatalf("a formula in a comment must be neutralised: %s", csvBody)
	}
	pub.must("GET", "/v1/reports/comments", nil, nil, 401)
}
