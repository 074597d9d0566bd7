package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

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

// typeNumber taps the keypad keys of a ticket number (the dash is implied).
func typeNumber(t *testing.T, k *Kiosk, number string) {
	t.Helper()
	for _, r := range strings.ToUpper(number) {
		if r == '-' {
			continue
		}
		var key *Tile
		k.ui(func() { key = k.surveyNumber().Keys[r] })
		if key == nil {
			t.Fatalf("no key %q on the keypad", r)
		}
		k.tapTile(t, key)
	}
}

// answerFrom answers the questions from the current one on, checking each
// screen shows its element and position.
func answerFrom(t *testing.T, k *Kiosk, first int, scores ...int) {
	t.Helper()
	for j, score := range scores {
		i := first + j
		var choice *Tile
		k.ui(func() {
			if k.Current() != "survey-question" {
				t.Fatalf("question %d: on %s", i+1, k.Current())
			}
			q := k.surveyQuestion()
			if got := q.Progress.Text; got != strconv.Itoa(i+1)+" / 9" {
				t.Errorf("progress %q on question %d", got, i+1)
			}
			if got := plain(q.Element); got != api.SKMElements[i] {
				t.Errorf("question %d shows %q", i+1, got)
			}
			choice = q.Choices[score-1]
		})
		k.tapTile(t, choice)
	}
}

// startSurvey goes from home to the keypad and types number.
func startSurvey(t *testing.T, k *Kiosk, number string) {
	t.Helper()
	k.tapTile(t, k.home().Rate)
	if s := k.screenName(); s != "survey-number" {
		t.Fatalf("Rate leads to %s", s)
	}
	typeNumber(t, k, number)
}

func TestSurveyAgainstRealServer(t *testing.T) {
	srv := servertest.Start(t)
	tk := srv.ServedTicket("ktp-el")
	k := startKiosk(t, srv.Kiosk(), nil, Config{NewKey: client.NewIdempotencyKey}, landscape)
	waitCatalog(t, k)
	k.ui(func() {
		r := k.home().Rate
		if r.Title != "Beri penilaian layanan" || r.Size().Height < 64 {
			t.Errorf("home rate button %q %v", r.Title, r.Size())
		}
	})
	k.tapTile(t, k.home().Rate)
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
	k.tapTile(t, k.surveyNumber().Next)

	// 4, 3, 2, then Back twice: the earlier answers are still chosen.
	answerFrom(t, k, 0, 4, 3, 2)
	k.tapTile(t, k.surveyQuestion().Back)
	k.ui(func() {
		q := k.surveyQuestion()
		if q.i != 2 || q.Selected() != 2 || q.Choices[1].style != styleAccent || q.Choices[0].style != stylePrimary {
			t.Errorf("back to question 3: index %d, selected %d", q.i, q.Selected())
		}
	})
	k.tapTile(t, k.surveyQuestion().Back)
	k.ui(func() {
		if q := k.surveyQuestion(); q.i != 1 || q.Selected() != 3 {
			t.Errorf("back to question 2: index %d, selected %d", q.i, q.Selected())
		}
	})
	answerFrom(t, k, 1, 1)                // change question 2 to 1
	answerFrom(t, k, 2, 2)                // question 3 again (kept answer 2)
	answerFrom(t, k, 3, 4, 4, 3, 3, 4, 1) // questions 4–9
	want := []int{4, 1, 2, 4, 4, 3, 3, 4, 1}

	k.ui(func() {
		if k.Current() != "survey-comment" {
			t.Fatalf("after nine answers: %s", k.Current())
		}
		test.Type(k.surveyComment().Comment, "Antrean tertib")
	})
	k.tapTile(t, k.surveyComment().Send)
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	k.ui(func() {
		if got := plain(k.current.(*surveyThanksScreen).Message); got != "Terima kasih atas penilaian Anda" {
			t.Errorf("thanks says %q", got)
		}
	})
	st, err := srv.Kiosk().SurveyStatus(context.Background(), tk.ID)
	if err != nil || !st.Answered {
		t.Fatalf("server survey status %+v %v", st, err)
	}
	total := ikmTotal(t, srv, tk.Day)
	if total.Respondents != 1 {
		t.Fatalf("IKM respondents %d", total.Respondents)
	}
	for i, w := range want {
		if total.Elements[i] != float64(w) {
			t.Errorf("stored element %d = %v, want %d (all: %v)", i+1, total.Elements[i], w, total.Elements)
		}
	}
	k.tapTile(t, k.current.(*surveyThanksScreen).Done)
	if s := k.screenName(); s != "home" {
		t.Fatalf("Done leads to %s", s)
	}

	// The same number again: refused, said plainly, back on the keypad.
	startSurvey(t, k, tk.Number)
	k.tapTile(t, k.surveyNumber().Next)
	answerFrom(t, k, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)
	k.tapTile(t, k.surveyComment().Skip)
	eventually(t, k, "already rated", func() bool {
		return k.Current() == "survey-number" && k.surveyNumber().Banner == "Nomor ini sudah memberi penilaian. Terima kasih!"
	})
	if total := ikmTotal(t, srv, tk.Day); total.Respondents != 1 {
		t.Fatalf("second survey counted: %d respondents", total.Respondents)
	}
}

