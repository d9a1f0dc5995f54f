/** Creating sessions, joining them, inviting experts: the logic behind the HTTP routes. */
import { DomainError } from '../../shared/errors.ts';
import * as Y from 'yjs';
import type { Actor, Role } from '../../shared/roles.ts';
import { boardMap, initBoard } from '../../shared/board-doc.ts';
import { normalizeJoinCode } from '../../shared/join-code.ts';
import { CourtyardGatherSeconds, DefaultSettings, Templates, mergeSettings, type SettingsPatch } from '../../shared/settings.ts';
import type { BoardSummary, CreateInviteResponse, CreateSessionResponse, JoinPreviewResponse, JoinResponse } from '../../shared/http-api.ts';
import type { BoardRow, ParticipantRow, SessionRow, Storage, StorageOp } from '../storage/storage.ts';
import { issueToken } from '../auth/tokens.ts';
import { newId, newInviteCode, newJoinCode } from '../ids.ts';

export interface SessionServiceDeps {
  storage: Storage;
  secret: string;
  tokenTtl: { moderator: number; participant: number };
  /** Base URL for join and invite links. */
  publicUrl: () => string;
  now?: () => number;
}

/** The encoded initial state of a new board document. */
export function initialBoardUpdate(settings: SettingsPatch, extra?: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    initBoard(doc, mergeSettings(DefaultSettings, settings));
    extra?.(doc);
  }, 'server');
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function summary(b: BoardRow): BoardSummary {
  return { id: b.id, title: b.title, kind: b.kind };
}

