package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/client"
)

// ikmTotal reads the IKM report of one day as the admin.
func ikmTotal(t *testing.T, srv *servertest.Server, day string) api.IKMRow {
	t.Helper()
	adm := srv.Client("")
	if _, err := adm.Login(context.Background(), api.SessionRequest{Username: servertest.AdminUser, Password: servertest.AdminPassword}); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/v1/reports/ikm?"+url.Values{"from": {day}, "to": {day}}.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+adm.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rep api.IKMReport
	if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil || resp.StatusCode != 200 {
		t.Fatalf("ikm report: %d %v", resp.StatusCode, err)
	}
	return rep.Total
}

// withCode reads a ticket as its holder does (by id), with its check code.
func withCode(t *testing.T, srv *servertest.Server, tk api.Ticket) api.Ticket {
	t.Helper()
	got, err := srv.Kiosk().Ticket(context.Background(), tk.ID)
	if err != nil || got.CheckCode == "" {
		t.Fatalf("ticket %s: %+v %v", tk.Number, got, err)
	}
	return got
}

// proveTicket goes from home through the number and the check code.
func proveTicket(t *testing.T, k *Kiosk, number, check string) {
	t.Helper()
	if k.screenName() != "survey-number" {
		k.tapTile(t, func() *Tile { return k.home().Rate })
	}
	if s := k.screenName(); s != "survey-number" {
		t.Fatalf("Rate leads to %s", s)
	}
	k.ui(func() {
		if s := k.surveyNumber(); s.Step() != 0 {
			s.onBack()
		}
	})
	k.tapTile(t, func() *Tile { return k.surveyNumber().Clear })
	typeNumber(t, k, number)
	k.tapTile(t, func() *Tile { return k.surveyNumber().Next })
	typeCheck(t, k, check)
	k.tapTile(t, func() *Tile { return k.surveyNumber().Next })
}