func TestSurveyRefusedNumbersKeepAnswers(t *testing.T) {
	srv := servertest.Start(t)
	done := srv.ServedTicket("kk")
	waiting, err := srv.Kiosk().IssueTicket(context.Background(), api.IssueRequest{ServiceID: "ktp-el"}, client.NewIdempotencyKey())
	if err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, srv.Kiosk(), nil, Config{NewKey: client.NewIdempotencyKey}, portrait)
	waitCatalog(t, k)

	// Still waiting: the survey comes after the service.
	startSurvey(t, k, waiting.Number)
	k.tapTile(t, k.surveyNumber().Next)
	answerFrom(t, k, 0, 3, 3, 3, 3, 3, 3, 3, 3, 4)
	k.tapTile(t, k.surveyComment().Send)
	eventually(t, k, "not finished yet", func() bool {
		return k.Current() == "survey-number" && k.surveyNumber().Banner == "Penilaian dapat diberikan setelah layanan selesai"
	})
	k.ui(func() {
		if got := k.surveyNumber().Typed(); got != waiting.Number {
			t.Errorf("the number was lost: %q", got)
		}
	})

	// A number nobody got today.
	k.tapTile(t, k.surveyNumber().Clear)
	typeNumber(t, k, "B-987")
	k.tapTile(t, k.surveyNumber().Next)
	if s := k.screenName(); s != "survey-comment" {
		t.Fatalf("with the answers kept, Next should go to sending; got %s", s)
	}
	k.tapTile(t, k.surveyComment().Send)
	eventually(t, k, "not found", func() bool {
		return k.Current() == "survey-number" && k.surveyNumber().Banner == "Nomor antrean tidak ditemukan hari ini"
	})

	// The right number: sent with the answers given the first time.
	k.tapTile(t, k.surveyNumber().Clear)
	typeNumber(t, k, done.Number)
	k.tapTile(t, k.surveyNumber().Next)
	k.tapTile(t, k.surveyComment().Send)
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	total := ikmTotal(t, srv, done.Day)
	if total.Respondents != 1 || total.Elements[0] != 3 || total.Elements[8] != 4 {
		t.Fatalf("stored %+v", total)
	}
}

func TestSurveyKeypad(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	be.cat.Services[0].Prefix, be.cat.Services[1].Prefix = "B", "AK"
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Rate)
	s := k.surveyNumber()
	k.ui(func() {
		if string(s.Letters) != "ABK" {
			t.Errorf("letters %q, want the prefixes' A B K", string(s.Letters))
		}
		if s.Number.Text != "" || !s.Hint.Visible() || s.Hint.Text != "Contoh: A-001" {
			t.Errorf("empty field shows %q, hint %q visible %v", s.Number.Text, s.Hint.Text, s.Hint.Visible())
		}
	})
	typeNumber(t, k, "AK0")
	k.tapTile(t, s.Keys['B']) // a letter after the digits is not a number
	typeNumber(t, k, "12")
	k.ui(func() {
		if s.Typed() != "AK-012" || s.Number.Text != "AK-012" || s.Hint.Visible() || s.Next.Disabled() {
			t.Errorf("typed %q shown %q next disabled %v", s.Typed(), s.Number.Text, s.Next.Disabled())
		}
	})
	k.tapTile(t, s.Delete)
	k.tapTile(t, s.Delete)
	k.tapTile(t, s.Delete)
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

