package voicepack

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"

	"antrean/shared/speech"
)

func at(hhmm string) time.Time {
	jkt := time.FixedZone("WIB", 7*3600)
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-03-02 "+hhmm, jkt)
	if err != nil {
		panic(err)
	}
	return t
}

func cube(pct float64) float64 { return math.Pow(pct/100, 3) }

func TestScheduleGain(t *testing.T) {
	sc, err := ParseSchedule("07:00-12:00=80, 12:00-16:00=100,16:00-07:00=60")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]float64{
		"07:00": cube(80), "09:30": cube(80), "11:59": cube(80),
		"12:00": 1, "15:59": 1,
		"16:00": cube(60), "23:59": cube(60), "00:00": cube(60), "03:15": cube(60), "06:59": cube(60),
	}
	for hm, want := range cases {
		if got := sc.Gain(at(hm)); math.Abs(got-want) > 1e-12 {
			t.Errorf("Gain(%s) = %.4f, want %.4f", hm, got, want)
		}
	}
	if s := sc.String(); s != "07:00-12:00=80,12:00-16:00=100,16:00-07:00=60" {
		t.Errorf("String() = %q", s)
	}
	// The clock in t's own zone counts: 09:00 UTC is 16:00 WIB.
	utc := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if got := sc.Gain(utc.In(time.FixedZone("WIB", 7*3600))); math.Abs(got-cube(60)) > 1e-12 {
		t.Errorf("16:00 WIB: %.4f", got)
	}
}

func TestScheduleGapsDecibelsAndEdges(t *testing.T) {
	sc, err := ParseSchedule("22:00-00:00=-20dB,00:00-05:30=30%,18:00-19:00=0")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]float64{
		"21:59": 1, "22:00": 0.1, "23:59": 0.1, "00:00": cube(30), "05:29": cube(30), "05:30": 1,
		"12:00": 1, "18:00": 0, "18:59": 0, "19:00": 1,
	}
	for hm, want := range cases {
		if got := sc.Gain(at(hm)); math.Abs(got-want) > 1e-12 {
			t.Errorf("Gain(%s) = %.4f, want %.4f", hm, got, want)
		}
	}
	whole, err := ParseSchedule("00:00-24:00=50")
	if err != nil {
		t.Fatal(err)
	}
	for _, hm := range []string{"00:00", "12:00", "23:59"} {
		if got := whole.Gain(at(hm)); got != cube(50) {
			t.Errorf("whole day at %s: %v", hm, got)
		}
	}
	var zero Schedule
	if zero.Gain(at("10:00")) != 1 || zero.String() != "" {
		t.Error("zero schedule is full volume")
	}
	if sc, err := ParseSchedule(" "); err != nil || sc.Gain(at("10:00")) != 1 {
		t.Errorf("blank: %v", err)
	}
	// Percent is a loudness scale: 50% is about -18 dB.
	if db := 20 * math.Log10(cube(50)); math.Abs(db-(-18.06)) > 0.01 {
		t.Errorf("50%% = %.2f dB", db)
	}
}

func TestScheduleErrors(t *testing.T) {
	cases := map[string]string{
		"07:00-12:00":                   "want HH:MM-HH:MM=PERCENT",
		"0700-1200=50":                  `"0700" is not a time of day`,
		"07:00-25:00=50":                `"25:00" is not a time of day`,
		"07:60-08:00=50":                `"07:60" is not a time of day`,
		"24:00-08:00=50":                `"24:00" is not a time of day`,
		"7:5-08:00=50":                  `"7:5" is not a time of day`,
		"08:00-08:00=50":                "cannot start where it ends",
		"07:00-12:00=120":               "percentage from 0 to 100",
		"07:00-12:00=-5":                "percentage from 0 to 100",
		"07:00-12:00=keras":             "percentage from 0 to 100",
		"07:00-12:00=6dB":               "from -60dB to 0dB",
		"07:00-12:00=80,11:00-13:00=50": `"11:00-13:00=50" overlaps "07:00-12:00=80"`,
		"16:00-07:00=60,06:00-08:00=80": "overlaps",
		"22:00-02:00=60,23:00-01:00=80": "overlaps",
	}
	for in, want := range cases {
		if _, err := ParseSchedule(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSchedule(%q) err = %v, want %q", in, err, want)
		}
	}
	// Touching spans do not overlap.
	if _, err := ParseSchedule("16:00-07:00=60,07:00-16:00=100"); err != nil {
		t.Error(err)
	}
}

func TestApplyGain(t *testing.T) {
	in := speech.PCM{SampleRate: 22050, Channels: 1, Bits: 16}
	for _, v := range []int16{0, 1000, -1000, 32767, -32768, 3} {
		in.Data = binary.LittleEndian.AppendUint16(in.Data, uint16(v))
	}
	orig := append([]byte(nil), in.Data...)
	half, err := ApplyGain(in, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	want := []int16{0, 500, -500, 16384, -16384, 2} // 1.5 rounds to 2
	for i, w := range want {
		if got := int16(binary.LittleEndian.Uint16(half.Data[2*i:])); got != w {
			t.Errorf("sample %d: %d, want %d", i, got, w)
		}
	}
	if string(in.Data) != string(orig) {
		t.Error("ApplyGain changed its input")
	}
	if half.SampleRate != 22050 || half.Channels != 1 || half.Bits != 16 {
		t.Errorf("format %+v", half)
	}
	loud, _ := ApplyGain(in, 2)
	for i, w := range []int16{0, 2000, -2000, 32767, -32768, 6} {
		if got := int16(binary.LittleEndian.Uint16(loud.Data[2*i:])); got != w {
			t.Errorf("×2 sample %d: %d, want %d (saturated)", i, got, w)
		}
	}
	same, _ := ApplyGain(in, 1)
	if &same.Data[0] != &in.Data[0] {
		t.Error("gain 1 should not copy")
	}
	if _, err := ApplyGain(speech.PCM{Bits: 8, Data: []byte{1}}, 0.5); err == nil {
		t.Error("8-bit should be refused")
	}
	if _, err := ApplyGain(in, math.NaN()); err == nil {
		t.Error("NaN gain should be refused")
	}
	if _, err := ApplyGain(in, -1); err == nil {
		t.Error("negative gain should be refused")
	}
}
