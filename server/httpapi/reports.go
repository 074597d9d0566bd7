package httpapi

import (
	"bytes"
	"net/http"
	"strconv"

	"antrean/server/reports"
	"antrean/server/store"
	"antrean/shared/api"
)

// reportQuery reads ?from=&to=&group=&target_minutes= (the store checks
// and defaults them).
func reportQuery(r *http.Request) (store.ReportQuery, error) {
	v := r.URL.Query()
	q := store.ReportQuery{From: v.Get("from"), To: v.Get("to"), Group: api.ReportGroup(v.Get("group")), Period: api.ReportPeriod(v.Get("period"))}
	if t := v.Get("target_minutes"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 {
			return q, &api.Error{Code: api.CodeInvalidInput, Detail: "target_minutes must be a whole number of minutes, at least 1"}
		}
		q.TargetMinutes = n
	}
	switch v.Get("all") {
	case "", "0", "false":
	case "1", "true":
		q.All = true
	default:
		return q, &api.Error{Code: api.CodeInvalidInput, Detail: "all must be true or false"}
	}
	if f := v.Get("format"); f != "" && f != "json" && f != "csv" {
		return q, &api.Error{Code: api.CodeInvalidInput, Detail: "format must be json or csv"}
	}
	return q, nil
}

// replyReport writes v as JSON, or as CSV when ?format=csv.
func (s *Server) replyReport(w http.ResponseWriter, r *http.Request, name string, v any, csvOf func(*bytes.Buffer) error) {
	if r.URL.Query().Get("format") != "csv" {
		s.reply(w, http.StatusOK, v)
		return
	}
	var b bytes.Buffer
	if err := csvOf(&b); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
}

func (s *Server) reportSummary(w http.ResponseWriter, r *http.Request) {
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.o.Store.Summary(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyReport(w, r, "laporan-"+string(rep.Group)+"-"+rep.From+"-"+rep.To, rep, func(b *bytes.Buffer) error {
		return reports.SummaryCSV(b, rep)
	})
}

func (s *Server) reportHourly(w http.ResponseWriter, r *http.Request) {
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.o.Store.Hourly(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyReport(w, r, "kedatangan-per-jam-"+rep.From+"-"+rep.To, rep, func(b *bytes.Buffer) error {
		return reports.HourlyCSV(b, rep)
	})
}

func (s *Server) reportToday(w http.ResponseWriter, r *http.Request) {
	rep, err := s.o.Store.Today(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, http.StatusOK, rep)
}

func (s *Server) reportIKM(w http.ResponseWriter, r *http.Request) {
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.o.Store.IKM(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyReport(w, r, "ikm-"+string(rep.Group)+"-"+rep.From+"-"+rep.To, rep, func(b *bytes.Buffer) error {
		return reports.IKMCSV(b, rep)
	})
}

func (s *Server) reportStaff(w http.ResponseWriter, r *http.Request) {
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.o.Store.Staff(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyReport(w, r, "kinerja-"+string(rep.Group)+"-"+string(rep.Period)+"-"+rep.From+"-"+rep.To, rep, func(b *bytes.Buffer) error {
		return reports.StaffCSV(b, rep)
	})
}

func (s *Server) reportComments(w http.ResponseWriter, r *http.Request) {
	q, err := reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := r.URL.Query()
	num := func(name string) (int, error) {
		if v.Get(name) == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(v.Get(name))
		if err != nil {
			return 0, &api.Error{Code: api.CodeInvalidInput, Detail: name + " must be a whole number"}
		}
		return n, nil
	}
	limit, err := num("limit")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	offset, err := num("offset")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.o.Store.Comments(r.Context(), q, v.Get("service_id"), limit, offset)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.replyReport(w, r, "saran-skm-"+list.From+"-"+list.To, list, func(b *bytes.Buffer) error {
		return reports.CommentsCSV(b, list)
	})
}
