package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"antrean/shared/api"
	"antrean/shared/i18n"
)

// The SKM survey (Survei Kepuasan Masyarakat): the ticket is proved first
// — its number and the check code printed under it on a keypad, or its QR
// code on a scanner — and checked by the server before the first question,
// so nobody answers nine questions for a ticket that cannot be rated. Then
// nine questions in plain words, one per screen → the optional respondent
// profile (profile.go) → optional comment → thanks.

// maxNumberLen bounds what the keypad accepts ("ABC-0001" is 7 keys).
const maxNumberLen = 8

// checkLen is the length of a ticket's check code.
const checkLen = 4

// survey is one citizen's answers while they move between screens.
type survey struct {
	number  string // letters then digits, as typed, without the dash
	check   string // the check code digits
	answers [len(skmQuestions)]int
	comment string
	profile api.Respondent // optional, asked after the questions

	// Set once the server accepted the ticket.
	ticketID, service, agency string
}

// Number is what the citizen typed, with a dash between the prefix and the
// digits ("A-001"); the server accepts it with or without.
func (sv *survey) Number() string {
	i := strings.IndexFunc(sv.number, unicode.IsDigit)
	if i <= 0 {
		return sv.number
	}
	return sv.number[:i] + "-" + sv.number[i:]
}

// press adds one key: letters only before the first digit, so the field
// always reads like a ticket number.
func (sv *survey) press(key rune) {
	if len(sv.number) >= maxNumberLen {
		return
	}
	if unicode.IsLetter(key) && strings.IndexFunc(sv.number, unicode.IsDigit) >= 0 {
		return
	}
	sv.number += string(unicode.ToUpper(key))
}

func (sv *survey) backspace() {
	if sv.number != "" {
		sv.number = sv.number[:len(sv.number)-1]
	}
}

// valid is true once the number has digits (a prefix-less site is fine).
func (sv *survey) valid() bool { return strings.IndexFunc(sv.number, unicode.IsDigit) >= 0 }

func (sv *survey) complete() bool {
	for _, a := range sv.answers {
		if a < 1 || a > 4 {
			return false
		}
	}
	return true
}

// request is the answers in the order of the official elements.
func (sv *survey) request() api.KioskSurveyRequest {
	answers := make([]int, len(api.SKMElements))
	for i, q := range skmQuestions {
		answers[q.element] = sv.answers[i]
	}
	req := api.KioskSurveyRequest{TicketID: sv.ticketID, Answers: answers, Comment: strings.TrimSpace(sv.comment)}
	if sv.profile != (api.Respondent{}) {
		p := sv.profile
		req.Profile = &p
	}
	return req
}

// surveySend is the one survey request in flight.
type surveySend struct {
	sv     *survey
	from   *surveyCommentScreen
	cancel context.CancelFunc
}

// surveyCheck is the one ticket check in flight.
type surveyCheck struct {
	sv     *survey
	cancel context.CancelFunc
}

