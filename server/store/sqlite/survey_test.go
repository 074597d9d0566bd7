package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"antrean/server/servertest"
	"antrean/shared/api"
)

// A ticket from before check codes (migration 3 gives it ”) cannot be
// rated by number with any code, nor with an empty one; its QR code
// (ticket id) still works.
func TestTicketWithoutCheckCodeRatedOnlyByID(t *testing.T) {
	s := servertest.Start(t)
	ctx := context.Background()
	tk := s.ServedTicket("ktp-el")
	s.Stop()
	db, err := sql.Open("sqlite", "file:"+s.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE tickets SET check_code = '' WHERE id = ?`, tk.ID); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s.Restart()
	k := s.Kiosk()
	for _, check := range []string{"", "0000", "1234", " "} {
		_, err := k.SurveyCheck(ctx, api.SurveyCheckRequest{Number: tk.Number, Check: check})
		if c := api.CodeOf(err); c != api.CodeWrongCheck && c != api.CodeInvalidInput {
			t.Fatalf("check %q on a ticket without code: %v", check, err)
		}
	}
	if got, err := k.Ticket(ctx, tk.ID); err != nil || got.CheckCode != "" {
		t.Fatalf("old ticket read back: %+v %v", got, err)
	}
	if _, err := k.SubmitSurveyByNumber(ctx, api.KioskSurveyRequest{TicketID: tk.ID, Answers: []int{4, 4, 4, 4, 4, 4, 4, 4, 4}}); err != nil {
		t.Fatalf("by id: %v", err)
	}
}
