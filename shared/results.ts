/**
 * Published results: the shapes of the public results page, the JSON export and the owner
 * follow-up page, plus the pure functions that rank, flag and format them. The server gathers
 * the data (documents, storage) and calls these; nothing here does I/O.
 * Anonymity: no shape here has a field for an author, a name or a moderation reason.
 */
import type { ActionStatus, Phase } from './board-schema.ts';

/** The version tag of the results schema; a breaking change gets a new number. */
export const ResultsSchemaVersion = 'yishi.results/1';

/** Statuses an escalated item can have in the session that received it. */
export const EscalationStatuses = ['open', 'accepted', 'in_progress', 'done', 'declined'] as const;

/** An escalation's status, set by the receiving session's moderators. */
export type EscalationStatus = (typeof EscalationStatuses)[number];

/** Everything a published session shows (`GET /api/public/sessions/:id/results`, the JSON export). */
export interface PublicResults {
  schema: typeof ResultsSchemaVersion;
  sessionId: string;
  title: string;
  /** When the session was (last) published; null only in a moderator's export of an unpublished session. */
  publishedAt: number | null;
  generatedAt: number;
  boards: PublicBoard[];
  record: PublicRecord;
  /** Items other sessions escalated to this one. */
  incomingEscalations: PublicEscalation[];
}

/** One board's visible outcome. */
export interface PublicBoard {
  id: string;
  title: string;
  kind: 'plenary' | 'breakout';
  themes: PublicTheme[];
  unthemedNotes: PublicNote[];
  /** Null until a moderator revealed the votes on this board. */
  tallies: PublicTally[] | null;
  actions: PublicAction[];
}

/** A concern as shown publicly: its text only, never who wrote it. */
export interface PublicNote {
  id: string;
  text: string;
  /** The concern's photo, when it has one: paths served without a token once the session is published. */
  photo?: { thumbUrl: string; fullUrl: string };
}

/** A theme and the concerns filed under it. */
export interface PublicTheme {
  id: string;
  title: string;
  notes: PublicNote[];
  /** Set when the theme was escalated to another session (the latest such escalation). */
  escalation: PublicEscalation | null;
  /** Expert advice on the theme, oldest first. */
  advice: PublicAdvice[];
}

/**
 * Expert advice as the public sees it: its words, not its author. In the hall advice shows under
 * the expert's name; the public page names nobody (see the anonymity rule above).
 */
export interface PublicAdvice {
  id: string;
  text: string;
  createdAt: number;
}

/** One voted item with its dots and rank (ties share a rank: 1, 1, 3). */
export interface PublicTally {
  targetId: string;
  kind: 'theme' | 'note' | 'action';
  title: string;
  votes: number;
  rank: number;
}

/** Who wrote a follow-up update: a moderator of the session, or an owner through a follow-up link. */
export type UpdateAuthor = 'facilitator' | 'expert' | 'owner';

/** One dated entry of an action item's follow-up timeline. */
export interface PublicActionUpdate {
  at: number;
  /** The status set by this update, or null for a note only. */
  status: ActionStatus | null;
  note: string;
  by: UpdateAuthor;
  /** The follow-up link's label for owner updates (e.g. the office's name); null otherwise. */
  label: string | null;
}

/** An action item with its follow-up. */
export interface PublicAction {
  id: string;
  boardId: string;
  title: string;
  owner: string;
  /** YYYY-MM-DD or null. */
  due: string | null;
  status: ActionStatus;
  /** Due date before today and not done (see `isOverdue`). */
  overdue: boolean;
  themeId: string | null;
  /** Oldest first. */
  updates: PublicActionUpdate[];
  escalation: PublicEscalation | null;
  /** Expert advice on the action, oldest first. */
  advice: PublicAdvice[];
  /** For an action brought to the plenary by convergence: the breakout it was drafted on; else null. */
  from: { boardId: string; title: string } | null;
}

/** An item escalated from one session to another, seen from either side. */
export interface PublicEscalation {
  id: string;
  /** outgoing: this session escalated it; incoming: another session escalated it to this one. */
  direction: 'outgoing' | 'incoming';
  otherSessionId: string;
  otherTitle: string;
  /** The other session's public results page, when it is published; else null. */
  otherPublicUrl: string | null;
  kind: 'action' | 'theme';
  title: string;
  /**
   * Theme: its title and concerns; action: title, owner, due. Moderators get the snapshot taken
   * when escalated; the public results show the source's current visible concerns, and an
   * incoming item's detail only when the source session is published ('' otherwise).
   */
  detail: string;
  status: EscalationStatus;
  createdAt: number;
  /** Status changes by the receiving session, oldest first. */
  updates: { at: number; status: EscalationStatus; note: string }[];
}