// prefixLetters are the letters the site's ticket numbers start with (the
// keypad offers only these), A–Z without I and O before the catalog loads.
func (k *Kiosk) prefixLetters() []rune {
	seen := map[rune]bool{}
	if k.catalog != nil {
		for _, s := range k.catalog.Services {
			for _, r := range strings.ToUpper(s.Prefix) {
				if unicode.IsLetter(r) {
					seen[r] = true
				}
			}
		}
	}
	if len(seen) == 0 {
		for _, r := range "ABCDEFGHJKLMNPQRSTUVWXYZ" {
			seen[r] = true
		}
	}
	out := make([]rune, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// surveyError words the answers a citizen can act on.
func (k *Kiosk) surveyError(err error) string {
	l := k.lang
	switch api.CodeOf(err) {
	case api.CodeNotFound:
		return l.Pick("Nomor antrean ini tidak ada hari ini. Periksa lagi nomor pada tiket Anda.",
			"There is no such queue number today. Please check the number on your ticket.")
	case api.CodeWrongCheck:
		return l.Pick("Kode cek tidak cocok dengan nomor ini. Periksa lagi 4 angka di bawah nomor pada tiket Anda.",
			"The check code does not match this number. Please check the 4 digits under the number on your ticket.")
	case api.CodeInvalidState:
		return l.Pick("Penilaian dapat diberikan setelah layanan Anda selesai.", "You can rate the service once it is finished.")
	case api.CodeConflict:
		return l.Pick("Tiket ini sudah memberi penilaian. Terima kasih!", "This ticket has already been rated. Thank you!")
	case api.CodeRateLimited:
		return l.Pick("Terlalu banyak percobaan. Pindai kode QR pada tiket, atau coba lagi nanti. ",
			"Too many tries. Scan the QR code on your ticket, or try again later. ") + k.whereToAsk()
	case api.CodeInvalidInput:
		return l.Pick("Nomor atau kode cek belum lengkap.", "The number or check code is incomplete.")
	}
	if retryable(err) {
		return l.Pick("Penilaian sedang tidak dapat dikirim dari kiosk ini. Silakan coba lagi sebentar lagi. ",
			"Ratings cannot be sent from this kiosk right now. Please try again in a moment. ") + k.whereToAsk()
	}
	return i18n.ErrorMessage(l, err)
}

// ---- home entry ---------------------------------------------------------

func (s *homeScreen) onRate() {
	s.k.navigate(&surveyNumberScreen{k: s.k, sv: &survey{}})
}

// surveyByTicketID checks a scanned ticket and, if it may be rated, goes
// straight to the first question.
func (k *Kiosk) surveyByTicketID(id string) {
	s, ok := k.current.(*surveyNumberScreen)
	if !ok {
		s = &surveyNumberScreen{k: k, sv: &survey{}}
		k.navigate(s)
	}
	k.startCheck(s, api.SurveyCheckRequest{TicketID: id})
}

// startCheck asks the server whether the ticket may be rated.
func (k *Kiosk) startCheck(from *surveyNumberScreen, req api.SurveyCheckRequest) {
	if k.checking != nil {
		return
	}
	ctx, cancel := context.WithTimeout(k.ctx, k.cfg.AttemptTimeout)
	c := &surveyCheck{sv: from.sv, cancel: cancel}
	k.checking = c
	from.setChecking(true)
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		chk, err := k.be.SurveyCheck(ctx, req)
		cancel()
		k.run(func() { k.checked(c, from, chk, err) })
	}()
}

func (k *Kiosk) checked(c *surveyCheck, from *surveyNumberScreen, chk api.SurveyCheck, err error) {
	if k.checking != c {
		return
	}
	k.checking = nil
	sv := c.sv
	if err == nil {
		sv.ticketID, sv.service, sv.agency = chk.TicketID, chk.ServiceName, chk.AgencyName
		sv.number = strings.ReplaceAll(chk.Number, "-", "")
		k.navigate(&surveyQuestionScreen{k: k, sv: sv, i: 0})
		return
	}
	from.checking = false
	from.msg = k.surveyError(err)
	switch api.CodeOf(err) {
	case api.CodeWrongCheck:
		sv.check = ""
		from.step = 1
	case api.CodeNotFound:
		sv.check = ""
		from.step = 0
	}
	if k.current == from {
		k.redraw()
	}
}

// ---- ticket number and check code --------------------------------------

type surveyNumberScreen struct {
	k        *Kiosk
	sv       *survey
	step     int    // 0: the number, 1: the check code
	msg      string // why the last check was refused
	checking bool
	Back     *Tile
	Next     *Tile
	Delete   *Tile
	Clear    *Tile
	Keys     map[rune]*Tile // letters and digits
	Field    *canvas.Text   // what was typed
	Hint     *textBlock     // what to type, and where it is on the ticket
	Banner   string
	Letters  []rune
}

func (s *surveyNumberScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }

func (s *surveyNumberScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	sub := l.Pick("Langkah 1 dari 2: nomor antrean", "Step 1 of 2: queue number")
	if s.step == 1 {
		sub = l.Pick("Langkah 2 dari 2: kode cek", "Step 2 of 2: check code")
	}
	header, back := k.header(l.Pick("Beri penilaian layanan", "Rate our service"), sub, s.onBack)
	s.Back = back
	s.Keys = map[rune]*Tile{}
	key := func(r rune) *Tile {
		t := newTile(stylePrimary, string(r), k.tap(func() { s.onKey(r) }))
		t.titleSize = sizeTitle
		s.Keys[r] = t
		return t
	}
	s.Delete = newTile(styleGhost, l.Pick("‹ Hapus", "‹ Delete"), k.tap(s.onDelete))
	s.Clear = newTile(styleGhost, l.Pick("Ulang", "Clear"), k.tap(s.onClear))
	s.Delete.titleSize, s.Clear.titleSize = sizeBody, sizeBody
	digits := []fyne.CanvasObject{key('1'), key('2'), key('3'), key('4'), key('5'), key('6'),
		key('7'), key('8'), key('9'), s.Clear, key('0'), s.Delete}
	dg := keyGrid{cols: 3, gap: k.px(14), maxH: k.px(160)}
	var pads fyne.CanvasObject
	if s.step == 0 {
		s.Letters = k.prefixLetters()
		var letters []fyne.CanvasObject
		for _, r := range s.Letters {
			letters = append(letters, key(r))
		}
		cols := max(4, min(7, (len(letters)+3)/4))
		lg := keyGrid{cols: cols, gap: k.px(14), maxH: k.px(160)}
		pads = container.New(padSplit{rows1: lg.rows(len(letters)), rows2: dg.rows(len(digits)), gap: k.px(28)},
			container.New(lg, letters...), container.New(dg, digits...))
	} else {
		s.Letters = nil
		pads = sized(k.px(760), 0, container.New(dg, digits...))
	}

	s.Field = label("", sizeClock, colorHeader, true)
	box := rect(colorGhost)
	box.StrokeColor = rect(colorOnGhost).FillColor
	box.StrokeWidth, box.CornerRadius = 3, k.px(14)
	field := container.NewStack(box, s.Field)
	s.Hint = txt("", sizeBody, colorText, true)
	top := container.New(&fieldLayout{h: k.px(150), gap: k.px(16)}, s.Hint, field)
	body := container.New(&flow{gap: k.px(20), grow: pads}, top, pads)

	next := l.Pick("Lanjut ›", "Next ›")
	if s.step == 1 {
		next = l.Pick("Periksa tiket ›", "Check ticket ›")
	}
	s.Next = newTile(styleAccent, next, k.tap(s.onNext))
	s.Next.SetMinSize(fyne.NewSize(k.px(520), k.px(minTouch+16)))
	s.Banner = s.msg
	s.refresh()
	return k.page(header, k.warnBanner(s.msg), body, sized(s.Next.MinSize().Width, s.Next.MinSize().Height, s.Next))
}

// fieldLayout puts the hint above the typed field (fixed height h).
type fieldLayout struct{ h, gap float32 }

func (f *fieldLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	hint, field := objs[0], objs[1]
	hh := max(0, size.Height-f.h-f.gap)
	hint.Move(fyne.NewPos(0, 0))
	hint.Resize(fyne.NewSize(size.Width, hh))
	field.Move(fyne.NewPos(0, size.Height-f.h))
	field.Resize(fyne.NewSize(size.Width, f.h))
}

func (f *fieldLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, f.h) }

