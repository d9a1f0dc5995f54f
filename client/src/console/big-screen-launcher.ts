/**
 * "Open big screen" in one click. The big screen is its own participant (role `screen`), joined
 * with the session's join code; when the console opens it in another window of the same
 * browser, both windows share localStorage, so the screen's token is kept in the session
 * store's `screen` slot and the window opens `/s/<sessionId>/<boardId>`, which reads that slot.
 * The facilitator's own token is never touched.
 */
import { signal } from '@preact/signals';
import type { JoinResponse } from '../../../shared/http-api.ts';
import { t } from '../i18n.ts';
import { screenPath } from '../route.ts';
import { getSession, saveSession } from '../session-store.ts';
import { joinAsScreen } from './console-api.ts';
import type { ConsoleModel } from './console-model.ts';

/** A window the launcher can point somewhere once the screen's token exists. */
export interface ScreenWindow {
  location: { href: string };
  close(): void;
  focus?(): void;
}

/** Seams for tests. */
export interface LauncherDeps {
  /** Opens a window synchronously in the click (so no popup blocker stops it); null when blocked. */
  openWindow(url: string, name: string): ScreenWindow | null;
  join(joinCode: string, name: string): Promise<JoinResponse>;
}

const browserDeps: LauncherDeps = {
  openWindow: (url, name) => window.open(url, name) as ScreenWindow | null,
  join: joinAsScreen,
};

/** Opens (or re-focuses) this session's big screen on the current board. */
export class BigScreenLauncher {
  readonly busy = signal(false);
  /** Set when the browser blocked the window: the console shows it as a link to click. */
  readonly fallbackUrl = signal<string | null>(null);

  constructor(private readonly console: ConsoleModel, private readonly deps: LauncherDeps = browserDeps) {}

  /** Call from the click handler itself: the window is opened before anything is awaited. */
  async open(): Promise<void> {
    if (this.busy.value) return;
    const { sessionId } = this.console.stored;
    const name = `yishi-screen-${sessionId}`;
    const url = screenPath(sessionId, this.console.boardId);
    const existing = getSession(sessionId, 'screen');
    const win = this.deps.openWindow(existing ? url : '', name);
    this.fallbackUrl.value = null;
    if (existing) {
      if (!win) this.fallbackUrl.value = url;
      else win.focus?.();
      this.console.say('ok', () => t('console.screen.opened'));
      return;
    }
    const joinCode = this.console.details.value.joinCode;
    if (!joinCode) {
      win?.close();
      this.console.say('error', () => t('console.screen.noCode'));
      return;
    }
    this.busy.value = true;
    try {
      const res = await this.deps.join(joinCode, t('console.screen.participantName'));
      saveSession({
        sessionId,
        token: res.token,
        participantId: res.participantId,
        role: 'screen',
        title: res.title,
        joinCode,
        boardId: this.console.boardId,
        slot: 'screen',
      });
      if (win) win.location.href = url;
      else this.fallbackUrl.value = url;
      this.console.say('ok', () => t('console.screen.opened'));
    } catch (err) {
      win?.close();
      this.console.fail(err);
    } finally {
      this.busy.value = false;
    }
  }
}
