package board

import "antrean/shared/api"

// View is everything the hall screen shows at one moment, as text and
// kinds: the ui package only lays it out and paints it.
type View struct {
	SiteName string
	Clock    string // "Kamis, 26 November 2026 14.05 WIB", site time
	Online   bool
	Big      Big
	Cells    []Cell // every counter of the zone, in number order
	History  []Row  // recent calls, newest first, one row per ticket
	Messages []string
}

// Big is the call in the large panel.
type Big struct {
	Idle      bool   // no valid call: Counter holds "Menunggu panggilan"
	Caption   string // "NOMOR ANTREAN" or "PANGGILAN ULANG"
	Number    string
	Counter   string // "LOKET 2"
	Service   string // "Disdukcapil · Perekaman KTP-el"
	Agency    api.Agency
	Pulse     bool // being announced: the panel and its counter's cell flash
	TicketID  string
	CounterID string
}

// CellState is what a counter's grid cell says about it.
type CellState int

const (
	CellIdle      CellState = iota // open and staffed, nobody called
	CellActive                     // a ticket is called or served there
	CellUnstaffed                  // open, but no officer is signed in
	CellBreak
	CellClosed
)

// Cell is one counter on the grid.
type Cell struct {
	CounterID string
	Title     string // "Loket 3"
	Number    string // "A-001", "—", "Istirahat", "Tutup", "Tanpa petugas"
	Label     string // agency short name, or the counter's own name
	State     CellState
	Agency    api.Agency // ID "" = unknown (neutral colour)
	Flash     bool       // this counter's call is being announced
}

// Row is one recent call.
type Row struct {
	TicketID string
	Number   string
	Counter  string // "Loket 2"
	Recall   bool
	Agency   api.Agency
}