// HeightForObjects is the hint's height at w plus the field.
func (f *fieldLayout) HeightForObjects(objs []fyne.CanvasObject, w float32) float32 {
	return wantHeight(objs[0], w) + f.gap + f.h
}

// refresh shows what was typed and what to do next.
func (s *surveyNumberScreen) refresh() {
	l := s.k.lang
	if s.step == 0 {
		setLabel(s.Field, s.sv.Number())
		hint := l.Pick("Ketik nomor antrean pada tiket Anda, misalnya A-001.", "Type the queue number on your ticket, e.g. A-001.")
		if s.k.cfg.Scanner {
			hint = l.Pick("Dekatkan kode QR tiket Anda ke pemindai, atau ketik nomor antrean pada tiket (misalnya A-001).",
				"Hold your ticket's QR code to the scanner, or type the queue number on your ticket (e.g. A-001).")
		}
		s.Hint.SetText(hint)
		s.Next.Enable()
		if !s.sv.valid() || s.checking {
			s.Next.Disable()
		}
		return
	}
	setLabel(s.Field, s.sv.Number()+"   "+s.sv.check+strings.Repeat("•", checkLen-len(s.sv.check)))
	s.Hint.SetText(l.Pick("Ketik kode cek: 4 angka yang tercetak di bawah nomor antrean pada tiket Anda.",
		"Type the check code: the 4 digits printed under the queue number on your ticket."))
	if s.checking {
		s.Hint.SetText(l.Pick("Memeriksa tiket Anda…", "Checking your ticket…"))
	}
	s.Next.Enable()
	if len(s.sv.check) != checkLen || s.checking {
		s.Next.Disable()
	}
}