// The whole survey against the real server: the ticket is proved and
// checked before the first question, the questions are in plain words,
// and the report gets each answer under its official element.
func TestSurveyAgainstRealServer(t *testing.T) {
	srv := servertest.Start(t)
	tk := withCode(t, srv, srv.ServedTicket("ktp-el"))
	k := startKiosk(t, srv.Kiosk(), nil, Config{NewKey: client.NewIdempotencyKey}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, func() *Tile { return k.home().Rate })
	k.ui(func() {
		s := k.surveyNumber()
		// Pariaman's prefixes skip I and O (read as 1 and 0).
		if s.Keys['A'] == nil || s.Keys['B'] == nil || s.Keys['I'] != nil || s.Keys['O'] != nil {
			t.Errorf("keypad letters %q", string(s.Letters))
		}
		if !s.Next.Disabled() {
			t.Error("Next enabled before a number is typed")
		}
	})
	typeNumber(t, k, strings.ReplaceAll(tk.Number, "-", ""))
	k.ui(func() {
		if got := k.surveyNumber().Typed(); got != tk.Number {
			t.Errorf("field shows %q, want %q", got, tk.Number)
		}
	})
	k.tapTile(t, func() *Tile { return k.surveyNumber().Next })
	typeCheck(t, k, tk.CheckCode[:3])
	k.ui(func() {
		if !k.surveyNumber().Next.Disabled() {
			t.Error("three digits of the check code are not enough")
		}
		if k.surveyNumber().Keys['A'] != nil {
			t.Error("letters on the check code step")
		}
	})
	typeCheck(t, k, tk.CheckCode[3:])
	k.tapTile(t, func() *Tile { return k.surveyNumber().Next })
	eventually(t, k, "first question after the check", func() bool { return k.Current() == "survey-question" })
	k.ui(func() {
		q := k.surveyQuestion()
		if got := q.Question.Text(); got != skmQuestions[0].id || strings.Contains(got, "Persyaratan") {
			t.Errorf("question 1 reads %q", got)
		}
		if q.Choices[0].Title != "Tidak sesuai" || q.Choices[3].Title != "Sangat sesuai" {
			t.Errorf("answers %q … %q", q.Choices[0].Title, q.Choices[3].Title)
		}
		if !strings.Contains(q.sv.service, "KTP-el") {
			t.Errorf("the checked ticket's service %q", q.sv.service)
		}
	})

	// 4, 3, 2, then Back twice: the earlier answers are still chosen.
	answer(t, k, 4, 3, 2)
	k.tapTile(t, func() *Tile { return k.surveyQuestion().Back })
	k.ui(func() {
		q := k.surveyQuestion()
		if q.i != 2 || q.Selected() != 2 || q.Choices[1].style != styleAccent || q.Choices[0].style != stylePrimary {
			t.Errorf("back to question 3: index %d, selected %d", q.i, q.Selected())
		}
	})
	k.tapTile(t, func() *Tile { return k.surveyQuestion().Back })
	k.ui(func() {
		if q := k.surveyQuestion(); q.i != 1 || q.Selected() != 3 {
			t.Errorf("back to question 2: index %d, selected %d", q.i, q.Selected())
		}
	})
	answer(t, k, 1)                // change question 2 to 1
	answer(t, k, 2)                // question 3 again (kept answer 2)
	answer(t, k, 4, 4, 3, 3, 4, 1) // questions 4–9
	skipProfile(t, k)
	want := []int{4, 1, 2, 4, 4, 3, 3, 4, 1}
	k.ui(func() {
		if k.Current() != "survey-comment" {
			t.Fatalf("after nine answers: %s", k.Current())
		}
		test.Type(k.surveyComment().Comment, "Antrean tertib")
	})
	k.tapTile(t, func() *Tile { return k.surveyComment().Send })
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	st, err := srv.Kiosk().SurveyStatus(context.Background(), tk.ID)
	if err != nil || !st.Answered {
		t.Fatalf("server survey status %+v %v", st, err)
	}
	total := ikmTotal(t, srv, tk.Day)
	if total.Respondents != 1 {
		t.Fatalf("IKM respondents %d", total.Respondents)
	}
	for i, w := range want {
		if total.Elements[skmQuestions[i].element] != float64(w) {
			t.Errorf("stored element %d = %v, want %d (all: %v)", i+1, total.Elements[i], w, total.Elements)
		}
	}
	k.tapTile(t, func() *Tile { return k.current.(*surveyThanksScreen).Done })

	// The same ticket again: refused before the first question.
	proveTicket(t, k, tk.Number, tk.CheckCode)
	eventually(t, k, "already rated", func() bool {
		return k.Current() == "survey-number" && strings.Contains(k.surveyNumber().Banner, "sudah memberi penilaian")
	})
	if total := ikmTotal(t, srv, tk.Day); total.Respondents != 1 {
		t.Fatalf("second survey counted: %d respondents", total.Respondents)
	}
}

