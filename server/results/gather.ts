/**
 * Gathers a session's public results from its board documents and storage. Reads only what is
 * in the documents (held concerns never are) and copies no author, name or reason.
 */
import type * as Y from 'yjs';
import type { ActionStatus } from '../../shared/board-schema.ts';
import { actionsMap, boardMap, clustersMap, notesInCluster, notesMap, readCluster, readNote } from '../../shared/board-doc.ts';
import { adviceMap } from '../../shared/open-space.ts';
import {
  ResultsSchemaVersion, isOverdue, localIsoDate, rankTallies,
  type PublicAction, type PublicActionUpdate, type PublicAdvice, type PublicBoard, type PublicEscalation, type PublicNote, type PublicRecord,
  type PublicResults, type TallyTarget, type EscalationView,
} from '../../shared/results.ts';
import type { ActionUpdateRow, BoardRow, DisclosureRow, SessionRow, Storage } from '../storage/storage.ts';
import type { BoardRooms } from '../yjs/board-rooms.ts';
import { escalationViews, toPublicEscalation } from './escalation-views.ts';
import { photoPath } from '../../shared/photos.ts';

export interface ResultsDeps {
  storage: Storage;
  rooms: BoardRooms;
  /** PUBLIC_URL or the server's address, for links to other sessions' pages. */
  publicUrl: () => string;
}

/**
 * The sessions and boards whose content went into gathered results: the session's own, and
 * those of other sessions that escalations show (their titles, publication, a theme's concerns).
 * A change to any of them changes the results (server/results/results-cache.ts).
 */
export interface ResultsSources {
  sessions: Set<string>;
  boards: Set<string>;
}

/** The bucket for residents who gave no group or age band. */
const Unspecified = 'unspecified';

const byCreated = (a: Y.Map<unknown>, b: Y.Map<unknown>) =>
  (Number(a.get('createdAt')) || 0) - (Number(b.get('createdAt')) || 0) || String(a.get('id')).localeCompare(String(b.get('id')));

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));

/** A concern as shown publicly. */
function publicNote(m: Y.Map<unknown>): PublicNote {
  const photoId = m.get('photoId');
  // Only concerns in the document get here, and their photos are public once the session is published.
  const photo = typeof photoId === 'string' ? { thumbUrl: photoPath(photoId, 'thumb'), fullUrl: photoPath(photoId, 'full') } : undefined;
  return { id: str(m.get('id')), text: str(m.get('text')), ...(photo ? { photo } : {}) };
}

