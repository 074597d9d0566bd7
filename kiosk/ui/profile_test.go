package ui

import (
	"testing"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// TestSurveyProfile: the profile screen after the ninth question; one tap
// per answer, a second tap takes it back, the answers go with the survey;
// "Lewati" sends none.
func TestSurveyProfile(t *testing.T) {
	be := &fakeBackend{cat: fakeCatalog(1)}
	k := startKiosk(t, be, nil, Config{}, landscape)
	waitCatalog(t, k)
	proveTicket(t, k, "A1", "1234")
	eventually(t, k, "question", func() bool { return k.Current() == "survey-question" })
	answer(t, k, 4, 4, 4, 4, 4, 4, 4, 4, 3)
	eventually(t, k, "profile", func() bool { return k.Current() == "survey-profile" })
	k.ui(func() {
		p := k.surveyProfile()
		if len(p.Choices) != 4 || len(p.Choices[0]) != 2 || len(p.Choices[1]) != len(api.ProfileAges) || p.Choices[2]["s1"].Title != "S1" ||
			p.Choices[3]["pns"].Title != "PNS" {
			t.Fatalf("choices %+v", p.Choices)
		}
	})
	tap := func(q int, code string) { k.tapTile(t, func() *Tile { return k.surveyProfile().Choices[q][code] }) }
	tap(0, "p")
	tap(1, "20-29")
	tap(1, "40-49") // changes the age
	tap(2, "sma")
	tap(2, "sma") // takes the education back
	tap(3, "wirausaha")
	k.ui(func() {
		p := k.surveyProfile()
		if p.Chosen(0) != "p" || p.Chosen(1) != "40-49" || p.Chosen(2) != "" || p.Chosen(3) != "wirausaha" {
			t.Fatalf("chosen %q %q %q %q", p.Chosen(0), p.Chosen(1), p.Chosen(2), p.Chosen(3))
		}
		if p.Choices[1]["40-49"].style != styleAccent || p.Choices[1]["20-29"].style != stylePrimary || p.Choices[2]["sma"].style != stylePrimary {
			t.Error("the chosen answers are not marked")
		}
		if got := profileText(i18n.ID, p.sv.profile); got != "Perempuan, 40–49 tahun, Wirausaha" {
			t.Errorf("profile %q", got)
		}
	})
	// Back to question 9 and forward again keeps the answers.
	k.tapTile(t, func() *Tile { return k.surveyProfile().Back })
	eventually(t, k, "question 9", func() bool { return k.Current() == "survey-question" })
	answer(t, k, 3)
	k.ui(func() {
		if k.surveyProfile().Chosen(1) != "40-49" {
			t.Error("answers lost going back")
		}
	})
	k.tapTile(t, func() *Tile { return k.surveyProfile().Next })
	eventually(t, k, "comment", func() bool { return k.Current() == "survey-comment" })
	k.tapTile(t, func() *Tile { return k.surveyComment().Send })
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	got := be.surveysReceived()
	if len(got) != 1 || got[0].Profile == nil || *got[0].Profile != (api.Respondent{Sex: "p", Age: "40-49", Occupation: "wirausaha"}) {
		t.Fatalf("sent %+v", got)
	}

	// Skipped: no profile at all, even after choosing something first.
	k.ui(func() { k.goHome() })
	proveTicket(t, k, "A2", "1234")
	eventually(t, k, "question", func() bool { return k.Current() == "survey-question" })
	answer(t, k, 2, 2, 2, 2, 2, 2, 2, 2, 2)
	eventually(t, k, "profile", func() bool { return k.Current() == "survey-profile" })
	tap(0, "l")
	k.tapTile(t, func() *Tile { return k.surveyProfile().Skip })
	eventually(t, k, "comment", func() bool { return k.Current() == "survey-comment" })
	k.tapTile(t, func() *Tile { return k.surveyComment().Send })
	eventually(t, k, "thanks", func() bool { return k.Current() == "survey-thanks" })
	if got := be.surveysReceived(); len(got) != 2 || got[1].Profile != nil {
		t.Fatalf("skipped profile sent %+v", got[1].Profile)
	}
}
