/**
 * Keeps the projector's page awake and lets the facilitator (with a keyboard, not a passer-by
 * with a finger) enter full screen and switch the language: F and L.
 */
import { signal } from '@preact/signals';
import { locale, setLocale } from '../i18n.ts';

interface WakeLockSentinelLike {
  release(): Promise<void>;
  addEventListener?(type: 'release', cb: () => void): void;
}

interface WakeLockLike {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}

/** Holds the screen wake lock (where the browser has one) and the F/L keys. Call `destroy()` to let go. */
export class ScreenKeeper {
  /** True while a wake lock is held. */
  readonly awake = signal(false);
  readonly fullscreen = signal(false);
  private sentinel: WakeLockSentinelLike | null = null;
  private destroyed = false;

  constructor(private readonly doc: Document = document, private readonly wakeLock: WakeLockLike | undefined = (navigator as unknown as { wakeLock?: WakeLockLike }).wakeLock) {
    doc.addEventListener('visibilitychange', this.onVisibility);
    doc.addEventListener('keydown', this.onKey);
    doc.addEventListener('fullscreenchange', this.onFullscreen);
    void this.requestWakeLock();
  }

  destroy(): void {
    this.destroyed = true;
    this.doc.removeEventListener('visibilitychange', this.onVisibility);
    this.doc.removeEventListener('keydown', this.onKey);
    this.doc.removeEventListener('fullscreenchange', this.onFullscreen);
    void this.sentinel?.release().catch(() => undefined);
    this.sentinel = null;
  }

  /** The browser drops the lock whenever the page is hidden; ask again when it is shown. */
  private readonly onVisibility = (): void => {
    if (this.doc.visibilityState === 'visible') void this.requestWakeLock();
  };

  private readonly onFullscreen = (): void => {
    this.fullscreen.value = this.doc.fullscreenElement !== null;
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    const key = e.key.toLowerCase();
    if (key === 'f') {
      e.preventDefault();
      if (this.doc.fullscreenElement) void this.doc.exitFullscreen().catch(() => undefined);
      else void this.doc.documentElement.requestFullscreen?.().catch(() => undefined);
    } else if (key === 'l') {
      e.preventDefault();
      setLocale(locale.value === 'en' ? 'zh-CN' : 'en');
    }
  };

  private async requestWakeLock(): Promise<void> {
    if (!this.wakeLock || this.sentinel || this.doc.visibilityState !== 'visible') return;
    try {
      const sentinel = await this.wakeLock.request('screen');
      if (this.destroyed) {
        void sentinel.release().catch(() => undefined);
        return;
      }
      this.sentinel = sentinel;
      this.awake.value = true;
      sentinel.addEventListener?.('release', () => {
        if (this.sentinel === sentinel) this.sentinel = null;
        this.awake.value = false;
      });
    } catch {
      // refused (no user activation yet, battery saver, insecure context): the projector's own settings decide
    }
  }
}
