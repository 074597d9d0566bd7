package config

import (
	"errors"
	"os"
	"testing"

	"antrean/shared/api"
)

// FuzzParse: a site file either loads into a catalog that passes its own
// validation again, with every name within the text limits, or is
// refused with invalid_input; it never panics.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("../../assets/sites/pariaman.toml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(base))
	f.Add([]byte("[site]\nid = \"x\"\nname = \"\\u202e\"\n"))
	f.Add([]byte("[[services]]\nstart = 9223372036854775807\navg_service_minutes = nan\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fl, err := Parse(b)
		if err != nil {
			if !errors.Is(err, api.ErrInvalidInput) {
				t.Fatalf("error %v is not invalid_input", err)
			}
			return
		}
		if err := fl.Validate(); err != nil {
			t.Fatalf("parsed file fails its own validation: %v", err)
		}
		for _, s := range fl.Services {
			if err := CheckText("service", s.Name, MaxName); err != nil {
				t.Fatal(err)
			}
			if s.Start > MaxStart || s.AvgServiceMinutes > MaxAvgServiceMinutes || !(s.AvgServiceMinutes > 0) {
				t.Fatalf("service %s out of bounds: %+v", s.ID, s)
			}
		}
	})
}
