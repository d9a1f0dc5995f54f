// The writer thread of the SQLite store (see sqlite-storage.ts for the protocol's other end).
// Plain JavaScript so that node, tsx and vitest all load it without a TypeScript loader.
//
// It owns the only writing connection, so every fsync (synchronous=FULL) blocks this thread,
// never the server's event loop. The main thread sends one batch at a time; a batch is written
// in ONE transaction (one fsync for all its commits) with a SAVEPOINT per commit, so a commit
// that fails is rolled back and reported alone while the rest of the batch lands.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** Schema migrations; PRAGMA user_version counts how many have run. Append, never edit. */
const MIGRATIONS = [
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, join_code TEXT NOT NULL UNIQUE,
    join_open INTEGER NOT NULL, settings TEXT NOT NULL, created_at INTEGER NOT NULL
  );
  CREATE TABLE boards (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX boards_session ON boards (session_id);
  CREATE TABLE participants (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL, role TEXT NOT NULL, name TEXT,
    group_name TEXT, age_band TEXT, locale TEXT, token_version INTEGER NOT NULL,
    revoked INTEGER NOT NULL, created_at INTEGER NOT NULL
  );
  CREATE INDEX participants_session ON participants (session_id);
  CREATE TABLE invites (
    code TEXT PRIMARY KEY, session_id TEXT NOT NULL, role TEXT NOT NULL, created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL, revoked INTEGER NOT NULL
  );
  CREATE TABLE board_snapshots (board_id TEXT PRIMARY KEY, snapshot BLOB NOT NULL);
  CREATE TABLE board_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, board_id TEXT NOT NULL, data BLOB NOT NULL
  );
  CREATE INDEX board_updates_board ON board_updates (board_id, seq);
  CREATE TABLE record (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, board_id TEXT,
    actor_id TEXT, kind TEXT NOT NULL, data TEXT NOT NULL, at INTEGER NOT NULL
  );
  CREATE INDEX record_session ON record (session_id, seq);
  CREATE TABLE idempotency (
    participant_id TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    result TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (participant_id, key)
  );
  `,
  `
  CREATE TABLE votes (
    board_id TEXT NOT NULL, participant_id TEXT NOT NULL, target_id TEXT NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (board_id, participant_id, target_id)
  );
  `,
  `
  CREATE TABLE held_notes (
    board_id TEXT NOT NULL, note_id TEXT NOT NULL, author_id TEXT NOT NULL, state TEXT NOT NULL,
    note TEXT NOT NULL, reason TEXT, at INTEGER NOT NULL, PRIMARY KEY (board_id, note_id)
  );
  `,
  `
  ALTER TABLE participants ADD COLUMN scribed_by TEXT;
  `,
  `
  CREATE TABLE photos (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL, board_id TEXT NOT NULL, note_id TEXT NOT NULL,
    uploaded_by TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
    thumb_width INTEGER NOT NULL, thumb_height INTEGER NOT NULL, full BLOB NOT NULL, thumb BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX photos_session ON photos (session_id);
  `,
  `
  CREATE TABLE session_disclosure (
    session_id TEXT PRIMARY KEY, escalation_code TEXT NOT NULL UNIQUE, published_at INTEGER
  );
  CREATE TABLE action_updates (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL, board_id TEXT NOT NULL, action_id TEXT NOT NULL,
    at INTEGER NOT NULL, status TEXT, note TEXT NOT NULL, by_role TEXT NOT NULL, label TEXT, actor_id TEXT
  );
  CREATE INDEX action_updates_session ON action_updates (session_id, at);
  CREATE TABLE follow_up_links (
    code TEXT PRIMARY KEY, session_id TEXT NOT NULL, label TEXT NOT NULL, actions TEXT NOT NULL,
    created_by TEXT NOT NULL, created_at INTEGER NOT NULL, revoked INTEGER NOT NULL
  );
  CREATE INDEX follow_up_links_session ON follow_up_links (session_id);
  CREATE TABLE escalations (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL, board_id TEXT NOT NULL, item_id TEXT NOT NULL,
    kind TEXT NOT NULL, title TEXT NOT NULL, detail TEXT NOT NULL, target_session_id TEXT NOT NULL,
    status TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
  );
  CREATE INDEX escalations_session ON escalations (session_id);
  CREATE INDEX escalations_target ON escalations (target_session_id);
  CREATE TABLE escalation_updates (
    id TEXT PRIMARY KEY, escalation_id TEXT NOT NULL, session_id TEXT NOT NULL, at INTEGER NOT NULL,
    status TEXT NOT NULL, note TEXT NOT NULL, actor_id TEXT NOT NULL
  );
  CREATE INDEX escalation_updates_escalation ON escalation_updates (escalation_id, at);
  `,
  // When a board last took a document update: edits made only through Yjs count as activity
  // for retention (one small row per board, overwritten, so the cost does not grow).
  `
  CREATE TABLE board_activity (board_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
  `,
  // Who first wrote with each Yjs client id on a board (the guard's client-id claims).
  `
  CREATE TABLE board_client_ids (
    board_id TEXT NOT NULL, client_id INTEGER NOT NULL, participant_id TEXT NOT NULL,
    PRIMARY KEY (board_id, client_id)
  );
  `,
  // Idempotency rows expire by age (idempotency.expire): found by time, not by participant.
  `
  CREATE INDEX idempotency_at ON idempotency (at);
  `,
];

/** SQL per op; the main thread sends each op's named parameters already encoded (see toWire). */
const WRITES = {
  'session.put': [`INSERT INTO sessions VALUES (@id, @title, @joinCode, @joinOpen, @settings, @createdAt)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, join_code = excluded.join_code,
    join_open = excluded.join_open, settings = excluded.settings, created_at = excluded.created_at`],
  'board.put': [`INSERT INTO boards VALUES (@id, @sessionId, @title, @kind, @createdAt)
    ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, title = excluded.title,
    kind = excluded.kind, created_at = excluded.created_at`],
  'participant.put': [`INSERT INTO participants VALUES (@id, @sessionId, @role, @name, @group,
    @ageBand, @locale, @tokenVersion, @revoked, @createdAt, @scribedBy)
    ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, role = excluded.role,
    name = excluded.name, group_name = excluded.group_name, age_band = excluded.age_band,
    locale = excluded.locale, token_version = excluded.token_version, revoked = excluded.revoked,
    created_at = excluded.created_at, scribed_by = excluded.scribed_by`],
  'invite.put': [`INSERT INTO invites VALUES (@code, @sessionId, @role, @createdBy, @createdAt, @revoked)
    ON CONFLICT (code) DO UPDATE SET session_id = excluded.session_id, role = excluded.role,
    created_by = excluded.created_by, created_at = excluded.created_at, revoked = excluded.revoked`],
  'board.update': [
    'INSERT INTO board_updates (board_id, data) VALUES (@boardId, @update)',
    `INSERT INTO board_activity VALUES (@boardId, @at)
      ON CONFLICT (board_id) DO UPDATE SET at = max(at, excluded.at)`,
  ],
  'clientId.claim': ['INSERT INTO board_client_ids VALUES (@boardId, @clientId, @participantId) ON CONFLICT DO NOTHING'],
  // Ops run in order and commits in submission order, so the rows present right now are exactly
  // "every update committed for this board before the compaction".
  'board.compact': [
    `INSERT INTO board_snapshots VALUES (@boardId, @snapshot)
      ON CONFLICT (board_id) DO UPDATE SET snapshot = excluded.snapshot`,
    'DELETE FROM board_updates WHERE board_id = @boardId',
  ],
  'record.append': [`INSERT INTO record (session_id, board_id, actor_id, kind, data, at)
    VALUES (@sessionId, @boardId, @actorId, @kind, @data, @at)`],
  // Deltas, not absolute counts: concurrent casts commit independently and a failed one undoes nothing else.
  'vote.add': [
    `INSERT INTO votes VALUES (@boardId, @participantId, @targetId, @delta)
      ON CONFLICT (board_id, participant_id, target_id) DO UPDATE SET count = count + excluded.count`,
    'DELETE FROM votes WHERE board_id = @boardId AND participant_id = @participantId AND target_id = @targetId AND count <= 0',
  ],
  'heldNote.put': [`INSERT INTO held_notes VALUES (@boardId, @noteId, @authorId, @state, @note, @reason, @at)
    ON CONFLICT (board_id, note_id) DO UPDATE SET author_id = excluded.author_id, state = excluded.state,
    note = excluded.note, reason = excluded.reason, at = excluded.at`],
  'heldNote.delete': ['DELETE FROM held_notes WHERE board_id = @boardId AND note_id = @noteId'],
  'photo.put': [`INSERT INTO photos VALUES (@id, @sessionId, @boardId, @noteId, @uploadedBy, @width, @height,
    @thumbWidth, @thumbHeight, @full, @thumb, @createdAt)`],
  'photo.delete': ['DELETE FROM photos WHERE id = @photoId'],
  // DO NOTHING on any conflict: the session already has a row, or (rarely) the code is another session's.
  'disclosure.ensure': ['INSERT INTO session_disclosure VALUES (@sessionId, @escalationCode, @publishedAt) ON CONFLICT DO NOTHING'],
  'disclosure.publish': ['UPDATE session_disclosure SET published_at = @publishedAt WHERE session_id = @sessionId'],
  'actionUpdate.put': [`INSERT INTO action_updates VALUES (@id, @sessionId, @boardId, @actionId, @at, @status, @note, @by, @label, @actorId)`],
  'followUpLink.put': [`INSERT INTO follow_up_links VALUES (@code, @sessionId, @label, @actions, @createdBy, @createdAt, @revoked)
    ON CONFLICT (code) DO UPDATE SET session_id = excluded.session_id, label = excluded.label, actions = excluded.actions,
    created_by = excluded.created_by, created_at = excluded.created_at, revoked = excluded.revoked`],
  'escalation.put': [`INSERT INTO escalations VALUES (@id, @sessionId, @boardId, @itemId, @kind, @title, @detail,
    @targetSessionId, @status, @createdBy, @createdAt, @updatedAt)
    ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, board_id = excluded.board_id, item_id = excluded.item_id,
    kind = excluded.kind, title = excluded.title, detail = excluded.detail, target_session_id = excluded.target_session_id,
    status = excluded.status, created_by = excluded.created_by, created_at = excluded.created_at, updated_at = excluded.updated_at`],
  'escalationUpdate.put': ['INSERT INTO escalation_updates VALUES (@id, @escalationId, @sessionId, @at, @status, @note, @actorId)'],
  // The health probe: a real write (WAL append and fsync at COMMIT) that leaves no row behind.
  // '#' cannot start a board id, so it never meets a real board's row.
  'health.probe': [
    `INSERT INTO board_activity VALUES ('#health-probe', @at)
      ON CONFLICT (board_id) DO UPDATE SET at = excluded.at`,
    "DELETE FROM board_activity WHERE board_id = '#health-probe'",
  ],
  'idempotency.put': [`INSERT INTO idempotency VALUES (@participantId, @key, @fingerprint, @result, @at)
    ON CONFLICT (participant_id, key) DO UPDATE SET fingerprint = excluded.fingerprint,
    result = excluded.result, at = excluded.at`],
  'idempotency.expire': ['DELETE FROM idempotency WHERE at < @before'],
};

/** Opens the file, checks the durability settings and migrates the schema. */
function open(file) {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Read the settings back: a filesystem that refuses WAL must fail the open, not degrade silently.
  const journalMode = db.pragma('journal_mode', { simple: true });
  const synchronous = db.pragma('synchronous', { simple: true });
  if (journalMode !== 'wal' || synchronous !== 2) {
    throw new Error(`wanted WAL + synchronous FULL, got ${journalMode} + ${synchronous}`);
  }
  // Deleted rows (a deleted session, a removed photo) are overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  const version = db.pragma('user_version', { simple: true });
  if (version > MIGRATIONS.length) throw new Error(`schema version ${version} is newer than this code`);
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return { db, journalMode, synchronous };
}

let opened;
try {
  opened = open(workerData.file);
} catch (err) {
  // Rethrown as a plain Error: a SqliteError reaches the main thread without its message.
  throw new Error(`sqlite writer could not open ${workerData.file}: ${err.message} (${err.code ?? 'no code'})`);
}
const { db, journalMode, synchronous } = opened;

const statements = Object.fromEntries(
  Object.entries(WRITES).map(([op, sqls]) => [op, sqls.map((sql) => db.prepare(sql))]),
);
statements['session.delete'] = sessionDeletes(db).map((sql) => db.prepare(sql));

/**
 * The deletes that remove a session everywhere, built from the migrated schema so that tables
 * added later are covered without touching this: a table is matched by its `session_id`,
 * `board_id` (a board of the session) or `participant_id` (a participant of the session)
 * columns. Dependent tables go first, while boards and participants can still be looked up.
 */
function sessionDeletes(conn) {
  const quote = (name) => `"${name.replaceAll('"', '""')}"`;
  const tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
  const links = {
    session_id: 'session_id = @sessionId',
    board_id: 'board_id IN (SELECT id FROM boards WHERE session_id = @sessionId)',
    participant_id: 'participant_id IN (SELECT id FROM participants WHERE session_id = @sessionId)',
  };
  const first = [];
  const last = [];
  for (const table of tables) {
    if (table === 'sessions') continue;
    const columns = conn.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table);
    const conds = Object.keys(links).filter((c) => columns.includes(c)).map((c) => links[c]);
    if (conds.length === 0) continue; // not tied to a session (none exists today; tests/privacy.test.ts checks)
    const sql = `DELETE FROM ${quote(table)} WHERE ${conds.join(' OR ')}`;
    (table === 'boards' || table === 'participants' ? last : first).push(sql);
  }
  return [...first, ...last, 'DELETE FROM sessions WHERE id = @sessionId'];
}
let transactions = 0;