func (s *surveyNumberScreen) setChecking(on bool) {
	s.checking = on
	if s.k.current == s {
		s.refresh()
	}
}

// Typed is the number as the field shows it ("" when empty).
func (s *surveyNumberScreen) Typed() string { return s.sv.Number() }

// Step is 0 on the number, 1 on the check code.
func (s *surveyNumberScreen) Step() int { return s.step }

// typeable reports whether a key typed on a keyboard means something here.
func (s *surveyNumberScreen) typeable(r rune) bool {
	if s.step == 1 {
		return unicode.IsDigit(r)
	}
	return unicode.IsDigit(r) || (unicode.IsLetter(r) && r < 0x80)
}

func (s *surveyNumberScreen) onKey(r rune) {
	if s.checking {
		return
	}
	if s.step == 0 {
		s.sv.press(r)
	} else if unicode.IsDigit(r) && len(s.sv.check) < checkLen {
		s.sv.check += string(r)
	}
	s.refresh()
}

func (s *surveyNumberScreen) onDelete() {
	if s.step == 0 {
		s.sv.backspace()
	} else if s.sv.check != "" {
		s.sv.check = s.sv.check[:len(s.sv.check)-1]
	}
	s.refresh()
}

func (s *surveyNumberScreen) onClear() {
	if s.step == 0 {
		s.sv.number = ""
	} else {
		s.sv.check = ""
	}
	s.refresh()
}

func (s *surveyNumberScreen) onBack() {
	if s.step == 1 {
		s.step, s.msg = 0, ""
		s.k.redraw()
		return
	}
	s.k.goHome()
}

func (s *surveyNumberScreen) onNext() {
	if s.checking {
		return
	}
	if s.step == 0 {
		if !s.sv.valid() {
			return
		}
		s.step, s.msg = 1, ""
		s.k.redraw()
		return
	}
	if len(s.sv.check) != checkLen {
		return
	}
	s.msg = ""
	s.k.startCheck(s, api.SurveyCheckRequest{Number: s.sv.Number(), Check: s.sv.check})
}

// ---- one question -------------------------------------------------------

type surveyQuestionScreen struct {
	k        *Kiosk
	sv       *survey
	i        int // question index 0…8
	Back     *Tile
	Choices  [4]*Tile // scores 1…4
	Progress *canvas.Text
	Question *textBlock
}

func (s *surveyQuestionScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }

