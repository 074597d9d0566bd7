package httpapi_test

import (
	"strings"
	"testing"

	"antrean/server/servertest"
	"antrean/shared/api"
)

func answers(v ...int) []int { return v }

func all(n int) []int { return []int{n, n, n, n, n, n, n, n, n} }

func TestSurveyOnceAndOnlyWhenDone(t *testing.T) {
	f := runFixture(t)
	pub := &adminAPI{t: t, s: f.s} // no token: the survey is public
	post := func(id string, body any) (int, api.Code) {
		t.Helper()
		return pub.do("POST", "/v1/tickets/"+id+"/survey", body, nil)
	}
	// Not done: waiting A5, no-show B1, cancelled A4.
	for _, tk := range []api.Ticket{f.a5, f.b1, f.a4} {
		if st, code := post(tk.ID, api.SurveyRequest{Answers: all(4)}); st != 409 || code != api.CodeInvalidState {
			t.Errorf("%s (%s): %d %s, want 409 invalid_state", tk.Number, tk.State, st, code)
		}
	}
	if st, code := post("nope", api.SurveyRequest{Answers: all(4)}); st != 404 || code != api.CodeNotFound {
		t.Errorf("unknown ticket: %d %s", st, code)
	}
	// Validation.
	for name, body := range map[string]any{
		"eight answers":  api.SurveyRequest{Answers: all(4)[:8]},
		"ten answers":    api.SurveyRequest{Answers: append(all(4), 4)},
		"a zero":         api.SurveyRequest{Answers: answers(4, 4, 4, 0, 4, 4, 4, 4, 4)},
		"a five":         api.SurveyRequest{Answers: answers(4, 4, 4, 4, 4, 4, 4, 4, 5)},
		"long comment":   api.SurveyRequest{Answers: all(4), Comment: strings.Repeat("é", 501)},
		"unknown field":  `{"answers":[4,4,4,4,4,4,4,4,4],"nik":"1377"}`,
		"no answers":     `{}`,
		"malformed json": `{"answers":[4,`,
	} {
		if st, code := post(f.a1.ID, body); st != 400 || code != api.CodeInvalidInput {
			t.Errorf("%s: %d %s, want 400 invalid_input", name, st, code)
		}
	}
	var status api.SurveyStatus
	pub.must("GET", "/v1/tickets/"+f.a1.ID+"/survey", nil, &status, 200)
	if !status.CanAnswer || status.Answered {
		t.Fatalf("before: %+v", status)
	}
	// Done: once (a 500-character comment is fine), then conflict.
	var rc api.SurveyReceipt
	pub.must("POST", "/v1/tickets/"+f.a1.ID+"/survey", api.SurveyRequest{Answers: all(4), Comment: strings.Repeat("é", 500)}, &rc, 201)
	if rc.TicketID != f.a1.ID || rc.Number != f.a1.Number {
		t.Fatalf("receipt %+v", rc)
	}
	if st, code := post(f.a1.ID, api.SurveyRequest{Answers: all(1)}); st != 409 || code != api.CodeConflict {
		t.Fatalf("second survey: %d %s, want 409 conflict", st, code)
	}
	pub.must("GET", "/v1/tickets/"+f.a1.ID+"/survey", nil, &status, 200)
	if status.CanAnswer || !status.Answered {
		t.Fatalf("after: %+v", status)
	}
	// The comment is never shown publicly.
	_, body, _ := pub.raw("GET", "/v1/tickets/"+f.a1.ID, nil)
	if strings.Contains(string(body), "é") {
		t.Fatal("comment leaked into the public ticket view")
	}
	// The QR of a transferred ticket rates the service that finished it.
	pub.must("POST", "/v1/tickets/"+f.a3.ID+"/survey", api.SurveyRequest{Answers: answers(1, 2, 3, 4, 1, 2, 3, 4, 1)}, &rc, 201)
	if rc.TicketID != f.a3t.ID || rc.ServiceID != "akta" {
		t.Fatalf("transferred receipt %+v", rc)
	}
	if st, code := post(f.a3t.ID, api.SurveyRequest{Answers: all(4)}); st != 409 || code != api.CodeConflict {
		t.Fatalf("same citizen through the new ticket: %d %s", st, code)
	}

	// The kiosk finds tickets by number (dash and case optional).
	kiosk := &adminAPI{t: t, s: f.s, token: servertest.KioskToken}
	kpost := func(body any) (int, api.Code) { return kiosk.do("POST", "/v1/surveys", body, nil) }
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b1.Number, Answers: all(4)}); st != 409 || code != api.CodeInvalidState {
		t.Errorf("no-show by number: %d %s", st, code)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: "Z-999", Answers: all(4)}); st != 404 || code != api.CodeNotFound {
		t.Errorf("unknown number: %d %s", st, code)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b2.Number, Day: "2026-11-25", Answers: all(4)}); st != 404 {
		t.Errorf("other day: %d %s", st, code)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b2.Number, Day: "26/11/2026", Answers: all(4)}); st != 400 || code != api.CodeInvalidInput {
		t.Errorf("bad day: %d %s", st, code)
	}
	// A3 (transferred) and A3' (done, akta) share a number: the done one is
	// found, and it is already rated.
	if st, code := kpost(api.KioskSurveyRequest{Number: f.a3.Number, Answers: all(4)}); st != 409 || code != api.CodeConflict {
		t.Errorf("a3 by number: %d %s", st, code)
	}
	short := strings.ToLower(strings.ReplaceAll(f.b2.Number, "-", ""))
	kiosk.must("POST", "/v1/surveys", api.KioskSurveyRequest{Number: short, Day: "2026-11-26", Answers: answers(4, 4, 4, 4, 4, 4, 4, 4, 3)}, &rc, 201)
	if rc.TicketID != f.b2.ID {
		t.Fatalf("by number got %+v", rc)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b2.Number, Answers: all(4)}); st != 409 || code != api.CodeConflict {
		t.Errorf("second kiosk survey: %d %s", st, code)
	}
	display := &adminAPI{t: t, s: f.s, token: servertest.DisplayToken}
	if st, _ := display.do("POST", "/v1/surveys", api.KioskSurveyRequest{Number: f.a2.Number, Answers: all(3)}, nil); st != 403 {
		t.Errorf("display token: %d", st)
	}
	pub.must("POST", "/v1/tickets/"+f.a2.ID+"/survey", api.SurveyRequest{Answers: all(3)}, nil, 201)

	// IKM over the four surveys (hand-computed):
	//   ktp-el: all 4s and all 3s → 3.5 each → 87.5 B
	//   kk:     eight 4s and a 3  → 25 × 35/9 = 97.22… A
	//   akta:   1,2,3,4,1,2,3,4,1 → 25 × 21/9 = 58.33… D
	//   total:  element sums 12,13,14,15,12,13,14,15,11 of 4 → 25 × 119/36 = 82.638… → 82.64 B
	adm := newAdmin(t, f.s)
	var ikm api.IKMReport
	adm.must("GET", "/v1/reports/ikm?from=2026-11-26&to=2026-11-26&group=service", nil, &ikm, 200)
	if len(ikm.Rows) != 3 || ikm.Elements[0] != "Persyaratan" || ikm.Elements[8] != "Sarana dan Prasarana" {
		t.Fatalf("ikm %+v", ikm)
	}
	type want struct {
		key     string
		n       int
		ikm     float64
		rounded float64
		grade   string
		label   string
		e0, e8  float64
	}
	for i, w := range []want{
		{"ktp-el", 2, 87.5, 87.5, "B", "Baik", 3.5, 3.5},
		{"kk", 1, 25 * 35.0 / 9, 97.22, "A", "Sangat Baik", 4, 3},
		{"akta", 1, 25 * 21.0 / 9, 58.33, "D", "Tidak Baik", 1, 1},
	} {
		r := ikm.Rows[i]
		if r.Key != w.key || r.Respondents != w.n || r.IKM != w.ikm || r.IKMRounded != w.rounded || r.Grade != w.grade ||
			r.GradeLabel != w.label || r.Elements[0] != w.e0 || r.Elements[8] != w.e8 {
			t.Errorf("row %d: %+v, want %+v", i, r, w)
		}
	}
	tot := ikm.Total
	wantEl := [9]float64{3, 3.25, 3.5, 3.75, 3, 3.25, 3.5, 3.75, 2.75}
	if tot.Respondents != 4 || tot.Elements != wantEl || tot.IKM != 25*119.0/36 || tot.IKMRounded != 82.64 || tot.Grade != "B" {
		t.Fatalf("total %+v", tot)
	}
	adm.must("GET", "/v1/reports/ikm?from=2026-11-26&to=2026-11-26&group=agency", nil, &ikm, 200)
	if len(ikm.Rows) != 1 || ikm.Rows[0].Key != "disdukcapil" || ikm.Rows[0].IKMRounded != 82.64 {
		t.Fatalf("agency ikm %+v", ikm.Rows)
	}
	st, body, _ := adm.raw("GET", "/v1/reports/ikm?from=2026-11-26&format=csv", nil)
	if st != 200 || !strings.Contains(string(body), "group,key,name,respondents,u1,") ||
		!strings.Contains(string(body), "total,total,Total,4,3.00,3.25,3.50,3.75,3.00,3.25,3.50,3.75,2.75,82.64,B,Baik") {
		t.Fatalf("ikm csv %d %s", st, body)
	}
	// Comments are not in the report either.
	_, body, _ = adm.raw("GET", "/v1/reports/ikm?from=2026-11-26", nil)
	if strings.Contains(string(body), "é") {
		t.Fatal("comment in the IKM report")
	}
}
