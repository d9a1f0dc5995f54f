/** Models behind the landing page: creating a consultation and joining one by code. */
import { computed, effect, signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import type { CreateSessionResponse, JoinPreviewResponse, SessionTemplate } from '../../shared/http-api.ts';
import { JoinCodeAlphabet, JoinCodeLength, formatJoinCode, normalizeJoinCode } from '../../shared/join-code.ts';
import { ApiError, createSession, joinSession, previewJoin } from './api.ts';
import type { ApiErrorCode } from './api.ts';
import { locale } from './i18n.ts';
import { boardPath, navigate } from './route.ts';
import { findSessionByJoinCode, saveSession } from './session-store.ts';
import type { StoredSession } from './session-store.ts';

function errorCode(err: unknown): ApiErrorCode {
  return err instanceof ApiError ? err.code : 'INTERNAL';
}

/**
 * Whether a topic is more likely a join code typed into the wrong box: eight characters of the
 * code alphabet (spaces and a dash allowed), as a resident copies them from the big screen.
 */
export function looksLikeJoinCode(topic: string): boolean {
  const code = normalizeJoinCode(topic.trim());
  return code.length === JoinCodeLength && [...code].every((c) => JoinCodeAlphabet.includes(c));
}

/** The "start a consultation" form. */
export class CreateSessionForm {
  readonly title = signal('');
  /** The kind of consultation: the full open-space one, or a courtyard micro-consultation. */
  readonly template = signal<SessionTemplate>('standard');
  /** Set when the topic looks like a join code: creating waits until the person says which they meant. */
  readonly askJoin = signal(false);
  /** Asked for only after the server said creating needs the organiser key (ADMIN_TOKEN). */
  readonly adminToken = signal('');
  readonly needsKey = signal(false);
  readonly busy = signal(false);
  readonly error = signal<ApiErrorCode | null>(null);
  /** Set once the session exists; the page then shows its join code. */
  readonly created = signal<CreateSessionResponse | null>(null);
  private readonly abort = new AbortController();

  /**
   * Creates the session and keeps the facilitator token on this device. A topic that looks like a
   * join code first asks "Did you mean to join?": creating by mistake makes a resident the
   * facilitator of an empty consultation; `confirmed` is the "No, create it" answer.
   */
  async submit(confirmed = false): Promise<void> {
    const title = this.title.value.trim();
    if (!title || this.busy.value) return;
    if (!confirmed && looksLikeJoinCode(title)) {
      this.askJoin.value = true;
      return;
    }
    this.askJoin.value = false;
    this.busy.value = true;
    this.error.value = null;
    try {
      const res = await createSession(title, this.adminToken.value.trim(), this.abort.signal, this.template.value);
      saveSession({
        sessionId: res.sessionId,
        token: res.facilitatorToken,
        participantId: res.participantId,
        role: 'facilitator',
        title,
        joinCode: res.joinCode,
        boardId: res.boards[0]?.id,
      });
      this.created.value = res;
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.error.value = errorCode(err);
      if (this.error.value === 'UNAUTHORIZED') this.needsKey.value = true;
    } finally {
      this.busy.value = false;
    }
  }

  /** Opens the plenary board of the session just created. */
  openBoard(): void {
    const res = this.created.value;
    const board = res?.boards.find((b) => b.kind === 'plenary') ?? res?.boards[0];
    if (res && board) navigate(boardPath(res.sessionId, board.id));
  }

  destroy(): void {
    this.abort.abort();
  }
}

/** Why joining did not happen: a server or network code, or `CONSENT` (a group or age band without the box ticked). */
export type JoinError = ApiErrorCode | 'CONSENT';

/** The "join by code" form; with a code from a `/j/<code>` link it first asks the server what the session offers. */
export class JoinForm {
  readonly code: Signal<string>;
  readonly name = signal('');
  readonly role = signal<'resident' | 'screen'>('resident');
  /** Self-reported, optional, kept only with consent and used only in aggregate. */
  readonly group = signal('');
  readonly ageBand = signal('');
  readonly consent = signal(false);
  readonly busy = signal(false);
  readonly error = signal<JoinError | null>(null);
  /** The session behind the code (title, anonymity, choices), once the server answered. */
  readonly preview = signal<JoinPreviewResponse | null>(null);
  /** This device's earlier identity for the typed code, so a reload does not join twice. */
  readonly known = computed<StoredSession | null>(() => {
    const found = findSessionByJoinCode(this.code.value);
    return found?.boardId ? found : null;
  });
  /** Whether a name is asked for (not in an anonymous session). */
  readonly asksName = computed(() => !this.preview.value?.anonymous);
  private readonly abort = new AbortController();
  private readonly stopPreview: () => void;

  constructor(initialCode: string, private readonly load: typeof previewJoin = previewJoin) {
    // A code from a link is shown as on the big screen (ACDE-FGHJ), easier to compare.
    const given = normalizeJoinCode(initialCode);
    this.code = signal(given.length === 8 ? formatJoinCode(given) : initialCode);
    // A complete code (8 characters) is looked up once; the answer names the session to join.
    let asked = '';
    this.stopPreview = effect(() => {
      const code = normalizeJoinCode(this.code.value);
      if (code.length !== 8 || code === asked) return;
      asked = code;
      this.preview.value = null;
      this.load(code, this.abort.signal).then(
        (p) => {
          if (normalizeJoinCode(this.code.value) === code) this.preview.value = p;
        },
        (err: unknown) => {
          // Offline or unknown: joining says why when tried; a wrong code is worth saying now.
          if (!this.abort.signal.aborted && errorCode(err) === 'NOT_FOUND' && normalizeJoinCode(this.code.value) === code) this.error.value = 'NOT_FOUND';
        },
      );
    });
  }

  /** Joins, remembers the token, and opens the plenary board. */
  async submit(): Promise<void> {
    const joinCode = normalizeJoinCode(this.code.value);
    if (joinCode.length < 4 || this.busy.value) return;
    const group = this.group.value || undefined;
    const ageBand = this.ageBand.value || undefined;
    if ((group || ageBand) && !this.consent.value) {
      this.error.value = 'CONSENT';
      return;
    }
    this.busy.value = true;
    this.error.value = null;
    try {
      const name = this.asksName.value ? this.name.value.trim() : '';
      const res = await joinSession(
        {
          joinCode,
          name: name || undefined,
          role: this.role.value,
          ...(group || ageBand ? { group, ageBand, consent: true } : {}),
          locale: locale.value,
        },
        this.abort.signal,
      );
      const board = res.boards.find((b) => b.kind === 'plenary') ?? res.boards[0];
      saveSession({
        sessionId: res.sessionId,
        token: res.token,
        participantId: res.participantId,
        role: res.role,
        title: res.title,
        joinCode,
        boardId: board?.id,
      });
      if (board) navigate(boardPath(res.sessionId, board.id));
      else this.error.value = 'NOT_FOUND';
    } catch (err) {
      if (!this.abort.signal.aborted) this.error.value = errorCode(err);
    } finally {
      this.busy.value = false;
    }
  }

  /** Goes back to the session this device already joined with this code. */
  continueKnown(): void {
    const known = this.known.value;
    if (known?.boardId) navigate(boardPath(known.sessionId, known.boardId));
  }

  destroy(): void {
    this.abort.abort();
    this.stopPreview();
  }
}