func (s *surveyQuestionScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	sub := l.Pick("Nomor ", "Number ") + s.sv.Number()
	if s.sv.service != "" {
		sub += " · " + s.sv.service
	}
	header, back := k.header(l.Pick("Penilaian layanan", "Rate our service"), sub, s.onBack)
	s.Back = back
	q := skmQuestions[s.i]
	s.Progress = label(fmt.Sprintf(l.Pick("Pertanyaan %d dari %d", "Question %d of %d"), s.i+1, len(skmQuestions)), sizeBody, colorMuted, true)
	s.Question = txt(q.text(l), sizeTitle, colorHeader, true)
	var tiles []fyne.CanvasObject
	for score := 1; score <= 4; score++ {
		style := stylePrimary
		if s.sv.answers[s.i] == score {
			style = styleAccent // the answer given before Back
		}
		t := newTile(style, q.answer(l, score), k.tap(func() { s.onAnswer(score) }))
		t.titleSize = sizeTitle
		s.Choices[score-1] = t
		tiles = append(tiles, t)
	}
	answers := container.New(grid{cols: func(sz fyne.Size) int {
		if sz.Width >= k.px(1500) {
			return 4
		}
		return 2
	}, gap: k.px(20), maxH: k.px(240)}, tiles...)
	body := container.New(&flow{gap: k.px(20), grow: answers}, s.Progress, s.Question, answers)
	return k.page(header, nil, body, nil)
}

// Selected is the score already given to this question (0 = none).
func (s *surveyQuestionScreen) Selected() int { return s.sv.answers[s.i] }

func (s *surveyQuestionScreen) onAnswer(score int) {
	s.sv.answers[s.i] = score
	if s.i+1 < len(skmQuestions) {
		s.k.navigate(&surveyQuestionScreen{k: s.k, sv: s.sv, i: s.i + 1})
		return
	}
	s.k.navigate(&surveyProfileScreen{k: s.k, sv: s.sv}) // optional, skippable
}

func (s *surveyQuestionScreen) onBack() {
	if s.i == 0 {
		s.k.navigate(&surveyNumberScreen{k: s.k, sv: &survey{}})
		return
	}
	s.k.navigate(&surveyQuestionScreen{k: s.k, sv: s.sv, i: s.i - 1})
}

// ---- comment and send ---------------------------------------------------

type surveyCommentScreen struct {
	k       *Kiosk
	sv      *survey
	msg     string // why the last send failed (server down …)
	sending bool
	Back    *Tile
	Skip    *Tile
	Send    *Tile
	Comment *widget.Entry
	Keys    map[rune]*Tile // the on-screen keyboard; ' ' is space
	Erase   *Tile
	Status  *textBlock
	Banner  string
}

// keyboard is a small on-screen QWERTY for the comment: a kiosk has no
// physical keyboard (the Entry still takes one where there is).
func (s *surveyCommentScreen) keyboard() fyne.CanvasObject {
	k := s.k
	s.Keys = map[rune]*Tile{}
	var objs []fyne.CanvasObject
	var weights []float32
	key := func(r rune, title string, w float32) {
		t := newTile(stylePrimary, title, k.tap(func() { s.onKey(r) }))
		t.titleSize = sizeBody
		s.Keys[r] = t
		objs, weights = append(objs, t), append(weights, w)
	}
	for _, row := range []string{"QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM,."} {
		for _, r := range row {
			key(r, string(r), 1)
		}
	}
	key(' ', k.lang.Pick("Spasi", "Space"), 6)
	s.Erase = newTile(styleGhost, k.lang.Pick("‹ Hapus", "‹ Delete"), k.tap(s.onErase))
	s.Erase.titleSize = sizeBody
	objs, weights = append(objs, s.Erase), append(weights, 3)
	return container.New(kbdLayout{rows: []int{10, 9, 9, 2}, weights: weights, gap: k.px(10), maxH: k.px(110)}, objs...)
}

func (s *surveyCommentScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }

