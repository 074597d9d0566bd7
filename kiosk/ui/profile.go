package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// The respondent profile of the SKM (sex, age band, education,
// occupation), asked on one screen after the nine questions: every
// answer is one tap, a second tap on it takes it back, and "Lewati"
// skips the lot. Nothing here names the citizen.

type profileQuestion struct {
	id, en  string
	choices []api.Choice
	get     func(*api.Respondent) *string
}

var profileQuestions = []profileQuestion{
	{"Jenis kelamin", "Sex", api.ProfileSexes, func(r *api.Respondent) *string { return &r.Sex }},
	{"Umur", "Age", api.ProfileAges, func(r *api.Respondent) *string { return &r.Age }},
	{"Pendidikan terakhir", "Education", api.ProfileEducations, func(r *api.Respondent) *string { return &r.Education }},
	{"Pekerjaan", "Occupation", api.ProfileOccupations, func(r *api.Respondent) *string { return &r.Occupation }},
}

type surveyProfileScreen struct {
	k     *Kiosk
	sv    *survey
	Back  *Tile
	Skip  *Tile
	Next  *Tile
	Intro *textBlock
	// Choices[q][code] are the answer tiles of question q.
	Choices []map[string]*Tile
}

func (s *surveyProfileScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }

func (s *surveyProfileScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(l.Pick("Tentang Anda", "About you"), l.Pick("Tidak wajib — boleh dilewati", "Optional — you may skip it"), s.onBack)
	s.Back = back
	s.Intro = txt(l.Pick("Untuk laporan survei, tanpa nama. Pilih yang sesuai, atau lewati.",
		"For the survey report, without your name. Choose what fits, or skip."), sizeBody, colorText, true)
	objs := []fyne.CanvasObject{s.Intro}
	s.Choices = nil
	for qi, q := range profileQuestions {
		tiles := map[string]*Tile{}
		var row []fyne.CanvasObject
		for _, ch := range q.choices {
			t := newTile(stylePrimary, l.Pick(ch.ID, ch.EN), k.tap(func() { s.onChoice(qi, ch.Code) }))
			t.titleSize = sizeSmall
			tiles[ch.Code] = t
			row = append(row, t)
		}
		s.Choices = append(s.Choices, tiles)
		objs = append(objs, label(l.Pick(q.id, q.en), sizeBody, colorHeader, true),
			container.New(grid{cols: func(sz fyne.Size) int { return profileCols(k, sz.Width, len(q.choices)) }, gap: k.px(12)}, row...))
	}
	s.refresh()
	body := container.New(&profileLayout{k: k, gap: k.px(10), maxTile: k.px(minTouch + 10)}, objs...)
	s.Skip = newTile(styleGhost, l.Pick("Lewati", "Skip"), k.tap(s.onSkip))
	s.Next = newTile(styleAccent, l.Pick("Lanjut ›", "Next ›"), k.tap(s.onNext))
	bh := k.px(minTouch + 16)
	buttons := container.New(grid{cols: func(fyne.Size) int { return 2 }, gap: k.px(24), maxH: bh}, s.Skip, s.Next)
	return k.page(header, nil, body, sized(k.px(1000), bh, buttons))
}

// profileCols is how many answers of a question share a row: all six on a
// wide screen, three on a narrow one (two for the two sexes).
func profileCols(k *Kiosk, w float32, n int) int {
	if w >= k.px(1200) || n <= 3 {
		return n
	}
	return (n + 1) / 2
}

// profileLayout stacks the intro, then each question's label and its row
// (or rows) of answers; the answers share the height left, no taller
// than maxTile.
type profileLayout struct {
	k            *Kiosk
	gap, maxTile float32
}

func (p *profileLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	intro := objs[0]
	ih := wantHeight(intro, size.Width)
	var labels float32
	rows := 0
	for i := 1; i+1 < len(objs); i += 2 {
		labels += objs[i].MinSize().Height
		n := len(objs[i+1].(*fyne.Container).Objects)
		cols := profileCols(p.k, size.Width, n)
		rows += (n + cols - 1) / cols
	}
	groups := (len(objs) - 1) / 2
	gaps := p.gap * float32(2*groups) // after the intro and each row block
	rowGap := p.k.px(12)
	free := size.Height - ih - labels - gaps
	th := min(p.maxTile, (free-rowGap*float32(rows-groups))/float32(max(rows, 1)))
	if th < p.k.px(48) { // very short: let the intro give way first
		ih = max(0, ih-(p.k.px(48)-th)*float32(rows))
		th = p.k.px(48)
	}
	total := ih + labels + gaps + th*float32(rows) + rowGap*float32(rows-groups)
	y := max(0, (size.Height-total)/2)
	intro.Move(fyne.NewPos(0, y))
	intro.Resize(fyne.NewSize(size.Width, ih))
	y += ih + p.gap
	for i := 1; i+1 < len(objs); i += 2 {
		lh := objs[i].MinSize().Height
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(size.Width, lh))
		y += lh
		n := len(objs[i+1].(*fyne.Container).Objects)
		cols := profileCols(p.k, size.Width, n)
		r := (n + cols - 1) / cols
		h := th*float32(r) + rowGap*float32(r-1)
		objs[i+1].Move(fyne.NewPos(0, y))
		objs[i+1].Resize(fyne.NewSize(size.Width, h))
		y += h + p.gap
	}
}

func (p *profileLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }

// refresh marks the chosen answers.
func (s *surveyProfileScreen) refresh() {
	for qi, tiles := range s.Choices {
		chosen := *profileQuestions[qi].get(&s.sv.profile)
		for qcode, t := range tiles {
			style, title := stylePrimary, s.label(qi, qcode)
			if qcode == chosen {
				style, title = styleAccent, "✓ "+title // not by colour alone
			}
			if t.style != style || t.Title != title {
				t.style, t.Title = style, title
				t.Refresh()
			}
		}
	}
}

// label is the words of answer code of question q.
func (s *surveyProfileScreen) label(q int, code string) string {
	for _, ch := range profileQuestions[q].choices {
		if ch.Code == code {
			return s.k.lang.Pick(ch.ID, ch.EN)
		}
	}
	return code
}

// Chosen is the answer given to question q ("" = none).
func (s *surveyProfileScreen) Chosen(q int) string { return *profileQuestions[q].get(&s.sv.profile) }

func (s *surveyProfileScreen) onChoice(q int, code string) {
	p := profileQuestions[q].get(&s.sv.profile)
	if *p == code {
		*p = "" // a second tap takes the answer back
	} else {
		*p = code
	}
	s.refresh()
}

func (s *surveyProfileScreen) onBack() {
	s.k.navigate(&surveyQuestionScreen{k: s.k, sv: s.sv, i: len(skmQuestions) - 1})
}

func (s *surveyProfileScreen) onSkip() {
	s.sv.profile = api.Respondent{}
	s.k.navigate(&surveyCommentScreen{k: s.k, sv: s.sv})
}

func (s *surveyProfileScreen) onNext() { s.k.navigate(&surveyCommentScreen{k: s.k, sv: s.sv}) }

// profileText says the chosen profile in words (tests, logs).
func profileText(l i18n.Lang, p api.Respondent) string {
	var parts []string
	for _, q := range profileQuestions {
		code := *q.get(&p)
		for _, ch := range q.choices {
			if ch.Code == code {
				parts = append(parts, l.Pick(ch.ID, ch.EN))
			}
		}
	}
	return joinNonEmpty(", ", parts...)
}