export class SessionService {
  private readonly now: () => number;
  constructor(private readonly deps: SessionServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  tokenFor(p: ParticipantRow): string {
    const ttl = p.role === 'facilitator' || p.role === 'expert' ? this.deps.tokenTtl.moderator : this.deps.tokenTtl.participant;
    return issueToken(this.deps.secret, p.id, p.tokenVersion, this.now() + ttl);
  }

  joinUrl(joinCode: string): string {
    return `${this.deps.publicUrl()}/j/${joinCode}`;
  }

  async createSession(title: string, given: SettingsPatch = {}, template: keyof typeof Templates = 'standard'): Promise<CreateSessionResponse> {
    const now = this.now();
    const settings: SettingsPatch = { ...Templates[template], ...given };
    // A courtyard session's gather timer is set and paused: the facilitator just presses start.
    const preset = template === 'courtyard'
      ? (doc: Y.Doc) => boardMap(doc).set('timer', { status: 'paused', remainingMs: CourtyardGatherSeconds * 1000, durationMs: CourtyardGatherSeconds * 1000 })
      : undefined;
    const session: SessionRow = { id: newId(), title, joinCode: newJoinCode(), joinOpen: true, settings, createdAt: now };
    const board: BoardRow = { id: newId(), sessionId: session.id, title, kind: 'plenary', createdAt: now };
    const facilitator = this.newParticipant(session.id, 'facilitator', null);
    const ops: StorageOp[] = [
      { op: 'session.put', session },
      { op: 'board.put', board },
      { op: 'board.update', boardId: board.id, update: initialBoardUpdate(settings, preset) },
      { op: 'participant.put', participant: facilitator },
      { op: 'record.append', entry: { sessionId: session.id, boardId: null, actorId: facilitator.id, kind: 'session.created', data: { title, settings, template }, at: now } },
    ];
    // A join-code collision (1 in ~1e11 per pair) makes the commit fail on the unique index: draw again.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.storage.commit(ops);
        break;
      } catch (err) {
        if (attempt >= 3 || (await this.deps.storage.getSessionByJoinCode(session.joinCode)) === null) throw err;
        session.joinCode = newJoinCode();
      }
    }
    return {
      sessionId: session.id,
      joinCode: session.joinCode,
      joinUrl: this.joinUrl(session.joinCode),
      facilitatorToken: this.tokenFor(facilitator),
      participantId: facilitator.id,
      boards: [summary(board)],
    };
  }

  async joinByCode(input: { joinCode: string; name?: string; role?: 'resident' | 'screen'; group?: string; ageBand?: string; consent?: boolean; locale?: string }): Promise<JoinResponse> {
    const session = await this.deps.storage.getSessionByJoinCode(normalizeJoinCode(input.joinCode));
    if (!session) throw new DomainError('NOT_FOUND', 'No session has this join code. Check the code on the big screen.');
    if (!session.joinOpen) throw new DomainError('JOIN_CLOSED', 'Joining this session is closed.');
    // Group and age band are used only in aggregate, and only with the person's consent.
    if ((input.group !== undefined || input.ageBand !== undefined) && input.consent !== true) {
      throw new DomainError('VALIDATION', 'consent: group and age band are kept only with consent (send consent: true)');
    }
    const settings = mergeSettings(DefaultSettings, session.settings);
    if (input.group !== undefined && !settings.groups.includes(input.group)) throw new DomainError('VALIDATION', `group: one of ${settings.groups.join(', ')}`);
    if (input.ageBand !== undefined && !settings.ageBands.includes(input.ageBand)) throw new DomainError('VALIDATION', `ageBand: one of ${settings.ageBands.join(', ')}`);
    const p = this.newParticipant(session.id, input.role ?? 'resident', input.name ?? null, input);
    return this.admit(session, p);
  }

  /** What the join page shows before joining: the title, whether names are shown, the choices offered, whether joining is open. */
  async preview(joinCode: string): Promise<JoinPreviewResponse> {
    const session = await this.deps.storage.getSessionByJoinCode(normalizeJoinCode(joinCode));
    if (!session) throw new DomainError('NOT_FOUND', 'No session has this join code. Check the code on the big screen.');
    const settings = mergeSettings(DefaultSettings, session.settings);
    return { title: session.title, anonymous: settings.anonymous, groups: settings.groups, ageBands: settings.ageBands, joinOpen: session.joinOpen };
  }

  async joinByInvite(input: { inviteCode: string; name?: string; locale?: string }): Promise<JoinResponse> {
    const invite = await this.deps.storage.getInvite(input.inviteCode);
    const session = invite && !invite.revoked ? await this.deps.storage.getSession(invite.sessionId) : null;
    if (!invite || invite.revoked || !session) throw new DomainError('NOT_FOUND', 'This invitation does not exist or was withdrawn.');
    const p = this.newParticipant(session.id, invite.role, input.name ?? null, input);
    return this.admit(session, p);
  }

  async createInvite(actor: Actor, sessionId: string, role: 'expert' | 'facilitator'): Promise<CreateInviteResponse> {
    if (actor.sessionId !== sessionId) throw new DomainError('FORBIDDEN', 'This token belongs to another session.');
    if (actor.role !== 'facilitator') throw new DomainError('FORBIDDEN', 'Only a facilitator can invite experts and co-facilitators.');
    const code = newInviteCode();
    const now = this.now();
    await this.deps.storage.commit([
      { op: 'invite.put', invite: { code, sessionId, role, createdBy: actor.participantId, createdAt: now, revoked: false } },
      { op: 'record.append', entry: { sessionId, boardId: null, actorId: actor.participantId, kind: 'invite.created', data: { role }, at: now } },
    ]);
    return { inviteCode: code, url: `${this.deps.publicUrl()}/i/${code}`, role };
  }

  async describe(actor: Actor): Promise<{ session: SessionRow; boards: BoardSummary[] }> {
    const session = await this.deps.storage.getSession(actor.sessionId);
    if (!session) throw new DomainError('NOT_FOUND', 'The session no longer exists.');
    const boards = (await this.deps.storage.listBoards(session.id)).map(summary);
    return { session, boards };
  }

  /** The procedure record, oldest first. */
  async record(sessionId: string, afterSeq = 0) {
    return (await this.deps.storage.listRecord(sessionId, afterSeq)).map((e) => ({ seq: e.seq!, boardId: e.boardId, actorId: e.actorId, kind: e.kind, data: e.data, at: e.at }));
  }

  private newParticipant(sessionId: string, role: Role, name: string | null, profile: { group?: string; ageBand?: string; locale?: string } = {}): ParticipantRow {
    return {
      id: newId(), sessionId, role, name,
      group: profile.group ?? null, ageBand: profile.ageBand ?? null, locale: profile.locale ?? null,
      tokenVersion: 1, revoked: false, createdAt: this.now(),
    };
  }

  private async admit(session: SessionRow, p: ParticipantRow): Promise<JoinResponse> {
    await this.deps.storage.commit([{ op: 'participant.put', participant: p }]);
    const boards = (await this.deps.storage.listBoards(session.id)).map(summary);
    return { token: this.tokenFor(p), participantId: p.id, role: p.role, sessionId: session.id, title: session.title, boards };
  }
}