/** The public part of the procedure record: no names, no moderation reasons, no removals. */
export interface PublicRecord {
  /** Every phase change of every board, oldest first. */
  phases: { boardId: string; boardTitle: string; phase: Phase; at: number }[];
  published: { at: number }[];
  unpublished: { at: number }[];
  /** Everyone who joined with a device or through a scribe (residents, experts, facilitators; not screens). */
  participants: number;
  residents: number;
  /** Residents who joined, and concerns they wrote, by self-reported group and age band. */
  balance: {
    byGroup: Record<string, { joined: number; notes: number }>;
    byAgeBand: Record<string, { joined: number; notes: number }>;
  };
}

/** `GET /api/follow-up/:code`: what an owner's follow-up link shows. */
export interface FollowUpView {
  sessionId: string;
  sessionTitle: string;
  label: string;
  /** The session's public page when published, else null (owners may update only once published). */
  publicUrl: string | null;
  published: boolean;
  actions: PublicAction[];
}

/** `POST /api/sessions/:id/follow-up-links` 201 response. */
export interface CreateFollowUpLinkResponse {
  code: string;
  url: string;
  label: string;
  actions: { boardId: string; actionId: string }[];
}

/** An escalation as its moderators list it (`GET /api/sessions/:id/escalations`). */
export interface EscalationView extends PublicEscalation {
  /** The item in the source session. */
  sourceBoardId: string;
  itemId: string;
}

/** `GET /api/sessions/:id/escalations` response. */
export interface EscalationsResponse {
  incoming: EscalationView[];
  outgoing: EscalationView[];
}

/** Languages of the Markdown and CSV exports' headings. */
export const ExportLangs = ['en', 'zh-CN'] as const;

/** A heading language. */
export type ExportLang = (typeof ExportLangs)[number];

/** The calendar date (YYYY-MM-DD) of `ms` in the local time zone of whoever calls this. */
export function localIsoDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Overdue: a due date (YYYY-MM-DD) strictly before `today` (YYYY-MM-DD) and not done. */
export function isOverdue(due: string | null, status: ActionStatus, today: string): boolean {
  return due !== null && status !== 'done' && due < today;
}

/** What a voted target is, for ranking. */
export interface TallyTarget {
  kind: PublicTally['kind'];
  title: string;
}

/**
 * Ranks revealed dots: most votes first, ties share a rank (1, 1, 3) and are listed by title.
 * Targets that no longer exist on the board (`targets` lacks them) are left out.
 */
export function rankTallies(tallies: Record<string, number>, targets: ReadonlyMap<string, TallyTarget>): PublicTally[] {
  const rows = Object.entries(tallies)
    .filter(([id, votes]) => targets.has(id) && Number.isFinite(votes) && votes > 0)
    .map(([targetId, votes]) => ({ targetId, votes, ...targets.get(targetId)! }))
    .sort((a, b) => b.votes - a.votes || a.title.localeCompare(b.title) || a.targetId.localeCompare(b.targetId));
  let rank = 0;
  return rows.map((r, i) => {
    if (i === 0 || r.votes !== rows[i - 1]!.votes) rank = i + 1;
    return { targetId: r.targetId, kind: r.kind, title: r.title, votes: r.votes, rank };
  });
}

/**
 * Makes a text cell safe for spreadsheets: a cell starting with = + - @, or with a tab or CR,
 * or with white space before one of those (some spreadsheets trim it on import and then run
 * the formula), gets a leading quote.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]|^\s+[=+\-@]/.test(value) ? `'${value}` : value;
}

/** One CSV field: neutralised when it is text, quoted when it holds a separator, quote or line break. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The byte-order mark that makes Excel read a CSV as UTF-8. */
export const Utf8Bom = '\uFEFF';