/** Follow-up updates grouped by `boardId/actionId`, in their stored (oldest-first) order. */
function groupUpdates(rows: ActionUpdateRow[]): Map<string, PublicActionUpdate[]> {
  const out = new Map<string, PublicActionUpdate[]>();
  for (const u of rows) {
    const key = `${u.boardId}/${u.actionId}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push({ at: u.at, status: u.status, note: u.note, by: u.by, label: u.label });
  }
  return out;
}

/** A board document's expert advice by what it is on, oldest first: the words only, never the author. */
function publicAdvice(doc: Y.Doc): Map<string, PublicAdvice[]> {
  const out = new Map<string, PublicAdvice[]>();
  for (const m of [...adviceMap(doc).values()].sort(byCreated)) {
    const target = str(m.get('targetId'));
    let list = out.get(target);
    if (!list) out.set(target, (list = []));
    list.push({ id: str(m.get('id')), text: str(m.get('text')), createdAt: Number(m.get('createdAt')) || 0 });
  }
  return out;
}

/** What an action shows besides its own fields: advice on it, and the titles of the session's boards (for its provenance). */
interface ActionContext {
  advice: Map<string, PublicAdvice[]>;
  boardTitles: ReadonlyMap<string, string>;
}

/** Builds one action item's public view from its document entry. */
export function publicAction(boardId: string, m: Y.Map<unknown>, updates: PublicActionUpdate[], escalation: PublicEscalation | null, today: string, ctx: ActionContext): PublicAction {
  const a = m.toJSON() as { id: string; title?: unknown; owner?: unknown; due?: unknown; status?: unknown; clusterId?: unknown; sourceBoardId?: unknown };
  const status = (typeof a.status === 'string' ? a.status : 'planned') as ActionStatus;
  const due = typeof a.due === 'string' ? a.due : null;
  // Only a board of this session is named (its title is on the public page anyway).
  const sourceTitle = typeof a.sourceBoardId === 'string' ? ctx.boardTitles.get(a.sourceBoardId) : undefined;
  return {
    id: a.id, boardId, title: str(a.title), owner: str(a.owner), due, status, overdue: isOverdue(due, status, today),
    themeId: typeof a.clusterId === 'string' ? a.clusterId : null, updates, escalation,
    advice: ctx.advice.get(a.id) ?? [],
    from: sourceTitle !== undefined && typeof a.sourceBoardId === 'string' ? { boardId: a.sourceBoardId, title: sourceTitle } : null,
  };
}

/**
 * The text an escalation shows publicly (docs/API.md "Escalation privacy"). An incoming item
 * shows nothing beyond its title and origin unless the source session is published itself; a
 * theme's concerns are read from the source's document as it is now, so a concern hidden or
 * deleted since the escalation never reappears through the snapshot. An action's snapshot
 * (title, owner, due) holds no concern text.
 */
async function publicDetail(deps: ResultsDeps, v: EscalationView, selfSessionId: string, sources?: ResultsSources): Promise<string> {
  const sourceSessionId = v.direction === 'outgoing' ? selfSessionId : v.otherSessionId;
  if (v.direction === 'incoming' && v.otherPublicUrl === null) return '';
  if (v.kind === 'action') return v.detail;
  sources?.boards.add(v.sourceBoardId);
  try {
    const board = await deps.storage.getBoard(v.sourceBoardId);
    if (!board || board.sessionId !== sourceSessionId) return v.title;
    const doc = (await deps.rooms.read(board.id, board.sessionId)).doc;
    const theme = readCluster(doc, v.itemId);
    if (!theme) return v.title;
    const texts = notesInCluster(doc, theme.id).map((id) => readNote(doc, id)).filter((n) => n !== null)
      .sort((a, b) => a.createdAt - b.createdAt).map((n) => `- ${n.text}`);
    return [theme.title, ...texts].join('\n');
  } catch {
    return v.title; // the source is being deleted
  }
}

/** The latest outgoing escalation per `boardId/itemId`, and the incoming ones, as the public sees them. */
async function escalationsOf(deps: ResultsDeps, sessionId: string, sources?: ResultsSources) {
  const rows = await escalationViews(deps.storage, await deps.storage.listEscalations(sessionId), sessionId, deps.publicUrl());
  for (const v of rows) sources?.sessions.add(v.otherSessionId);
  const views = await Promise.all(rows.map(async (v) => ({
    key: `${v.sourceBoardId}/${v.itemId}`, view: { ...toPublicEscalation(v), detail: await publicDetail(deps, v, sessionId, sources) }, direction: v.direction,
  })));
  const outgoing = new Map<string, PublicEscalation>();
  for (const v of views) if (v.direction === 'outgoing') outgoing.set(v.key, v.view); // oldest first: the latest wins
  const incoming = views.filter((v) => v.direction === 'incoming').map((v) => v.view).reverse();
  return { outgoing, incoming };
}

/** Action items of some boards of a session, with timelines and escalations (for a follow-up link). */
export async function gatherActions(deps: ResultsDeps, sessionId: string, refs: { boardId: string; actionId: string }[], now: number): Promise<PublicAction[]> {
  const updates = groupUpdates(await deps.storage.listActionUpdates(sessionId));
  const { outgoing } = await escalationsOf(deps, sessionId);
  const today = localIsoDate(now);
  const boardTitles = new Map((await deps.storage.listBoards(sessionId)).map((b) => [b.id, b.title]));
  const out: PublicAction[] = [];
  for (const ref of refs) {
    const board = await deps.storage.getBoard(ref.boardId);
    if (!board || board.sessionId !== sessionId) continue;
    const doc = (await deps.rooms.read(board.id, sessionId)).doc;
    const m = actionsMap(doc).get(ref.actionId);
    if (!m) continue; // deleted since the link was made
    const key = `${board.id}/${ref.actionId}`;
    out.push(publicAction(board.id, m, updates.get(key) ?? [], outgoing.get(key) ?? null, today, { advice: publicAdvice(doc), boardTitles }));
  }
  return out;
}

/** Everything the public page and the exports show; `sources` collects what it was made of. */
export async function gatherResults(deps: ResultsDeps, session: SessionRow, disclosure: DisclosureRow, now: number, sources?: ResultsSources): Promise<PublicResults> {
  const { storage } = deps;
  const boardRows = await storage.listBoards(session.id);
  sources?.sessions.add(session.id);
  for (const b of boardRows) sources?.boards.add(b.id);
  const updates = groupUpdates(await storage.listActionUpdates(session.id));
  const { outgoing, incoming } = await escalationsOf(deps, session.id, sources);
  const today = localIsoDate(now);
  const notesBy = new Map<string, number>();
  const boardTitles = new Map(boardRows.map((b) => [b.id, b.title]));
  const boards: PublicBoard[] = [];
  for (const b of boardRows) {
    const room = await deps.rooms.read(b.id, session.id);
    const doc = room.doc;
    const themes = [...clustersMap(doc).values()].sort(byCreated);
    const themeIds = new Set(themes.map((t) => str(t.get('id'))));
    const notes = [...notesMap(doc).values()].sort(byCreated);
    for (const n of notes) notesBy.set(str(n.get('authorId')), (notesBy.get(str(n.get('authorId'))) ?? 0) + 1);
    for (const h of await room.heldNotes()) {
      // Said but not yet on the board still counts in the balance (as in the live participation figures).
      if (h.state === 'private' || h.state === 'pending') notesBy.set(h.note.authorId, (notesBy.get(h.note.authorId) ?? 0) + 1);
    }
    const actions = [...actionsMap(doc).values()].sort(byCreated);
    const targets = new Map<string, TallyTarget>();
    for (const t of themes) targets.set(str(t.get('id')), { kind: 'theme', title: str(t.get('title')) });
    for (const n of notes) targets.set(str(n.get('id')), { kind: 'note', title: str(n.get('text')) });
    for (const a of actions) targets.set(str(a.get('id')), { kind: 'action', title: str(a.get('title')) });
    const tallies = boardMap(doc).get('tallies') as Record<string, number> | null | undefined;
    const advice = publicAdvice(doc);
    boards.push({
      id: b.id, title: b.title, kind: b.kind,
      themes: themes.map((t) => {
        const id = str(t.get('id'));
        return {
          id, title: str(t.get('title')), notes: notes.filter((n) => n.get('clusterId') === id).map(publicNote),
          escalation: outgoing.get(`${b.id}/${id}`) ?? null, advice: advice.get(id) ?? [],
        };
      }),
      unthemedNotes: notes.filter((n) => !themeIds.has(str(n.get('clusterId')))).map(publicNote),
      tallies: tallies == null ? null : rankTallies(tallies, targets),
      actions: actions.map((m) => {
        const key = `${b.id}/${str(m.get('id'))}`;
        return publicAction(b.id, m, updates.get(key) ?? [], outgoing.get(key) ?? null, today, { advice, boardTitles });
      }),
    });
  }
  return {
    schema: ResultsSchemaVersion, sessionId: session.id, title: session.title, publishedAt: disclosure.publishedAt, generatedAt: now,
    boards, record: await publicRecord(storage, session.id, boardRows, notesBy), incomingEscalations: incoming,
  };
}

/** Phases, publication times, head counts and the balance: never names, reasons or removals. */
async function publicRecord(storage: Storage, sessionId: string, boards: BoardRow[], notesBy: Map<string, number>): Promise<PublicRecord> {
  const titles = new Map(boards.map((b) => [b.id, b.title]));
  const record: PublicRecord = {
    // Every board starts in gather when it is created.
    phases: boards.map((b) => ({ boardId: b.id, boardTitle: b.title, phase: 'gather' as const, at: b.createdAt })),
    published: [], unpublished: [], participants: 0, residents: 0, balance: { byGroup: {}, byAgeBand: {} },
  };
  for (const e of await storage.listRecord(sessionId)) {
    if (e.kind === 'phase.set' && e.boardId && titles.has(e.boardId)) {
      const to = (e.data as { to?: PublicRecord['phases'][number]['phase'] }).to;
      if (to) record.phases.push({ boardId: e.boardId, boardTitle: titles.get(e.boardId)!, phase: to, at: e.at });
    } else if (e.kind === 'session.published') record.published.push({ at: e.at });
    else if (e.kind === 'session.unpublished') record.unpublished.push({ at: e.at });
  }
  record.phases.sort((a, b) => a.at - b.at);
  for (const p of await storage.listParticipants(sessionId)) {
    if (p.revoked || p.role === 'screen') continue;
    record.participants += 1;
    if (p.role !== 'resident') continue;
    record.residents += 1;
    const notes = notesBy.get(p.id) ?? 0;
    for (const bucket of [(record.balance.byGroup[p.group ?? Unspecified] ??= { joined: 0, notes: 0 }), (record.balance.byAgeBand[p.ageBand ?? Unspecified] ??= { joined: 0, notes: 0 })]) {
      bucket.joined += 1;
      bucket.notes += notes;
    }
  }
  return record;
}