func TestSurveyEnglishLabels(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	k.tapTile(t, k.home().Lang)
	k.ui(func() {
		if k.home().Rate.Title != "Rate our service" {
			t.Errorf("english rate button %q", k.home().Rate.Title)
		}
	})
	startSurvey(t, k, "A1")
	k.tapTile(t, k.surveyNumber().Next)
	k.ui(func() {
		q := k.surveyQuestion()
		var got []string
		for _, c := range q.Choices {
			got = append(got, c.Title)
		}
		if strings.Join(got, ",") != "Poor,Fair,Good,Very good" || plain(q.Element) != "Requirements" {
			t.Errorf("english question: %v %q", got, plain(q.Element))
		}
	})
	k.ui(func() { k.lang = "id"; k.redraw() })
	k.ui(func() {
		var got []string
		for _, c := range k.surveyQuestion().Choices {
			got = append(got, c.Title)
		}
		if strings.Join(got, ",") != "Tidak baik,Kurang baik,Baik,Sangat baik" {
			t.Errorf("indonesian answers: %v", got)
		}
	})
}

// A server that cannot be reached: the citizen stays on the last screen
// with the message and the comment, and can send again.
func TestSurveyServerDownThenSendAgain(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	startSurvey(t, k, "A-7")
	k.tapTile(t, k.surveyNumber().Next)
	answerFrom(t, k, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4)
	be.set(func(f *fakeBackend) { f.down = true })
	k.ui(func() { test.Type(k.surveyComment().Comment, "  Toilet bersih  ") })
	k.tapTile(t, k.surveyComment().Send)
	k.tapTile(t, k.surveyComment().Send) // an impatient second tap sends nothing more
	eventually(t, k, "unreachable message", func() bool {
		return k.Current() == "survey-comment" && strings.HasPrefix(k.surveyComment().Banner, "Server tidak dapat dihubungi")
	})
	k.ui(func() {
		c := k.surveyComment()
		if c.Send.Disabled() || c.Comment.Text != "  Toilet bersih  " {
			t.Errorf("after failure: send disabled %v, comment %q", c.Send.Disabled(), c.Comment.Text)
		}
	})
	if n := len(be.surveysReceived()); n != 1 {
		t.Fatalf("%d requests, want 1 (no double send, no automatic retry)", n)
	}
	be.set(func(f *fakeBackend) { f.down = false })
	k.tapTile(t, k.surveyComment().Send)
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	got := be.surveysReceived()
	last := got[len(got)-1]
	if last.Number != "A-7" || last.Comment != "Toilet bersih" || len(last.Answers) != 9 || last.Answers[8] != 4 {
		t.Fatalf("sent %+v", last)
	}
}

func TestSurveyCommentBounded(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{}, portrait)
	waitCatalog(t, k)
	startSurvey(t, k, "A1")
	k.tapTile(t, k.surveyNumber().Next)
	answerFrom(t, k, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2)
	k.ui(func() { k.surveyComment().Comment.SetText(strings.Repeat("é", api.SurveyMaxComment+20)) })
	k.tapTile(t, k.surveyComment().Skip) // skip drops whatever was typed
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	if got := be.surveysReceived(); len(got) != 1 || got[0].Comment != "" {
		t.Fatalf("skip sent %+v", got)
	}
	k.ui(func() { k.goHome() })
	startSurvey(t, k, "A2")
	k.tapTile(t, k.surveyNumber().Next)
	answerFrom(t, k, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2)
	k.ui(func() { k.surveyComment().Comment.SetText(strings.Repeat("é", api.SurveyMaxComment+20)) })
	k.tapTile(t, k.surveyComment().Send)
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	if got := be.surveysReceived(); len([]rune(got[1].Comment)) != api.SurveyMaxComment {
		t.Fatalf("comment of %d characters sent", len([]rune(got[1].Comment)))
	}
}

func TestSurveyIdleReturnsHome(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{IdleTimeout: 300 * time.Millisecond, TicketTimeout: 300 * time.Millisecond}, landscape)
	waitCatalog(t, k)
	startSurvey(t, k, "A1")
	k.tapTile(t, k.surveyNumber().Next)
	answerFrom(t, k, 0, 3, 3)
	eventually(t, k, "idle question → home", func() bool { return k.Current() == "home" })
	// The thanks screen goes home by itself too.
	startSurvey(t, k, "A1")
	k.tapTile(t, k.surveyNumber().Next)
	for i := 0; i < 9; i++ {
		var c *Tile
		k.ui(func() { c = k.surveyQuestion().Choices[2] })
		k.tapTile(t, c)
	}
	k.tapTile(t, k.surveyComment().Send)
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	eventually(t, k, "thanks → home", func() bool { return k.Current() == "home" })
}

func TestSurveyOnScreenKeyboard(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{}, portrait)
	waitCatalog(t, k)
	startSurvey(t, k, "A1")
	k.tapTile(t, k.surveyNumber().Next)
	answerFrom(t, k, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4)
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
