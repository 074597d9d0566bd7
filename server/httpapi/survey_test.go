package httpapi_test

import (
	"strings"
	"testing"

	"antrean/server/servertest"
	"antrean/shared/api"
)

func answers(v ...int) []int { return v }

func all(n int) []int { return []int{n, n, n, n, n, n, n, n, n} }

// otherCode is a check code that is not c.
func otherCode(c string) string {
	if c == "0000" {
		return "0001"
	}
	return "0000"
}

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
	// The number is public (hall display): alone it proves nothing.
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b2.Number, Answers: all(1)}); st != 400 || code != api.CodeInvalidInput {
		t.Errorf("number without check code: %d %s, want 400 invalid_input", st, code)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b2.Number, Check: otherCode(f.b2.CheckCode), Answers: all(1)}); st != 403 || code != api.CodeWrongCheck {
		t.Errorf("wrong check code: %d %s, want 403 wrong_check", st, code)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b1.Number, Check: f.b1.CheckCode, Answers: all(4)}); st != 409 || code != api.CodeInvalidState {
		t.Errorf("no-show by number: %d %s", st, code)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: "Z-999", Check: "1234", Answers: all(4)}); st != 404 || code != api.CodeNotFound {
		t.Errorf("unknown number: %d %s", st, code)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b2.Number, Check: f.b2.CheckCode, Day: "2026-11-25", Answers: all(4)}); st != 404 {
		t.Errorf("other day: %d %s", st, code)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b2.Number, Check: f.b2.CheckCode, Day: "26/11/2026", Answers: all(4)}); st != 400 || code != api.CodeInvalidInput {
		t.Errorf("bad day: %d %s", st, code)
	}
	// A3 (transferred) and A3' (done, akta) share a number and the check
	// code of the paper ticket: the done one is found, already rated.
	if st, code := kpost(api.KioskSurveyRequest{Number: f.a3.Number, Check: f.a3.CheckCode, Answers: all(4)}); st != 409 || code != api.CodeConflict {
		t.Errorf("a3 by number: %d %s", st, code)
	}
	short := strings.ToLower(strings.ReplaceAll(f.b2.Number, "-", ""))
	kiosk.must("POST", "/v1/surveys", api.KioskSurveyRequest{Number: short, Check: f.b2.CheckCode, Day: "2026-11-26", Answers: answers(4, 4, 4, 4, 4, 4, 4, 4, 3)}, &rc, 201)
	if rc.TicketID != f.b2.ID {
		t.Fatalf("by number got %+v", rc)
	}
	if st, code := kpost(api.KioskSurveyRequest{Number: f.b2.Number, Check: f.b2.CheckCode, Answers: all(4)}); st != 409 || code != api.CodeConflict {
		t.Errorf("second kiosk survey: %d %s", st, code)
	}
	display := &adminAPI{t: t, s: f.s, token: servertest.DisplayToken}
	if st, code := display.do("POST", "/v1/surveys", api.KioskSurveyRequest{Number: f.a2.Number, Check: f.a2.CheckCode, Answers: all(3)}, nil); st != 403 || code != api.CodeForbidden {
		t.Errorf("display token: %d %s", st, code)
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

// The check code goes to the kiosk that issued the ticket and to whoever
// reads the ticket by its id (the QR link), and nowhere else: not in
// events, not on the board, not to officers calling the ticket.
func TestCheckCodeOnlyForItsHolder(t *testing.T) {
	s := servertest.Start(t)
	cx := ctx(t)
	tk := issue(t, s.Kiosk(), "ktp-el")
	if len(tk.CheckCode) != 4 || strings.Trim(tk.CheckCode, "0123456789") != "" {
		t.Fatalf("issued check code %q, want 4 digits", tk.CheckCode)
	}
	pub := &adminAPI{t: t, s: s}
	var byID api.Ticket
	pub.must("GET", "/v1/tickets/"+tk.ID, nil, &byID, 200)
	if byID.CheckCode != tk.CheckCode {
		t.Fatalf("GET by id: check code %q, want %q", byID.CheckCode, tk.CheckCode)
	}
	// A retry with the same key returns the same ticket with its code.
	again, err := s.Kiosk().IssueTicket(cx, api.IssueRequest{ServiceID: "kk"}, "same-key")
	if err != nil {
		t.Fatal(err)
	}
	replay, err := s.Kiosk().IssueTicket(cx, api.IssueRequest{ServiceID: "kk"}, "same-key")
	if err != nil || replay.ID != again.ID || replay.CheckCode != again.CheckCode || again.CheckCode == "" {
		t.Fatalf("idempotent replay: %+v / %+v %v", again, replay, err)
	}
	off := s.Officer("petugas1", "loket-1")
	called, err := off.CallNext(cx, "loket-1")
	if err != nil || called == nil {
		t.Fatalf("call: %+v %v", called, err)
	}
	if called.CheckCode != "" {
		t.Errorf("officer sees the check code %q", called.CheckCode)
	}
	moved, err := off.Transfer(cx, called.ID, "akta")
	if err != nil {
		t.Fatal(err)
	}
	pub.must("GET", "/v1/tickets/"+moved.ID, nil, &byID, 200)
	if want := map[string]string{tk.ID: tk.CheckCode, again.ID: again.CheckCode}[called.ID]; byID.CheckCode != want {
		t.Errorf("transferred ticket's code %q, want the paper's %q", byID.CheckCode, want)
	}
	_, board, _ := (&adminAPI{t: t, s: s, token: servertest.DisplayToken}).raw("GET", "/v1/board", nil)
	evs, _, err := s.Store.EventsAfter(cx, 0, 1000)
	if err != nil || len(evs) == 0 {
		t.Fatalf("events: %d %v", len(evs), err)
	}
	for _, code := range []string{tk.CheckCode, again.CheckCode} {
		for _, ev := range evs {
			if strings.Contains(string(ev.Event.Data), `"check_code"`) {
				t.Fatalf("event %s carries a check code: %s", ev.Event.Type, ev.Event.Data)
			}
		}
		if strings.Contains(string(board), `"check_code"`) || strings.Contains(string(board), `"`+code+`"`) {
			t.Fatalf("board carries a check code: %s", board)
		}
	}
}

// The phone page behind the QR code shows the check code, so a citizen
// who kept only the link can still rate at the kiosk by number.
func TestStatusPageShowsCheckCode(t *testing.T) {
	s := servertest.Start(t)
	tk := issue(t, s.Kiosk(), "ktp-el")
	_, body := get(t, s.URL+"/t/"+tk.ID)
	if want := `<b id="check-code">` + tk.CheckCode + `</b>`; !strings.Contains(body, want) {
		t.Fatalf("page lacks %q", want)
	}
	if !strings.Contains(body, "Kode cek untuk penilaian di kiosk") {
		t.Fatal("the code has no label")
	}
}
