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

// The SKM survey (Survei Kepuasan Masyarakat): ticket number on a keypad →
// nine questions, one per screen → optional comment → thanks. The number is
// checked by the server only on submit (the kiosk cannot look a number up),
// so a wrong number returns to the keypad with the answers kept.

// maxNumberLen bounds what the keypad accepts ("ABC-0001" is 7 keys).
const maxNumberLen = 8

// survey is one citizen's answers while they move between screens.
type survey struct {
	number  string // letters then digits, as typed, without the dash
	answers [len(api.SKMElements)]int
	comment string
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

// surveySend is the one survey request in flight.
type surveySend struct {
	sv     *survey
	from   *surveyCommentScreen
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

// answerLabel is the wording of score 1…4 (PermenPANRB 14/2017).
func answerLabel(l i18n.Lang, score int) string {
	switch score {
	case 1:
		return l.Pick("Tidak baik", "Poor")
	case 2:
		return l.Pick("Kurang baik", "Fair")
	case 3:
		return l.Pick("Baik", "Good")
	}
	return l.Pick("Sangat baik", "Very good")
}

func elementName(l i18n.Lang, i int) string {
	return l.Pick(api.SKMElements[i], api.SKMElementsEN[i])
}

// surveyError words the answers a citizen can act on more plainly than
// the generic messages.
func surveyError(l i18n.Lang, err error) string {
	switch api.CodeOf(err) {
	case api.CodeNotFound:
		return l.Pick("Nomor antrean tidak ditemukan hari ini", "This queue number was not found today")
	case api.CodeInvalidState:
		return l.Pick("Penilaian dapat diberikan setelah layanan selesai", "You can rate the service once it is finished")
	case api.CodeConflict:
		return l.Pick("Nomor ini sudah memberi penilaian. Terima kasih!", "This number has already been rated. Thank you!")
	case api.CodeUnavailable:
		return l.Pick("Server tidak dapat dihubungi. Silakan coba lagi atau hubungi petugas.",
			"The server cannot be reached. Please try again or ask an officer.")
	}
	return i18n.ErrorMessage(l, err)
}

// numberProblem: the answer is about the number, so the keypad is where
// the citizen can do something about it.
func numberProblem(err error) bool {
	switch api.CodeOf(err) {
	case api.CodeNotFound, api.CodeInvalidState, api.CodeConflict:
		return true
	}
	return false
}

// ---- home entry ---------------------------------------------------------

func (s *homeScreen) onRate() {
	s.k.navigate(&surveyNumberScreen{k: s.k, sv: &survey{}})
}

// ---- ticket number ------------------------------------------------------

type surveyNumberScreen struct {
	k       *Kiosk
	sv      *survey
	msg     string // why the last submit was refused
	Back    *Tile
	Next    *Tile
	Delete  *Tile
	Clear   *Tile
	Keys    map[rune]*Tile // letters and digits
	Number  *canvas.Text
	Hint    *canvas.Text // the example shown while the field is empty
	Banner  string
	Letters []rune
}

func (s *surveyNumberScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }

func (s *surveyNumberScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(l.Pick("Beri penilaian layanan", "Rate our service"),
		l.Pick("Ketik nomor antrean pada tiket Anda", "Type the queue number on your ticket"), k.goHome)
	s.Back = back
	s.Keys = map[rune]*Tile{}
	key := func(r rune) *Tile {
		t := newTile(stylePrimary, string(r), k.tap(func() { s.onKey(r) }))
		t.titleSize = sizeTitle
		s.Keys[r] = t
		return t
	}
	s.Letters = k.prefixLetters()
	var letters []fyne.CanvasObject
	for _, r := range s.Letters {
		letters = append(letters, key(r))
	}
	s.Delete = newTile(styleGhost, l.Pick("‹ Hapus", "‹ Delete"), k.tap(s.onDelete))
	s.Clear = newTile(styleGhost, l.Pick("Ulang", "Clear"), k.tap(s.onClear))
	digits := []fyne.CanvasObject{key('1'), key('2'), key('3'), key('4'), key('5'), key('6'),
		key('7'), key('8'), key('9'), s.Clear, key('0'), s.Delete}
	cols := max(4, min(7, (len(letters)+3)/4))
	lg, dg := keyGrid{cols: cols}, keyGrid{cols: 3}
	pads := container.New(padSplit{lg.rows(len(letters)), dg.rows(len(digits))},
		container.New(lg, letters...), container.New(dg, digits...))

	s.Number = label("", sizeClock, colorHeader, true)
	s.Hint = label(l.Pick("Contoh: A-001", "For example: A-001"), sizeTitle, colorMuted, false)
	box := rect(colorGhost)
	box.StrokeColor = rect(colorOnGhost).FillColor
	box.StrokeWidth, box.CornerRadius = 3, 14
	field := withHeight(150, container.NewStack(box, container.NewCenter(s.Number), container.NewCenter(s.Hint)))
	body := container.NewBorder(field, nil, nil, nil, margins(pads, 20, 0))

	s.Next = newTile(styleAccent, l.Pick("Lanjut ›", "Next ›"), k.tap(s.onNext))
	s.Next.SetMinSize(fyne.NewSize(480, minTouch+16))
	s.Banner = s.msg
	s.refresh()
	return k.page(header, warnBanner(s.msg), body, container.NewCenter(s.Next))
}

// refresh shows the typed number (an example when empty).
func (s *surveyNumberScreen) refresh() {
	n := s.sv.Number()
	setLabel(s.Number, n)
	if n == "" {
		s.Hint.Show()
	} else {
		s.Hint.Hide()
	}
	if s.sv.valid() {
		s.Next.Enable()
	} else {
		s.Next.Disable()
	}
}

// Typed is the number as the field shows it ("" when empty).
func (s *surveyNumberScreen) Typed() string { return s.sv.Number() }

func (s *surveyNumberScreen) onKey(r rune) { s.sv.press(r); s.refresh() }
func (s *surveyNumberScreen) onDelete()    { s.sv.backspace(); s.refresh() }
func (s *surveyNumberScreen) onClear()     { s.sv.number = ""; s.refresh() }

func (s *surveyNumberScreen) onNext() {
	if !s.sv.valid() {
		return
	}
	if s.sv.complete() {
		// Back here after the server refused the number: the answers are
		// kept, so a corrected number goes straight to sending.
		s.k.navigate(&surveyCommentScreen{k: s.k, sv: s.sv})
		return
	}
	s.k.navigate(&surveyQuestionScreen{k: s.k, sv: s.sv, i: 0})
}

// ---- one question -------------------------------------------------------

type surveyQuestionScreen struct {
	k        *Kiosk
	sv       *survey
	i        int // element index 0…8
	Back     *Tile
	Choices  [4]*Tile // scores 1…4
	Progress *canvas.Text
	Element  *widget.RichText
}

func (s *surveyQuestionScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }

func (s *surveyQuestionScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(l.Pick("Penilaian layanan", "Rate our service"),
		l.Pick("Nomor antrean ", "Queue number ")+s.sv.Number(), s.onBack)
	s.Back = back
	n := len(api.SKMElements)
	s.Progress = label(fmt.Sprintf("%d / %d", s.i+1, n), sizeTitle, colorMuted, true)
	prompt := text(l.Pick("Bagaimana pendapat Anda tentang", "How do you rate"), sizeBody, colorText, false)
	s.Element = text(elementName(l, s.i), sizeTitle, colorHeader, true)
	var tiles []fyne.CanvasObject
	for score := 1; score <= 4; score++ {
		style := stylePrimary
		if s.sv.answers[s.i] == score {
			style = styleAccent // the answer given before Back
		}
		t := newTile(style, answerLabel(l, score), k.tap(func() { s.onAnswer(score) }))
		t.titleSize = sizeTitle
		t.Sub = fmt.Sprint(score)
		s.Choices[score-1] = t
		tiles = append(tiles, t)
	}
	top := vcol(16, s.Progress, prompt, s.Element)
	body := container.New(questionLayout{}, top, container.New(answerGrid{}, tiles...))
	return k.page(header, nil, body, nil)
}

// Selected is the score already given to this element (0 = none).
func (s *surveyQuestionScreen) Selected() int { return s.sv.answers[s.i] }

func (s *surveyQuestionScreen) onAnswer(score int) {
	s.sv.answers[s.i] = score
	if s.i+1 < len(api.SKMElements) {
		s.k.navigate(&surveyQuestionScreen{k: s.k, sv: s.sv, i: s.i + 1})
		return
	}
	s.k.navigate(&surveyCommentScreen{k: s.k, sv: s.sv})
}

func (s *surveyQuestionScreen) onBack() {
	if s.i == 0 {
		s.k.navigate(&surveyNumberScreen{k: s.k, sv: s.sv})
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
	Status  *widget.RichText
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
	objs, weights = append(objs, s.Erase), append(weights, 3)
	return container.New(kbdLayout{rows: []int{10, 9, 9, 2}, weights: weights}, objs...)
}

func (s *surveyCommentScreen) timeout() time.Duration { return s.k.cfg.IdleTimeout }

func (s *surveyCommentScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, back := k.header(l.Pick("Saran dan masukan", "Comments and suggestions"),
		l.Pick("Tidak wajib diisi", "Optional"), s.onBack)
	s.Back = back
	prompt := text(l.Pick("Ada saran untuk kami? Tulis di sini, atau langsung kirim.",
		"Any suggestion for us? Write it here, or just send."), sizeBody, colorText, true)
	s.Comment = widget.NewMultiLineEntry()
	s.Comment.Wrapping = fyne.TextWrapWord
	s.Comment.SetMinRowsVisible(3)
	s.Comment.SetPlaceHolder(l.Pick("Saran Anda (boleh dikosongkan)", "Your suggestion (may be left empty)"))
	s.Comment.SetText(s.sv.comment)
	s.Comment.OnChanged = s.onComment
	s.Status = text("", sizeBody, colorMuted, true)
	s.Skip = newTile(styleGhost, l.Pick("Kirim tanpa saran", "Send without comment"), k.tap(s.onSkip))
	s.Skip.SetMinSize(fyne.NewSize(440, minTouch+16))
	s.Send = newTile(styleAccent, l.Pick("Kirim penilaian", "Send rating"), k.tap(s.onSend))
	s.Send.SetMinSize(fyne.NewSize(440, minTouch+16))
	s.Banner = s.msg
	body := vcol(20, prompt, s.Comment, s.keyboard(), s.Status)
	s.setSending(s.sending)
	footer := container.NewCenter(container.NewHBox(s.Skip, widget.NewLabel(" "), s.Send))
	return k.page(header, warnBanner(s.msg), body, footer)
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
	if on {
		setText(s.Status, s.k.lang.Pick("Mengirim penilaian…", "Sending your rating…"))
		s.Send.Disable()
		s.Skip.Disable()
		s.Back.Disable()
		s.Comment.Disable()
		for _, t := range s.Keys {
			t.Disable()
		}
		s.Erase.Disable()
		return
	}
	setText(s.Status, "")
	s.Send.Enable()
	s.Skip.Enable()
	s.Back.Enable()
	s.Comment.Enable()
	for _, t := range s.Keys {
		t.Enable()
	}
	s.Erase.Enable()
}

func (s *surveyCommentScreen) onBack() {
	s.k.navigate(&surveyQuestionScreen{k: s.k, sv: s.sv, i: len(api.SKMElements) - 1})
}

func (s *surveyCommentScreen) onSkip() {
	s.sv.comment = ""
	s.k.sendSurvey(s)
}

func (s *surveyCommentScreen) onSend() { s.k.sendSurvey(s) }

// sendSurvey posts the answers once (no automatic retry: the server would
// answer a repeat with "already rated", and the citizen can tap again).
func (k *Kiosk) sendSurvey(from *surveyCommentScreen) {
	if k.surveying != nil || !from.sv.complete() {
		return
	}
	sv := from.sv
	ctx, cancel := context.WithTimeout(k.ctx, k.cfg.AttemptTimeout)
	send := &surveySend{sv: sv, from: from, cancel: cancel}
	k.surveying = send
	from.setSending(true)
	req := api.KioskSurveyRequest{Number: sv.Number(), Answers: append([]int(nil), sv.answers[:]...),
		Comment: strings.TrimSpace(sv.comment)}
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
	case numberProblem(err):
		k.navigate(&surveyNumberScreen{k: k, sv: send.sv, msg: surveyError(k.lang, err)})
	default:
		from := send.from
		from.msg = surveyError(k.lang, err)
		from.sending = false
		if k.current == from {
			k.redraw()
		}
	}
}

// ---- thanks -------------------------------------------------------------

type surveyThanksScreen struct {
	k       *Kiosk
	Done    *Tile
	Message *widget.RichText
}

func (s *surveyThanksScreen) timeout() time.Duration { return s.k.cfg.TicketTimeout }

func (s *surveyThanksScreen) build() fyne.CanvasObject {
	k := s.k
	l := k.lang
	header, _ := k.header(l.Pick("Beri penilaian layanan", "Rate our service"), "", k.goHome)
	s.Message = text(l.Pick("Terima kasih atas penilaian Anda", "Thank you for your rating"), sizeTitle, colorHeader, true)
	more := text(l.Pick("Penilaian Anda membantu kami memperbaiki pelayanan", "Your rating helps us improve our service"), sizeBody, colorMuted, false)
	s.Done = newTile(styleAccent, l.Pick("Selesai", "Done"), k.tap(k.goHome))
	s.Done.SetMinSize(fyne.NewSize(420, minTouch+16))
	return k.page(header, nil, vcol(40, s.Message, more, container.NewCenter(s.Done)), nil)
}

// ---- layouts ------------------------------------------------------------

// keyGrid fills its area with equal keys, cols across.
type keyGrid struct{ cols int }

const keyGap = 14

func (g keyGrid) rows(n int) int { return max(1, (n+g.cols-1)/g.cols) }

func (g keyGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	rows := g.rows(len(objs))
	cw := (size.Width - keyGap*float32(g.cols-1)) / float32(g.cols)
	ch := (size.Height - keyGap*float32(rows-1)) / float32(rows)
	ch = min(ch, 160) // keys, not towers, when the area is tall
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i%g.cols)*(cw+keyGap), float32(i/g.cols)*(ch+keyGap)))
		o.Resize(fyne.NewSize(cw, ch))
	}
}