// Another citizen's number (it is on the hall display) without the check
// code printed on their ticket gets nowhere; a waiting ticket and an
// unknown number are refused before the questions, each said plainly.
func TestSurveyNeedsProofBeforeQuestions(t *testing.T) {
	srv := servertest.Start(t)
	done := withCode(t, srv, srv.ServedTicket("kk"))
	waiting, err := srv.Kiosk().IssueTicket(context.Background(), api.IssueRequest{ServiceID: "ktp-el"}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, srv.Kiosk(), nil, Config{NewKey: client.NewIdempotencyKey}, portrait)
	waitCatalog(t, k)

	wrong := "0000"
	if done.CheckCode == wrong {
		wrong = "1111"
	}
	proveTicket(t, k, done.Number, wrong)
	eventually(t, k, "wrong check code", func() bool {
		return k.Current() == "survey-number" && strings.Contains(k.surveyNumber().Banner, "Kode cek tidak cocok")
	})
	k.ui(func() {
		s := k.surveyNumber()
		if s.Step() != 1 || s.sv.check != "" || s.Typed() != done.Number {
			t.Errorf("after a wrong code: step %d, code %q, number %q", s.Step(), s.sv.check, s.Typed())
		}
	})
	proveTicket(t, k, waiting.Number, waiting.CheckCode)
	eventually(t, k, "not finished yet", func() bool {
		return k.Current() == "survey-number" && k.surveyNumber().Banner == "Penilaian dapat diberikan setelah layanan Anda selesai."
	})
	proveTicket(t, k, "B-987", "1234")
	eventually(t, k, "not found", func() bool {
		return k.Current() == "survey-number" && strings.HasPrefix(k.surveyNumber().Banner, "Nomor antrean ini tidak ada hari ini") &&
			k.surveyNumber().Step() == 0
	})
	if total := ikmTotal(t, srv, done.Day); total.Respondents != 0 {
		t.Fatalf("%d surveys stored from refused tickets", total.Respondents)
	}
	// The right code: on to the questions.
	proveTicket(t, k, done.Number, done.CheckCode)
	eventually(t, k, "questions", func() bool { return k.Current() == "survey-question" })
}

// A USB scanner types the ticket's QR link like a keyboard: on the home
// screen, with no text field, it opens the survey for that ticket.
func TestSurveyByScannedQR(t *testing.T) {
	srv := servertest.Start(t)
	tk := srv.ServedTicket("ktp-el")
	full := withCode(t, srv, tk)
	k := startKiosk(t, srv.Kiosk(), nil, Config{NewKey: client.NewIdempotencyKey, Scanner: true}, landscape)
	waitCatalog(t, k)
	scan := func(s string) {
		k.ui(func() {
			test.TypeOnCanvas(k.w.Canvas(), s)
			k.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		})
	}
	scan("https://antrean.example/t/" + full.ID)
	eventually(t, k, "first question from the scan", func() bool { return k.Current() == "survey-question" })
	k.ui(func() {
		if q := k.surveyQuestion(); q.sv.ticketID != tk.ID || q.sv.Number() != tk.Number {
			t.Errorf("scanned ticket %q %q", q.sv.ticketID, q.sv.Number())
		}
	})
	answer(t, k, 3, 3, 3, 3, 3, 3, 3, 3, 3)
	skipProfile(t, k)
	k.tapTile(t, func() *Tile { return k.surveyComment().Skip })
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	if total := ikmTotal(t, srv, tk.Day); total.Respondents != 1 || total.Elements[0] != 3 {
		t.Fatalf("stored %+v", total)
	}
	k.ui(func() { k.goHome() })
	// The number screen invites scanning; a scan there works too, and a
	// stray barcode does nothing.
	k.tapTile(t, func() *Tile { return k.home().Rate })
	k.ui(func() {
		if !strings.Contains(k.surveyNumber().Hint.Text(), "pemindai") {
			t.Errorf("hint %q does not mention the scanner", k.surveyNumber().Hint.Text())
		}
	})
	scan("8991234567890")
	if s := k.screenName(); s != "survey-number" {
		t.Fatalf("a stray barcode moved to %s", s)
	}
	scan("https://antrean.example/t/" + full.ID)
	eventually(t, k, "already rated", func() bool {
		return k.Current() == "survey-number" && strings.Contains(k.surveyNumber().Banner, "sudah memberi penilaian")
	})
}

