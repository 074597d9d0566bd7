package ui

import "antrean/shared/i18n"

// question is one SKM question in plain words, with the four answers a
// citizen chooses from (worst to best, scores 1…4). Element is the index
// of the official element (api.SKMElements) it measures: reports keep the
// regulation's names, citizens read these.
type question struct {
	element   int
	id, en    string
	answersID [4]string
	answersEN [4]string
}

// skmQuestions follow the questionnaire of PermenPANRB 14/2017 (its annex
// words each element's answers separately), reworded for a kiosk.
var skmQuestions = [9]question{
	{0, "Apakah syarat yang diminta sesuai dengan yang diumumkan?",
		"Were the documents asked for the same as announced?",
		[4]string{"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"},
		[4]string{"Not at all", "Not quite", "Yes", "Exactly"}},
	{1, "Apakah cara dan alur pelayanannya mudah diikuti?",
		"Were the steps of the service easy to follow?",
		[4]string{"Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"},
		[4]string{"Not easy", "Not very easy", "Easy", "Very easy"}},
	{2, "Apakah layanan Anda selesai dengan cepat?",
		"Was your service done quickly?",
		[4]string{"Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"},
		[4]string{"Not quick", "Not very quick", "Quick", "Very quick"}},
	{3, "Bagaimana biaya yang Anda bayar untuk layanan ini?",
		"What did this service cost you?",
		[4]string{"Sangat mahal", "Cukup mahal", "Murah", "Gratis"},
		[4]string{"Very expensive", "Rather expensive", "Cheap", "Free"}},
	{4, "Apakah hasil layanan (surat, kartu, izin) sesuai dengan yang dijanjikan?",
		"Was the result (letter, card, permit) what was promised?",
		[4]string{"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"},
		[4]string{"Not at all", "Not quite", "Yes", "Exactly"}},
	{5, "Apakah petugas memahami pekerjaannya?",
		"Did the officer know the job?",
		[4]string{"Tidak paham", "Kurang paham", "Paham", "Sangat paham"},
		[4]string{"No", "Not really", "Yes", "Very well"}},
	{6, "Apakah petugas sopan dan ramah?",
		"Was the officer polite and friendly?",
		[4]string{"Tidak sopan", "Kurang sopan", "Sopan dan ramah", "Sangat sopan dan ramah"},
		[4]string{"Not polite", "Not very polite", "Polite and friendly", "Very polite and friendly"}},
	{7, "Bisakah Anda menyampaikan keluhan atau saran di sini, dan apakah ditanggapi?",
		"Can you make a complaint or suggestion here, and is it answered?",
		[4]string{"Tidak ada tempatnya", "Ada, tapi tidak ditanggapi", "Ada, kurang ditanggapi", "Ada, ditanggapi dengan baik"},
		[4]string{"There is no way to", "Yes, but nobody answers", "Yes, answered a little", "Yes, answered well"}},
	{8, "Bagaimana ruang tunggu dan fasilitas di sini?",
		"How are the waiting room and facilities here?",
		[4]string{"Buruk", "Cukup", "Baik", "Sangat baik"},
		[4]string{"Poor", "Fair", "Good", "Very good"}},
}

func (q question) text(l i18n.Lang) string { return l.Pick(q.id, q.en) }

func (q question) answer(l i18n.Lang, score int) string {
	return l.Pick(q.answersID[score-1], q.answersEN[score-1])
}