const labels = {
  en: {
    board: 'Board', type: 'Type', id: 'Id', theme: 'Theme', text: 'Text', votes: 'Votes', rank: 'Rank', owner: 'Owner', due: 'Due',
    status: 'Status', overdue: 'Overdue', escalation: 'Escalation', updates: 'Updates', advice: 'Expert advice',
    kinds: { theme: 'theme', note: 'concern', action: 'action' },
    statuses: { planned: 'planned', in_progress: 'in progress', done: 'done', escalated: 'escalated' },
    escStatuses: { open: 'open', accepted: 'accepted', in_progress: 'in progress', done: 'done', declined: 'declined' },
    yes: 'yes', no: 'no',
    published: 'Published', notPublished: 'not published', generated: 'Generated', plenary: 'plenary', breakout: 'breakout',
    themes: 'Themes', unthemed: 'Concerns without a theme', voteResults: 'Vote results', notRevealed: 'Votes not revealed.',
    actions: 'Action items', none: 'None.', incoming: 'Escalated to this session', record: 'Procedure record',
    phases: 'Phases', participants: 'Participants', residents: 'Residents', byGroup: 'By group', byAgeBand: 'By age band',
    joined: 'Joined', notes: 'Concerns', escalatedTo: 'Escalated to', escalatedFrom: 'From', unpublished: 'Taken down',
    ownerNone: '—', by: { facilitator: 'facilitator', expert: 'expert', owner: 'owner' },
  },
  'zh-CN': {
    board: '议题板', type: '类型', id: '编号', theme: '主题', text: '内容', votes: '票数', rank: '排名', owner: '负责方', due: '截止日期',
    status: '状态', overdue: '已逾期', escalation: '上报', updates: '进展', advice: '专家建议',
    kinds: { theme: '主题', note: '意见', action: '行动' },
    statuses: { planned: '计划中', in_progress: '进行中', done: '已完成', escalated: '已上报' },
    escStatuses: { open: '待处理', accepted: '已受理', in_progress: '处理中', done: '已办结', declined: '未受理' },
    yes: '是', no: '否',
    published: '发布时间', notPublished: '未发布', generated: '生成时间', plenary: '全体', breakout: '分组',
    themes: '主题', unthemed: '未归类的意见', voteResults: '投票结果', notRevealed: '投票结果尚未公布。',
    actions: '行动事项', none: '无。', incoming: '上报至本议事的事项', record: '议事程序记录',
    phases: '阶段', participants: '参与人数', residents: '居民人数', byGroup: '按群体', byAgeBand: '按年龄段',
    joined: '参与', notes: '意见数', escalatedTo: '已上报至', escalatedFrom: '来自', unpublished: '撤下',
    ownerNone: '—', by: { facilitator: '主持人', expert: '专家', owner: '负责方' },
  },
} as const;

/** Formats a timestamp as `YYYY-MM-DD HH:MM UTC` (exports are read in other time zones too). */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function escalationText(e: PublicEscalation | null, lang: ExportLang): string {
  if (!e) return '';
  const L = labels[lang];
  const dir = e.direction === 'outgoing' ? L.escalatedTo : L.escalatedFrom;
  return `${dir} ${e.otherTitle} (${L.escStatuses[e.status]})`;
}

/**
 * The results as one CSV table (UTF-8 with BOM, CRLF): a row per theme, concern and action item.
 * Headings and type/status words follow `lang`; ids and numbers do not.
 */
export function toCsv(r: PublicResults, lang: ExportLang = 'en'): string {
  const L = labels[lang];
  const head = [L.board, L.type, L.id, L.theme, L.text, L.votes, L.rank, L.owner, L.due, L.status, L.overdue, L.escalation, L.updates, L.advice];
  // An item's expert advice in one cell, oldest first, one per line.
  const advice = (items: PublicAdvice[]) => (items.length ? items.map((x) => x.text).join('\n') : null);
  const rows: (string | number | boolean | null)[][] = [head];
  for (const b of r.boards) {
    const tally = new Map((b.tallies ?? []).map((t) => [t.targetId, t]));
    const themeTitle = new Map(b.themes.map((t) => [t.id, t.title]));
    const vote = (id: string) => [tally.get(id)?.votes ?? null, tally.get(id)?.rank ?? null];
    for (const t of b.themes) {
      rows.push([b.title, L.kinds.theme, t.id, t.title, t.title, ...vote(t.id), null, null, null, null, escalationText(t.escalation, lang), null, advice(t.advice)]);
      for (const n of t.notes) rows.push([b.title, L.kinds.note, n.id, t.title, n.text, ...vote(n.id), null, null, null, null, null, null, null]);
    }
    for (const n of b.unthemedNotes) rows.push([b.title, L.kinds.note, n.id, null, n.text, ...vote(n.id), null, null, null, null, null, null, null]);
    for (const a of b.actions) {
      const updates = a.updates.map((u) => `${formatUtc(u.at)} ${u.status ? `[${L.statuses[u.status]}] ` : ''}${u.note}`).join('\n');
      rows.push([
        b.title, L.kinds.action, a.id, a.themeId ? (themeTitle.get(a.themeId) ?? null) : null, a.title, ...vote(a.id),
        a.owner, a.due, L.statuses[a.status], a.overdue ? L.yes : L.no, escalationText(a.escalation, lang), updates, advice(a.advice),
      ]);
    }
  }
  return Utf8Bom + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * Escapes text for one Markdown line: no markup, no raw HTML, no line breaks, and no links —
 * GFM renderers turn bare `https://…`, `www.…` and `a@b.c` into links, which an escaped `:`,
 * `.` or `@` prevents (the reader still sees the same characters).
 */
export function markdownText(value: string): string {
  return value
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/(?<=[\w.+-])@/g, '\\@')
    .trim();
}