func TestTicketIDFromScan(t *testing.T) {
	for in, want := range map[string]string{
		"https://antrean.pariamankota.go.id/t/AbC123_-xyz987": "AbC123_-xyz987",
		"http://10.0.0.5:8080/t/AbC123_-xyz987?lang=en":       "AbC123_-xyz987",
		"  http://h/t/abcdefgh\r\n":                           "abcdefgh",
		"http://h/t/short":                                    "",
		"http://h/t/<script>alert(1)":                         "",
		"8991234567890":                                       "",
		"":                                                    "",
	} {
		if got := ticketIDFromScan(in); got != want {
			t.Errorf("ticketIDFromScan(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every question maps to one official SKM element, each element has one
// question, and no question reads like the regulation.
func TestQuestionsMapToElements(t *testing.T) {
	seen := map[int]bool{}
	for i, q := range skmQuestions {
		if q.element < 0 || q.element >= len(api.SKMElements) || seen[q.element] {
			t.Errorf("question %d maps to element %d", i+1, q.element)
		}
		seen[q.element] = true
		if !strings.HasSuffix(q.id, "?") || !strings.HasSuffix(q.en, "?") {
			t.Errorf("question %d is not a question: %q / %q", i+1, q.id, q.en)
		}
		for _, jargon := range []string{"Spesifikasi", "Kompetensi", "Pelaksana", "Prosedur", "Mekanisme", "Sarana", "Prasarana"} {
			if strings.Contains(q.id, jargon) {
				t.Errorf("question %d uses %q: %q", i+1, jargon, q.id)
			}
		}
		for j := range 4 {
			if q.answersID[j] == "" || q.answersEN[j] == "" {
				t.Errorf("question %d lacks answer %d", i+1, j+1)
			}
		}
	}
	if len(seen) != len(api.SKMElements) {
		t.Errorf("%d of %d elements have a question", len(seen), len(api.SKMElements))
	}
	// The request puts each answer under its element.
	sv := &survey{ticketID: "t1"}
	for i := range sv.answers {
		sv.answers[i] = 1 + i%4
	}
	req := sv.request()
	for i, q := range skmQuestions {
		if req.Answers[q.element] != sv.answers[i] {
			t.Errorf("element %d got %d, want %d", q.element, req.Answers[q.element], sv.answers[i])
		}
	}
}

func TestSurveyKeypad(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	be.cat.Services[0].Prefix, be.cat.Services[1].Prefix = "B", "AK"
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, func() *Tile { return k.home().Rate })
	var s *surveyNumberScreen
	k.ui(func() {
		s = k.surveyNumber()
		if string(s.Letters) != "ABK" {
			t.Errorf("letters %q, want the prefixes' A B K", string(s.Letters))
		}
		if s.Field.Text != "" || !strings.Contains(s.Hint.Text(), "A-001") {
			t.Errorf("empty field shows %q, hint %q", s.Field.Text, s.Hint.Text())
		}
	})
	typeNumber(t, k, "AK0")
	k.tapTile(t, s.Keys['B']) // a letter after the digits is not a number
	typeNumber(t, k, "12")
	k.ui(func() {
		if s.Typed() != "AK-012" || s.Field.Text != "AK-012" || s.Next.Disabled() {
			t.Errorf("typed %q shown %q next disabled %v", s.Typed(), s.Field.Text, s.Next.Disabled())
		}
	})
	for range 3 {
		k.tapTile(t, s.Delete)
	}
	k.ui(func() {
		if s.Typed() != "AK" || !s.Next.Disabled() {
			t.Errorf("after three deletes: %q, next disabled %v", s.Typed(), s.Next.Disabled())
		}
	})
	typeNumber(t, k, "1234567890")
	k.ui(func() {
		if s.Typed() != "AK-123456" {
			t.Errorf("length not bounded: %q", s.Typed())
		}
	})
	// A keyboard (or a scanner's digits) types into the field too.
	k.tapTile(t, s.Clear)
	k.ui(func() { test.TypeOnCanvas(k.w.Canvas(), "b7") })
	k.ui(func() {
		if s.Typed() != "B-7" {
			t.Errorf("typed on a keyboard: %q", s.Typed())
		}
	})
	k.tapTile(t, s.Clear)
	k.ui(func() {
		if s.Typed() != "" || !s.Next.Disabled() {
			t.Errorf("after clear: %q", s.Typed())
		}
	})
	k.tapTile(t, s.Back)
	if k.screenName() != "home" {
		t.Fatal("Back on the keypad should go home")
	}
}

func TestSurveyEnglish(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, func() *Tile { return k.home().Lang })
	k.ui(func() {
		if k.home().Rate.Title != "Rate our service" {
			t.Errorf("english rate button %q", k.home().Rate.Title)
		}
	})
	proveTicket(t, k, "A1", "1234")
	eventually(t, k, "question", func() bool { return k.Current() == "survey-question" })
	k.ui(func() {
		q := k.surveyQuestion()
		var got []string
		for _, c := range q.Choices {
			got = append(got, c.Title)
		}
		if strings.Join(got, ",") != "Not at all,Not quite,Yes,Exactly" || q.Question.Text() != skmQuestions[0].en {
			t.Errorf("english question: %v %q", got, q.Question.Text())
		}
	})
	if got := be.checksReceived(); len(got) != 1 || got[0].Number != "A-1" || got[0].Check != "1234" {
		t.Fatalf("checks sent %+v", got)
	}
}

// A server that cannot be reached when sending: the citizen stays on the
// last screen with the message and the comment, and can send again.
func TestSurveyServerDownThenSendAgain(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{ProbeEvery: time.Hour}, landscape)
	waitCatalog(t, k)
	proveTicket(t, k, "A-7", "4321")
	eventually(t, k, "question", func() bool { return k.Current() == "survey-question" })
	answer(t, k, 4, 4, 4, 4, 4, 4, 4, 4, 4)
	skipProfile(t, k)
	hold := make(chan struct{})
	be.set(func(f *fakeBackend) { f.down, f.surveyHold = true, hold })
	k.ui(func() { test.Type(k.surveyComment().Comment, "  Toilet bersih  ") })
	k.tapTile(t, func() *Tile { return k.surveyComment().Send })
	// An impatient second tap while the first is under way sends nothing
	// more (the answer is held until both taps are in).
	k.tapTile(t, func() *Tile { return k.surveyComment().Send })
	be.set(func(f *fakeBackend) { f.surveyHold = nil })
	close(hold)
	eventually(t, k, "unreachable message", func() bool {
		return k.Current() == "survey-comment" && strings.HasPrefix(k.surveyComment().Banner, "Penilaian sedang tidak dapat dikirim")
	})
	k.ui(func() {
		c := k.surveyComment()
		if c.Send.Disabled() || c.Comment.Text != "  Toilet bersih  " || strings.Contains(strings.ToLower(c.Banner), "server") {
			t.Errorf("after failure: send disabled %v, comment %q, banner %q", c.Send.Disabled(), c.Comment.Text, c.Banner)
		}
	})
	if n := len(be.surveysReceived()); n != 1 {
		t.Fatalf("%d requests, want 1 (no double send, no automatic retry)", n)
	}
	be.set(func(f *fakeBackend) { f.down = false })
	k.tapTile(t, func() *Tile { return k.surveyComment().Send })
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	got := be.surveysReceived()
	last := got[len(got)-1]
	if last.TicketID != "t-A-7" || last.Number != "" || last.Comment != "Toilet bersih" || len(last.Answers) != 9 || last.Answers[8] != 4 {
		t.Fatalf("sent %+v", last)
	}
}

func TestSurveyCommentBounded(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{}, portrait)
	waitCatalog(t, k)
	proveTicket(t, k, "A1", "1111")
	eventually(t, k, "question", func() bool { return k.Current() == "survey-question" })
	answer(t, k, 2, 2, 2, 2, 2, 2, 2, 2, 2)
	skipProfile(t, k)
	k.ui(func() { k.surveyComment().Comment.SetText(strings.Repeat("é", api.SurveyMaxComment+20)) })
	k.tapTile(t, func() *Tile { return k.surveyComment().Skip }) // skip drops whatever was typed
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	if got := be.surveysReceived(); len(got) != 1 || got[0].Comment != "" {
		t.Fatalf("skip sent %+v", got)
	}
	k.ui(func() { k.goHome() })
	proveTicket(t, k, "A2", "2222")
	eventually(t, k, "question", func() bool { return k.Current() == "survey-question" })
	answer(t, k, 2, 2, 2, 2, 2, 2, 2, 2, 2)
	skipProfile(t, k)
	k.ui(func() { k.surveyComment().Comment.SetText(strings.Repeat("é", api.SurveyMaxComment+20)) })
	k.tapTile(t, func() *Tile { return k.surveyComment().Send })
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	if got := be.surveysReceived(); len([]rune(got[1].Comment)) != api.SurveyMaxComment {
		t.Fatalf("comment of %d characters sent", len([]rune(got[1].Comment)))
	}
}