func (g keyGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	rows := g.rows(len(objs))
	return fyne.NewSize(float32(g.cols)*100+keyGap*float32(g.cols-1), float32(rows)*minTouch+keyGap*float32(rows-1))
}

// kbdLayout lays keys out in rows of rows[i] keys, each as wide as its
// weight in units of a tenth of the width, rows centred.
type kbdLayout struct {
	rows    []int
	weights []float32
}

const kbdGap = 10

func (l kbdLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := float32(len(l.rows))
	h := min(110, (size.Height-kbdGap*(n-1))/n)
	unit := (size.Width + kbdGap) / 10
	i := 0
	for r, count := range l.rows {
		var w float32
		for j := i; j < i+count && j < len(objs); j++ {
			w += unit * l.weights[j]
		}
		x := (size.Width - (w - kbdGap)) / 2
		for j := i; j < i+count && j < len(objs); j++ {
			kw := unit*l.weights[j] - kbdGap
			objs[j].Move(fyne.NewPos(x, float32(r)*(h+kbdGap)))
			objs[j].Resize(fyne.NewSize(kw, h))
			x += kw + kbdGap
		}
		i += count
	}
}

func (l kbdLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	n := float32(len(l.rows))
	return fyne.NewSize(10*70, n*minTouch+(n-1)*kbdGap)
}

