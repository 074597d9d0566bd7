package config

import "antrean/shared/api"

// visitsTOML is the site file's [visits] section: tickets with a route of
// several services (see api.VisitRules).
type visitsTOML struct {
	// MaxServices: services one ticket may carry, 1–5 (default 5; 1 turns
	// visits off on the kiosks).
	MaxServices int `toml:"max_services"`
	// Order: "arrival" (default) or "back" — where a ticket is placed in
	// its next step's line.
	Order string `toml:"order"`
	// ReturnMinutes: how long after a no-show the ticket may be put back
	// in line (default 30; -1 = never).
	ReturnMinutes int `toml:"return_minutes"`
}

func (v *visitsTOML) rules() *api.VisitRules {
	if v == nil {
		return nil
	}
	return &api.VisitRules{MaxServices: v.MaxServices, Order: api.RouteOrder(v.Order), ReturnMinutes: v.ReturnMinutes}
}

func (f *File) validateVisits() error {
	v := f.Site.Visits
	if v == nil {
		return nil
	}
	if v.MaxServices < 0 || v.MaxServices > api.MaxRouteSteps {
		return bad("[visits]: max_services must be 1-%d", api.MaxRouteSteps)
	}
	if !v.Order.Valid() {
		return bad("[visits]: order must be \"arrival\" or \"back\", not %q", string(v.Order))
	}
	if v.ReturnMinutes < -1 || v.ReturnMinutes > 24*60 {
		return bad("[visits]: return_minutes must be -1 (never) or 0-1440")
	}
	return nil
}