func (s *surveyCommentScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(l.Pick("Saran dan masukan", "Comments and suggestions"),
		l.Pick("Tidak wajib diisi", "Optional"), s.onBack)
	s.Back = back
	prompt := txt(l.Pick("Ada saran untuk kami? Tulis di sini, atau langsung kirim.",
		"Any suggestion for us? Write it here, or just send."), sizeBody, colorText, true)
	s.Comment = widget.NewMultiLineEntry()
	s.Comment.Wrapping = fyne.TextWrapWord
	s.Comment.SetMinRowsVisible(2)
	s.Comment.SetPlaceHolder(l.Pick("Saran Anda (boleh dikosongkan)", "Your suggestion (may be left empty)"))
	s.Comment.SetText(s.sv.comment)
	s.Comment.OnChanged = s.onComment
	s.Status = txt("", sizeBody, colorMuted, true)
	s.Skip = newTile(styleGhost, l.Pick("Kirim tanpa saran", "Send without comment"), k.tap(s.onSkip))
	s.Send = newTile(styleAccent, l.Pick("Kirim penilaian", "Send rating"), k.tap(s.onSend))
	bh := k.px(minTouch + 16)
	buttons := container.New(grid{cols: func(fyne.Size) int { return 2 }, gap: k.px(24), maxH: bh}, s.Skip, s.Send)
	s.Banner = s.msg
	kbd := s.keyboard()
	body := container.New(&flow{gap: k.px(16), grow: kbd}, prompt, s.Comment, kbd, s.Status)
	s.setSending(s.sending)
	return k.page(header, k.warnBanner(s.msg), body, sized(k.px(1000), bh, buttons))
}

// onComment keeps the text within the server's limit; typing on a
// physical keyboard counts as activity like a tap.
func (s *surveyCommentScreen) onComment(v string) {
	if r := []rune(v); len(r) > api.SurveyMaxComment {
		s.Comment.SetText(string(r[:api.SurveyMaxComment]))
		return
	}
	s.sv.comment = v
	s.k.touch()
}

// onKey types one character: lower case, with a capital to start the
// comment and each sentence.
func (s *surveyCommentScreen) onKey(r rune) {
	v := strings.TrimRight(s.Comment.Text, " ")
	if unicode.IsLetter(r) && !(v == "" || strings.HasSuffix(v, ".")) {
		r = unicode.ToLower(r)
	}
	s.Comment.SetText(s.Comment.Text + string(r))
}

func (s *surveyCommentScreen) onErase() {
	if r := []rune(s.Comment.Text); len(r) > 0 {
		s.Comment.SetText(string(r[:len(r)-1]))
	}
}

func (s *surveyCommentScreen) setSending(on bool) {
	s.sending = on
	set := func(t *Tile) {
		if on {
			t.Disable()
		} else {
			t.Enable()
		}
	}
	if on {
		s.Status.SetText(s.k.lang.Pick("Mengirim penilaian…", "Sending your rating…"))
		s.Comment.Disable()
	} else {
		s.Status.SetText("")
		s.Comment.Enable()
	}
	for _, t := range append([]*Tile{s.Send, s.Skip, s.Back, s.Erase}, mapTiles(s.Keys)...) {
		set(t)
	}
}

func mapTiles(m map[rune]*Tile) []*Tile {
	var out []*Tile
	for _, t := range m {
		out = append(out, t)
	}
	return out
}

func (s *surveyCommentScreen) onBack() {
	s.k.navigate(&surveyProfileScreen{k: s.k, sv: s.sv})
}

func (s *surveyCommentScreen) onSkip() {
	s.sv.comment = ""
	s.k.sendSurvey(s)
}

func (s *surveyCommentScreen) onSend() { s.k.sendSurvey(s) }

// sendSurvey posts the answers once (no automatic retry: the server would
// answer a repeat with "already rated", and the citizen can tap again).
func (k *Kiosk) sendSurvey(from *surveyCommentScreen) {
	if k.surveying != nil || !from.sv.complete() || from.sv.ticketID == "" {
		return
	}
	sv := from.sv
	ctx, cancel := context.WithTimeout(k.ctx, k.cfg.AttemptTimeout)
	send := &surveySend{sv: sv, from: from, cancel: cancel}
	k.surveying = send
	from.setSending(true)
	req := sv.request()
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		rc, err := k.be.SubmitSurveyByNumber(ctx, req)
		cancel()
		k.run(func() { k.surveySent(send, rc, err) })
	}()
}

// surveySent shows the outcome, unless the citizen walked away meanwhile.
func (k *Kiosk) surveySent(send *surveySend, _ api.SurveyReceipt, err error) {
	if k.surveying != send {
		return
	}
	k.surveying = nil
	switch {
	case err == nil:
		k.navigate(&surveyThanksScreen{k: k})
	case api.CodeOf(err) == api.CodeConflict:
		// Rated meanwhile (from the phone, another kiosk): nothing to fix.
		k.navigate(&surveyThanksScreen{k: k, already: true})
	default:
		from := send.from
		from.msg = k.surveyError(err)
		from.sending = false
		if k.current == from {
			k.redraw()
		}
	}
}