// padSplit puts the letter keys beside the digits when the area is wide
// and above them otherwise, sharing the height by rows so the keys of both
// pads are the same size.
type padSplit struct{ rows1, rows2 int }

func (p padSplit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	if size.Width >= size.Height {
		split{ratio: 0.6}.Layout(objs, size)
		return
	}
	h1 := (size.Height - gap) * float32(p.rows1) / float32(p.rows1+p.rows2)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h1))
	objs[1].Move(fyne.NewPos(0, h1+gap))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-h1-gap))
}

func (p padSplit) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return split{}.MinSize(objs)
}

// questionTop is the height of the question (position, prompt and an
// element name of up to two lines).
const questionTop = 300

// questionLayout keeps the question and its answers together, the pair
// centred on the screen: objs are the question and the answerGrid.
type questionLayout struct{}

func (questionLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	const between = 40
	gh := min(answerGrid{}.height(size.Width), max(size.Height-questionTop-between, 2*minTouch+gap))
	y := max(0, (size.Height-questionTop-between-gh)/2)
	objs[0].Move(fyne.NewPos(0, y))
	objs[0].Resize(fyne.NewSize(size.Width, questionTop))
	objs[1].Move(fyne.NewPos(0, y+questionTop+between))
	objs[1].Resize(fyne.NewSize(size.Width, gh))
}

func (questionLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(answerGrid{}.MinSize(nil).Width, questionTop+40+answerGrid{}.MinSize(nil).Height)
}

// answerGrid puts the four answers in one row when the screen is wide
// and in two rows of two otherwise, never taller than a hand.
type answerGrid struct{}

func (answerGrid) cols(width float32) int {
	if width >= 1400 {
		return 4
	}
	return 2
}

const answerHeight = 260

// height is what the grid wants at a width: one or two rows of answers.
func (g answerGrid) height(width float32) float32 {
	rows := 4 / g.cols(width)
	return answerHeight*float32(rows) + gap*float32(rows-1)
}

func (g answerGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	cols := g.cols(size.Width)
	rows := (len(objs) + cols - 1) / cols
	cw := (size.Width - gap*float32(cols-1)) / float32(cols)
	ch := min(answerHeight, (size.Height-gap*float32(rows-1))/float32(rows))
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i%cols)*(cw+gap), float32(i/cols)*(ch+gap)))
		o.Resize(fyne.NewSize(cw, ch))
	}
}

func (answerGrid) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(2*300+gap, 2*minTouch+gap)
}