/**
 * Sessions deleted lately, with their boards and participants. A command that read the session
 * just before its deletion may commit just after it; every write naming one of these ids is
 * refused (code YISHI_SESSION_DELETED), so a deletion is final and nothing of the session is
 * recreated. Kept in memory only: a row would itself be a trace of the session, and after a
 * restart nothing can still act for it (its tokens and boards are gone). Each id is forgotten
 * `graceMs` after its deletion, when no work that read the session before can still be running
 * (the rule of server/privacy/tombstones.ts, which this thread cannot import), so the ids do not
 * pile up for the life of the process. Map order is deletion order: the oldest come first.
 */
const graceMs = workerData.deletedIdGraceMs;
const deleted = { sessions: new Map(), boards: new Map(), participants: new Map() };

/** Forgets the ids deleted more than graceMs ago. */
function pruneDeleted() {
  const cutoff = Date.now() - graceMs;
  for (const ids of Object.values(deleted)) {
    for (const [id, at] of ids) {
      if (at > cutoff) break;
      ids.delete(id);
    }
  }
}

/** How many deleted ids are remembered now (reported with every batch, for tests and probes). */
function deletedCount() {
  return deleted.sessions.size + deleted.boards.size + deleted.participants.size;
}
const boardsOf = db.prepare('SELECT id FROM boards WHERE session_id = ?').pluck();
const participantsOf = db.prepare('SELECT id FROM participants WHERE session_id = ?').pluck();

