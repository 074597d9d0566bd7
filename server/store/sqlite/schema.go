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
CREATE INDEX tickets_counter ON tickets(counter_id, state);
CREATE INDEX tickets_called ON tickets(counter_id, called_at);
CREATE INDEX tickets_finished ON tickets(service_id, finished_at);
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
}