// ---- thanks -------------------------------------------------------------

type surveyThanksScreen struct {
	k       *Kiosk
	already bool
	Done    *Tile
	Message *textBlock
}

func (s *surveyThanksScreen) timeout() time.Duration { return s.k.cfg.TicketTimeout }
func (s *surveyThanksScreen) unattended()            {}

func (s *surveyThanksScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, _ := k.header(l.Pick("Beri penilaian layanan", "Rate our service"), "", k.goHome)
	msg := l.Pick("Terima kasih atas penilaian Anda", "Thank you for your rating")
	if s.already {
		msg = l.Pick("Tiket ini sudah memberi penilaian. Terima kasih!", "This ticket has already been rated. Thank you!")
	}
	s.Message = txt(msg, sizeTitle, colorHeader, true)
	more := txt(l.Pick("Penilaian Anda membantu kami memperbaiki pelayanan", "Your rating helps us improve our service"), sizeBody, colorMuted, false)
	s.Done = newTile(styleAccent, l.Pick("Selesai", "Done"), k.tap(k.goHome))
	s.Done.SetMinSize(fyne.NewSize(k.px(420), k.px(minTouch+16)))
	return k.page(header, nil, vflow(k.px(40), s.Message, more, sized(s.Done.MinSize().Width, s.Done.MinSize().Height, s.Done)), nil)
}

// ---- layouts ------------------------------------------------------------

// keyGrid fills its area with equal keys, cols across, no taller than
// maxH.
type keyGrid struct {
	cols      int
	gap, maxH float32
}

func (g keyGrid) rows(n int) int { return max(1, (n+g.cols-1)/g.cols) }

func (g keyGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	rows := g.rows(len(objs))
	cw := (size.Width - g.gap*float32(g.cols-1)) / float32(g.cols)
	ch := (size.Height - g.gap*float32(rows-1)) / float32(rows)
	ch = min(ch, g.maxH) // keys, not towers, when the area is tall
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i%g.cols)*(cw+g.gap), float32(i/g.cols)*(ch+g.gap)))
		o.Resize(fyne.NewSize(cw, ch))
	}
}

func (g keyGrid) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }

// kbdLayout lays keys out in rows of rows[i] keys, each as wide as its
// weight in units of a tenth of the width, rows centred.
type kbdLayout struct {
	rows      []int
	weights   []float32
	gap, maxH float32
}

func (l kbdLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := float32(len(l.rows))
	h := min(l.maxH, (size.Height-l.gap*(n-1))/n)
	unit := (size.Width + l.gap) / 10
	i := 0
	for r, count := range l.rows {
		var w float32
		for j := i; j < i+count && j < len(objs); j++ {
			w += unit * l.weights[j]
		}
		x := (size.Width - (w - l.gap)) / 2
		for j := i; j < i+count && j < len(objs); j++ {
			kw := unit*l.weights[j] - l.gap
			objs[j].Move(fyne.NewPos(x, float32(r)*(h+l.gap)))
			objs[j].Resize(fyne.NewSize(kw, h))
			x += kw + l.gap
		}
		i += count
	}
}

func (l kbdLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }

// padSplit puts the letter keys beside the digits when the area is wide
// and above them otherwise, sharing the height by rows so the keys of both
// pads are the same size.
type padSplit struct {
	rows1, rows2 int
	gap          float32
}

func (p padSplit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	if size.Width >= size.Height {
		split{ratio: 0.6, gap: p.gap}.Layout(objs, size)
		return
	}
	h1 := (size.Height - p.gap) * float32(p.rows1) / float32(p.rows1+p.rows2)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h1))
	objs[1].Move(fyne.NewPos(0, h1+p.gap))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-h1-p.gap))
}

func (p padSplit) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }
