package sqlite

// migrations are applied in order, each in its own transaction, and
// recorded in schema_migrations; never edit one that has shipped.
var migrations = []string{
	// 1: catalog, auth, tickets, events.
	`
CREATE TABLE site (
	id   TEXT PRIMARY KEY,
	data TEXT NOT NULL
);
CREATE TABLE agencies (
	id   TEXT PRIMARY KEY,
	ord  INTEGER NOT NULL DEFAULT 0,
	data TEXT NOT NULL
);
CREATE TABLE services (
	id        TEXT PRIMARY KEY,
	agency_id TEXT NOT NULL REFERENCES agencies(id),
	prefix    TEXT NOT NULL UNIQUE,
	data      TEXT NOT NULL
);
CREATE TABLE counters (
	id     TEXT PRIMARY KEY,
	number INTEGER NOT NULL UNIQUE,
	status TEXT NOT NULL DEFAULT 'open',
	data   TEXT NOT NULL
);
CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	counters      TEXT NOT NULL DEFAULT '[]',
	active        INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE devices (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	zone       TEXT NOT NULL DEFAULT '',
	revoked_at INTEGER
);
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(id),
	counter_id TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE TABLE day_seq (
	service_id TEXT NOT NULL,
	day        TEXT NOT NULL,
	last_seq   INTEGER NOT NULL,
	issued     INTEGER NOT NULL,
	PRIMARY KEY (service_id, day)
) WITHOUT ROWID;
CREATE TABLE tickets (
	id               TEXT PRIMARY KEY,
	number           TEXT NOT NULL,
	service_id       TEXT NOT NULL,
	seq              INTEGER NOT NULL,
	day              TEXT NOT NULL,
	priority         TEXT NOT NULL,
	state            TEXT NOT NULL,
	issued_at        INTEGER NOT NULL,
	called_at        INTEGER,
	started_at       INTEGER,
	finished_at      INTEGER,
	counter_id       TEXT NOT NULL DEFAULT '',
	officer_id       TEXT NOT NULL DEFAULT '',
	calls            INTEGER NOT NULL DEFAULT 0,
	transferred_from TEXT NOT NULL DEFAULT '',
	transferred_to   TEXT NOT NULL DEFAULT '',
	device_id        TEXT NOT NULL DEFAULT ''
);
-- One number per service per day, whatever happens; transferred tickets
-- keep their original number, so only originals (seq > 0) are unique.
CREATE UNIQUE INDEX tickets_number ON tickets(service_id, day, seq) WHERE transferred_from = '';
CREATE INDEX tickets_queue ON tickets(day, state, service_id, issued_at);
-- Covering index for one service's queue: positions are counted from the
-- index alone, without touching the table.
CREATE INDEX tickets_service_queue ON tickets(day, service_id, state, priority, issued_at, seq);
CREATE INDEX tickets_counter ON tickets(counter_id, state);
CREATE INDEX tickets_called ON tickets(counter_id, called_at);
CREATE INDEX tickets_service_called ON tickets(service_id, day, called_at);
CREATE INDEX tickets_done ON tickets(service_id, finished_at) WHERE state = 'done';
-- Waiting tickets per service, day and class (prio = 1 for priority),
-- kept by triggers so that no code path can forget it: issuing reads its
-- place in line from here instead of counting the queue.
CREATE TABLE waiting_counts (
	day        TEXT NOT NULL,
	service_id TEXT NOT NULL,
	prio       INTEGER NOT NULL,
	n          INTEGER NOT NULL,
	PRIMARY KEY (day, service_id, prio)
) WITHOUT ROWID;
CREATE TRIGGER tickets_waiting_insert AFTER INSERT ON tickets WHEN NEW.state = 'waiting' BEGIN
	INSERT INTO waiting_counts(day, service_id, prio, n) VALUES (NEW.day, NEW.service_id, NEW.priority <> 'none', 1)
	ON CONFLICT(day, service_id, prio) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tickets_waiting_update AFTER UPDATE OF state ON tickets
WHEN (OLD.state = 'waiting') <> (NEW.state = 'waiting') BEGIN
	INSERT INTO waiting_counts(day, service_id, prio, n)
	VALUES (NEW.day, NEW.service_id, NEW.priority <> 'none', CASE WHEN NEW.state = 'waiting' THEN 1 ELSE -1 END)
	ON CONFLICT(day, service_id, prio) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER tickets_waiting_delete AFTER DELETE ON tickets WHEN OLD.state = 'waiting' BEGIN
	UPDATE waiting_counts SET n = n - 1 WHERE day = OLD.day AND service_id = OLD.service_id AND prio = (OLD.priority <> 'none');
END;
CREATE TABLE idempotency (
	key          TEXT PRIMARY KEY,
	request_hash TEXT NOT NULL,
	ticket_id    TEXT NOT NULL,
	created_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE events (
	seq  INTEGER PRIMARY KEY AUTOINCREMENT,
	type TEXT NOT NULL,
	zone TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL,
	at   INTEGER NOT NULL
);
`,
	// 2: SKM surveys (one per ticket; answers are the nine elements of
	// PermenPANRB 14/2017 in order; day is the ticket's service day).
	`
CREATE TABLE surveys (
	ticket_id  TEXT PRIMARY KEY,
	number     TEXT NOT NULL,
	service_id TEXT NOT NULL,
	agency_id  TEXT NOT NULL,
	counter_id TEXT NOT NULL DEFAULT '',
	officer_id TEXT NOT NULL DEFAULT '',
	day        TEXT NOT NULL,
	q1 INTEGER NOT NULL CHECK (q1 BETWEEN 1 AND 4),
	q2 INTEGER NOT NULL CHECK (q2 BETWEEN 1 AND 4),
	q3 INTEGER NOT NULL CHECK (q3 BETWEEN 1 AND 4),
	q4 INTEGER NOT NULL CHECK (q4 BETWEEN 1 AND 4),
	q5 INTEGER NOT NULL CHECK (q5 BETWEEN 1 AND 4),
	q6 INTEGER NOT NULL CHECK (q6 BETWEEN 1 AND 4),
	q7 INTEGER NOT NULL CHECK (q7 BETWEEN 1 AND 4),
	q8 INTEGER NOT NULL CHECK (q8 BETWEEN 1 AND 4),
	q9 INTEGER NOT NULL CHECK (q9 BETWEEN 1 AND 4),
	comment    TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);
CREATE INDEX surveys_day ON surveys(day);
CREATE INDEX tickets_number_day ON tickets(day, number);
CREATE INDEX tickets_officer ON tickets(officer_id, day);
`,
	// 3: the check code printed on a ticket proves its holder when a kiosk
	// rates it by number. Tickets from before have none ('') and can be
	// rated only through their QR code (the ticket id).
	`
ALTER TABLE tickets ADD COLUMN check_code TEXT NOT NULL DEFAULT '';
`,
	// 4: a year of history. Live paths read only today's rows: the called
	// or serving ticket of a counter from a partial index that holds only
	// those, a counter's recent calls by day, catalog figures by day, the
	// rolling service time from a small table kept at finish, recent calls
	// from today's events. Past days are closed once (closed_days) and
	// summarised per day for reports (day_stats).
	`
DROP INDEX tickets_counter;
DROP INDEX tickets_called;
DROP INDEX tickets_done;
CREATE INDEX tickets_live ON tickets(counter_id) WHERE state IN ('called','serving');
CREATE INDEX tickets_counter_day ON tickets(counter_id, day, called_at);
CREATE INDEX day_seq_day ON day_seq(day);
CREATE INDEX events_at ON events(at);
-- The latest service times (ms) of each service, at most 20 (MaxRecent).
CREATE TABLE service_times (
	service_id  TEXT NOT NULL,
	finished_at INTEGER NOT NULL,
	ticket_id   TEXT NOT NULL,
	ms          INTEGER NOT NULL,
	PRIMARY KEY (service_id, finished_at, ticket_id)
) WITHOUT ROWID;
INSERT INTO service_times(service_id, finished_at, ticket_id, ms)
SELECT service_id, finished_at, id, finished_at - started_at FROM (
	SELECT service_id, finished_at, id, started_at,
		ROW_NUMBER() OVER (PARTITION BY service_id ORDER BY finished_at DESC, id DESC) AS rn
	FROM tickets WHERE state = 'done' AND started_at IS NOT NULL AND finished_at >= started_at)
WHERE rn <= 20;
-- A day is closed once its local day is over: open tickets expired, its
-- figures written to day_stats. Its tickets never change after that.
CREATE TABLE closed_days (
	day       TEXT PRIMARY KEY,
	closed_at INTEGER NOT NULL,
	expired   INTEGER NOT NULL
) WITHOUT ROWID;
-- Report figures of one closed day per service ('s'), counter ('c') and
-- officer ('o'); data is the binary encoding of one dayStats (reports.go).
CREATE TABLE day_stats (
	dim  TEXT NOT NULL,
	day  TEXT NOT NULL,
	key  TEXT NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (dim, day, key)
) WITHOUT ROWID;
-- The IKM report sums answers per service from the index alone.
CREATE INDEX surveys_ikm ON surveys(day, service_id, q1, q2, q3, q4, q5, q6, q7, q8, q9);
`,
	// 5: running the mall. The service calendar (holidays, cuti bersama,
	// closures, special hours); the history of counter sessions and
	// statuses (counter_log) and each closed day's staff figures
	// (day_staff) for the staff report; the latest call of a ticket (a
	// requeued ticket called again is at the counter from then on); the
	// SKM respondent profile (optional, '' = not given) and the IKM per
	// officer and counter from an index.
	`
CREATE TABLE holidays (
	id   TEXT PRIMARY KEY,
	date TEXT NOT NULL,
	data TEXT NOT NULL
);
-- kind: 'login' (a session at a counter began; until = its expiry),
-- 'logout' (it ended: note = logout, expired, revoked), 'status' (the
-- counter's status became status; note = the one before), 'held' (a
-- ticket put back in line was at the counter from at until until),
-- 'start' (the log begins: staff times are known from this day on).
CREATE TABLE counter_log (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	at         INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	counter_id TEXT NOT NULL DEFAULT '',
	user_id    TEXT NOT NULL DEFAULT '',
	session    TEXT NOT NULL DEFAULT '',
	until      INTEGER,
	status     TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX counter_log_at ON counter_log(at);
CREATE INDEX counter_log_user ON counter_log(user_id, at);
CREATE INDEX counter_log_counter ON counter_log(counter_id, kind, at);
-- Staff figures of one closed day per officer ('o') and counter ('c');
-- data is the binary encoding of one staffStats (staff.go). The row
-- dim '-' key '' marks a day whose figures are written.
CREATE TABLE day_staff (
	dim  TEXT NOT NULL,
	day  TEXT NOT NULL,
	key  TEXT NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (dim, day, key)
) WITHOUT ROWID;
ALTER TABLE tickets ADD COLUMN last_called_at INTEGER;
ALTER TABLE surveys ADD COLUMN sex TEXT NOT NULL DEFAULT '';
ALTER TABLE surveys ADD COLUMN age TEXT NOT NULL DEFAULT '';
ALTER TABLE surveys ADD COLUMN education TEXT NOT NULL DEFAULT '';
ALTER TABLE surveys ADD COLUMN occupation TEXT NOT NULL DEFAULT '';
CREATE INDEX surveys_officer ON surveys(day, officer_id, q1, q2, q3, q4, q5, q6, q7, q8, q9);
CREATE INDEX surveys_counter ON surveys(day, counter_id, q1, q2, q3, q4, q5, q6, q7, q8, q9);
`,
	// 6: online booking. A booking holds a slot until the citizen checks in
	// at the kiosk, which issues a ticket whose due_at is the slot's start
	// (the booked class of the queue order). name, phone and addr are
	// personal data: addr is erased when the day the booking was made is
	// closed, name and phone retention_days after the booked day (erased).
	`
ALTER TABLE tickets ADD COLUMN due_at INTEGER;
CREATE INDEX tickets_booked_waiting ON tickets(day, service_id, due_at) WHERE state = 'waiting' AND due_at IS NOT NULL;
CREATE TABLE bookings (
	code          TEXT PRIMARY KEY,
	service_id    TEXT NOT NULL,
	day           TEXT NOT NULL,
	slot_start    INTEGER NOT NULL,
	slot_minutes  INTEGER NOT NULL,
	state         TEXT NOT NULL,
	name          TEXT NOT NULL,
	phone         TEXT NOT NULL,
	addr          TEXT NOT NULL DEFAULT '',
	made_day      TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	checked_in_at INTEGER,
	cancelled_at  INTEGER,
	ticket_id     TEXT NOT NULL DEFAULT '',
	late          INTEGER NOT NULL DEFAULT 0,
	idem_key      TEXT NOT NULL,
	request_hash  TEXT NOT NULL,
	erased        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE UNIQUE INDEX bookings_idem ON bookings(idem_key);
CREATE INDEX bookings_slot ON bookings(service_id, day, slot_start, state);
-- No hoarding: one pending booking per phone, service and day.
CREATE UNIQUE INDEX bookings_one_pending ON bookings(phone, service_id, day) WHERE state = 'booked';
CREATE INDEX bookings_phone ON bookings(phone, made_day);
CREATE INDEX bookings_addr ON bookings(addr, made_day) WHERE addr <> '';
CREATE INDEX bookings_day ON bookings(day, state);
CREATE INDEX bookings_ticket ON bookings(ticket_id) WHERE ticket_id <> '';
CREATE INDEX bookings_keep ON bookings(day) WHERE erased = 0;
`,
	// 7: visits (visits.go). A ticket may carry a route of up to five
	// services. Each step is a ticket row of its own service, so queues,
	// reports, surveys and the day end see steps like tickets; the rows of
	// a visit share visit_id ('' = the row's own id is the visit's) and
	// carry their step. The id the citizen holds always names the visit's
	// newest row: when a step ends and the next begins (or a no-show
	// returns), the old row is renamed <id>.<n> and the new row takes the
	// id. route is the visit's planned services as a JSON array ('' = just
	// this row's service); origin says how the row entered its line
	// ('' issued or transferred, 'route', 'return'); entered_at when (NULL
	// = issued_at). Rows of earlier transfers join their original's visit.
	`
ALTER TABLE tickets ADD COLUMN visit_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN entered_at INTEGER;
CREATE TEMP TABLE visit_roots (id TEXT PRIMARY KEY, root TEXT NOT NULL) WITHOUT ROWID;
WITH RECURSIVE chain(id, root, nxt, hops) AS (
	SELECT id, id, transferred_to, 0 FROM tickets WHERE transferred_from = '' AND transferred_to <> ''
	UNION ALL
	SELECT t.id, chain.root, t.transferred_to, chain.hops + 1 FROM chain JOIN tickets t ON t.id = chain.nxt
	WHERE chain.nxt <> '' AND chain.hops < 64)
INSERT OR IGNORE INTO visit_roots(id, root) SELECT id, root FROM chain WHERE id <> root;
UPDATE tickets SET visit_id = (SELECT root FROM visit_roots r WHERE r.id = tickets.id)
	WHERE id IN (SELECT id FROM visit_roots);
DROP TABLE visit_roots;
-- Numbers stay unique among tickets taken at the kiosk; a later step and a
-- returned ticket keep the visit's number and seq in their line.
DROP INDEX tickets_number;
CREATE UNIQUE INDEX tickets_number ON tickets(service_id, day, seq) WHERE transferred_from = '' AND origin = '';
CREATE INDEX tickets_visit ON tickets(visit_id) WHERE visit_id <> '';
-- Officers' handoff notes: never in events or public views.
CREATE TABLE ticket_notes (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	visit_id   TEXT NOT NULL,
	step       INTEGER NOT NULL,
	service_id TEXT NOT NULL,
	counter_id TEXT NOT NULL DEFAULT '',
	officer_id TEXT NOT NULL DEFAULT '',
	text       TEXT NOT NULL,
	at         INTEGER NOT NULL
);
CREATE INDEX ticket_notes_visit ON ticket_notes(visit_id, id);
-- Closed days whose visit figures are in day_stats (dim 'v'); days closed
-- before visits existed are summarised once at start-up.
ALTER TABLE closed_days ADD COLUMN visits INTEGER NOT NULL DEFAULT 0;
`,
	// 8: announcements (announcements.go): the running text with its
	// schedule, one JSON document per entry.
	`
CREATE TABLE announcements (
	id   TEXT PRIMARY KEY,
	data TEXT NOT NULL
) WITHOUT ROWID;
`,
	// 9: the displays' media panel (media.go). meta is the api.Slide as
	// JSON (without order, which is pos); image the picture's bytes, in
	// the database so they are durable with it and in its backups.
	`
CREATE TABLE media (
	id     TEXT PRIMARY KEY,
	pos    INTEGER NOT NULL,
	meta   TEXT NOT NULL,
	image  BLOB NOT NULL,
	at     INTEGER NOT NULL
);
CREATE INDEX media_pos ON media(pos);
`,
}