/** The ids a session.delete op removes, read before its deletes run. */
function idsOfSession(sessionId) {
  return { sessions: [sessionId], boards: boardsOf.all(sessionId), participants: participantsOf.all(sessionId) };
}

/** Throws when a writing op names a deleted session, board or participant (`pending`: deletions earlier in this batch). */
function refuseDeleted(op, params, pending) {
  // Deleting again is harmless; every other op writes a row.
  if (op.endsWith('.delete')) return;
  const has = (kind, id) => typeof id === 'string' && (deleted[kind].has(id) || pending.some((ids) => ids[kind].includes(id)));
  const hit = has('sessions', params.sessionId) || has('sessions', params.targetSessionId) || (op === 'session.put' && has('sessions', params.id))
    || has('boards', params.boardId) || (op === 'board.put' && has('boards', params.id))
    || has('participants', params.participantId) || (op === 'participant.put' && has('participants', params.id));
  if (hit) throw Object.assign(new Error(`${op} refused: its session was deleted`), { code: 'YISHI_SESSION_DELETED' });
}

function errorInfo(err) {
  return { message: err instanceof Error ? err.message : String(err), code: err?.code };
}

/** Writes one batch; returns per-commit results (null = landed) or one error for the whole batch. */
function writeBatch({ id, commits }) {
  const results = [];
  // Deletions of this batch's commits that landed; they become final with the COMMIT.
  const pending = [];
  pruneDeleted();
  try {
    db.exec('BEGIN IMMEDIATE');
    for (const ops of commits) {
      db.exec('SAVEPOINT c');
      const mine = [];
      try {
        for (const { op, params } of ops) {
          const stmts = statements[op];
          if (!stmts) throw new Error(`unknown storage op ${op}`);
          refuseDeleted(op, params, [...pending, ...mine]);
          if (op === 'session.delete') mine.push(idsOfSession(params.sessionId));
          for (const stmt of stmts) stmt.run(params);
        }
        db.exec('RELEASE c');
        pending.push(...mine);
        results.push(null);
      } catch (err) {
        // Some errors (I/O, disk full) make SQLite roll back the whole transaction; then the
        // earlier commits of the batch are gone too, so the batch as a whole must fail.
        if (!db.inTransaction) throw err;
        db.exec('ROLLBACK TO c');
        db.exec('RELEASE c');
        results.push(errorInfo(err));
      }
    }
    db.exec('COMMIT'); // returns after the WAL is fsynced (synchronous=FULL)
    transactions++;
    const at = Date.now();
    for (const ids of pending) {
      for (const kind of Object.keys(deleted)) {
        for (const id of ids[kind]) {
          deleted[kind].delete(id); // re-added at the end, keeping the Map oldest first
          deleted[kind].set(id, at);
        }
      }
    }
    // A deleted session's old page images still sit in the WAL: copy the zeroed pages back
    // and empty the log, so no file keeps the session's content.
    if (commits.some((ops) => ops.some((o) => o.op === 'session.delete'))) {
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // A reader holding the log open makes this wait in vain; the next checkpoint does it.
      }
    }
    return { type: 'done', id, results, transactions, deletedIds: deletedCount() };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    return { type: 'done', id, batchError: errorInfo(err), transactions, deletedIds: deletedCount() };
  }
}

parentPort.on('message', (msg) => {
  if (msg.type === 'batch') {
    parentPort.postMessage(writeBatch(msg));
  } else if (msg.type === 'close') {
    db.close(); // the last connection to close checkpoints the WAL, here off the main thread
    parentPort.close(); // lets the thread exit; the main thread waits for its 'exit'
  }
});

parentPort.postMessage({ type: 'ready', journalMode, synchronous });