/** The results as a Markdown document with headings in `lang`. */
export function toMarkdown(r: PublicResults, lang: ExportLang = 'en'): string {
  const L = labels[lang];
  const t = markdownText;
  const out: string[] = [`# ${t(r.title)}`, '', `${L.published}: ${r.publishedAt === null ? L.notPublished : formatUtc(r.publishedAt)} · ${L.generated}: ${formatUtc(r.generatedAt)}`, ''];
  for (const b of r.boards) {
    out.push(`## ${t(b.title)} (${b.kind === 'plenary' ? L.plenary : L.breakout})`, '', `### ${L.themes}`, '');
    if (b.themes.length === 0) out.push(L.none, '');
    for (const th of b.themes) {
      const esc = th.escalation ? ` — ${t(escalationText(th.escalation, lang))}` : '';
      out.push(`#### ${t(th.title)}${esc}`, '');
      for (const n of th.notes) out.push(`- ${t(n.text)}`);
      out.push('');
      for (const x of th.advice) out.push(`> ${L.advice}: ${t(x.text)}`, '');
    }
    if (b.unthemedNotes.length) {
      out.push(`### ${L.unthemed}`, '');
      for (const n of b.unthemedNotes) out.push(`- ${t(n.text)}`);
      out.push('');
    }
    out.push(`### ${L.voteResults}`, '');
    if (b.tallies === null) out.push(L.notRevealed, '');
    else if (b.tallies.length === 0) out.push(L.none, '');
    else {
      out.push(`| ${L.rank} | ${L.type} | ${L.text} | ${L.votes} |`, '| ---: | --- | --- | ---: |');
      for (const x of b.tallies) out.push(`| ${x.rank} | ${L.kinds[x.kind]} | ${t(x.title)} | ${x.votes} |`);
      out.push('');
    }
    out.push(`### ${L.actions}`, '');
    if (b.actions.length === 0) out.push(L.none, '');
    else {
      out.push(`| ${L.text} | ${L.owner} | ${L.due} | ${L.status} | ${L.overdue} |`, '| --- | --- | --- | --- | --- |');
      for (const a of b.actions) {
        const status = L.statuses[a.status] + (a.escalation ? ` (${t(escalationText(a.escalation, lang))})` : '');
        out.push(`| ${t(a.title)} | ${a.owner ? t(a.owner) : L.ownerNone} | ${a.due ? t(a.due) : L.ownerNone} | ${status} | ${a.overdue ? L.yes : L.no} |`);
      }
      out.push('');
      for (const a of b.actions.filter((x) => x.advice.length > 0)) {
        out.push(`#### ${L.advice}: ${t(a.title)}`, '');
        for (const x of a.advice) out.push(`- ${t(x.text)}`);
        out.push('');
      }
      for (const a of b.actions.filter((x) => x.updates.length > 0)) {
        out.push(`#### ${L.updates}: ${t(a.title)}`, '');
        for (const u of a.updates) {
          const who = u.label ? `${L.by[u.by]}: ${t(u.label)}` : L.by[u.by];
          out.push(`- ${formatUtc(u.at)} (${who})${u.status ? ` [${L.statuses[u.status]}]` : ''} ${t(u.note)}`);
        }
        out.push('');
      }
    }
  }
  if (r.incomingEscalations.length) {
    out.push(`## ${L.incoming}`, '');
    for (const e of r.incomingEscalations) out.push(`- ${L.kinds[e.kind]}: ${t(e.title)} — ${L.escalatedFrom} ${t(e.otherTitle)} (${L.escStatuses[e.status]})`);
    out.push('');
  }
  const rec = r.record;
  out.push(`## ${L.record}`, '', `${L.participants}: ${rec.participants} · ${L.residents}: ${rec.residents}`, '', `### ${L.phases}`, '');
  for (const p of rec.phases) out.push(`- ${formatUtc(p.at)} ${t(p.boardTitle)}: ${p.phase}`);
  for (const p of rec.published) out.push(`- ${formatUtc(p.at)} ${L.published}`);
  for (const p of rec.unpublished) out.push(`- ${formatUtc(p.at)} ${L.unpublished}`);
  out.push('');
  for (const [heading, buckets] of [[L.byGroup, rec.balance.byGroup], [L.byAgeBand, rec.balance.byAgeBand]] as const) {
    out.push(`### ${heading}`, '', `| | ${L.joined} | ${L.notes} |`, '| --- | ---: | ---: |');
    for (const [k, v] of Object.entries(buckets)) out.push(`| ${t(k)} | ${v.joined} | ${v.notes} |`);
    out.push('');
  }
  return out.join('\n');
}