// Idle in the middle of the survey: "Masih di sini?" first, and "Ya"
// keeps every answer; unanswered, the kiosk goes home. The thanks screen
// goes home by itself, without asking.
func TestSurveyIdlePromptKeepsAnswers(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{IdleTimeout: 200 * time.Millisecond, PromptTimeout: 300 * time.Millisecond,
		TicketTimeout: 200 * time.Millisecond}, landscape)
	waitCatalog(t, k)
	proveTicket(t, k, "A1", "1234")
	eventually(t, k, "question", func() bool { return k.Current() == "survey-question" })
	answer(t, k, 3, 2, 1)
	eventually(t, k, "Masih di sini?", func() bool { return k.Prompting() })
	k.ui(func() {
		if got := k.prompt.Title.Text(); got != "Masih di sini?" {
			t.Errorf("prompt %q", got)
		}
	})
	k.tapTile(t, func() *Tile { return k.prompt.Yes })
	k.ui(func() {
		if k.Prompting() || k.Current() != "survey-question" {
			t.Fatalf("after Ya: prompt %v, screen %s", k.Prompting(), k.Current())
		}
		q := k.surveyQuestion()
		if q.i != 3 || q.sv.answers[0] != 3 || q.sv.answers[1] != 2 || q.sv.answers[2] != 1 {
			t.Errorf("answers lost: question %d, answers %v", q.i+1, q.sv.answers)
		}
	})
	eventually(t, k, "asked again", func() bool { return k.Prompting() })
	eventually(t, k, "unanswered → home", func() bool { return k.Current() == "home" && !k.Prompting() })

	proveTicket(t, k, "A1", "1234")
	eventually(t, k, "question", func() bool { return k.Current() == "survey-question" })
	answer(t, k, 3, 3, 3, 3, 3, 3, 3, 3, 3)
	skipProfile(t, k)
	k.tapTile(t, func() *Tile { return k.surveyComment().Send })
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	eventually(t, k, "thanks → home", func() bool { return k.Current() == "home" })
}

func TestSurveyOnScreenKeyboard(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{}, portrait)
	waitCatalog(t, k)
	proveTicket(t, k, "A1", "1234")
	eventually(t, k, "question", func() bool { return k.Current() == "survey-question" })
	answer(t, k, 4, 4, 4, 4, 4, 4, 4, 4, 4)
	skipProfile(t, k)
	var c *surveyCommentScreen
	k.ui(func() { c = k.surveyComment() })
	for _, r := range "TOILETX" {
		k.tapTile(t, c.Keys[r])
	}
	k.tapTile(t, c.Erase) // the X
	for _, r := range " BERSIH. OK" {
		k.tapTile(t, c.Keys[r])
	}
	k.ui(func() {
		if c.Comment.Text != "Toilet bersih. Ok" {
			t.Errorf("typed %q", c.Comment.Text)
		}
		for r, key := range c.Keys {
			if key.Size().Height < 64 || key.Size().Width < 64 {
				t.Errorf("key %q is %v", r, key.Size())
			}
		}
	})
	k.tapTile(t, c.Send)
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	if got := be.surveysReceived(); len(got) != 1 || got[0].Comment != "Toilet bersih. Ok" {
		t.Fatalf("sent %+v", got)
	}
}
