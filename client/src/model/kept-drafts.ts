/**
 * Action wording the server did not take, kept on the device and offered back. A resident
 * co-drafts an action's text straight into the board document; when the step leaves Act while
 * they type (or while their tablet was offline), the server refuses the change (4403), the board
 * is reloaded from the server and the change would be gone. So before the refused document is
 * dropped, the wording it held that the server lacks is kept here (localStorage, per session,
 * surviving a reload and a new join), until the person puts it back, copies it or dismisses it.
 */
import * as Y from 'yjs';
import { signal } from '@preact/signals';
import { actionsMap } from '../../../shared/board-doc.ts';

/** One kept wording. */
export interface KeptDraft {
  /** Made when kept; names it for dismissing. */
  id: string;
  boardId: string;
  actionId: string;
  text: string;
  /** When it was kept (device clock). */
  at: number;
}

/** Where kept drafts live; tests pass a memory one. */
export interface KeptDraftsStore {
  load(): KeptDraft[];
  save(all: KeptDraft[]): void;
}

/** Kept wordings of one session on this device. */
export class KeptDrafts {
  readonly items = signal<KeptDraft[]>([]);
  private seq = 0;

  constructor(private readonly store: KeptDraftsStore, private readonly now: () => number = Date.now) {
    this.items.value = store.load();
  }

  /** Keeps a wording; the same text for the same action is kept once. */
  keep(boardId: string, actionId: string, text: string): void {
    if (text.trim() === '') return;
    if (this.items.value.some((d) => d.boardId === boardId && d.actionId === actionId && d.text === text)) return;
    const at = this.now();
    const draft: KeptDraft = { id: `${at.toString(36)}-${(this.seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`, boardId, actionId, text, at };
    this.set([...this.items.value, draft]);
  }

  /** Forgets every one (the person was removed, or the session deleted). */
  clear(): void {
    this.set([]);
  }

  /** Forgets one (put back, or the person dismissed it). */
  dismiss(id: string): void {
    this.set(this.items.value.filter((d) => d.id !== id));
  }

  private set(all: KeptDraft[]): void {
    this.items.value = all;
    this.store.save(all);
  }
}

/** The text of every action whose title is a Y.Text, by id. */
function titles(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, m] of actionsMap(doc)) {
    const title = m instanceof Y.Map ? m.get('title') : null;
    if (title instanceof Y.Text) out.set(id, title.toString());
  }
  return out;
}

/**
 * The action wordings in `local` that the server's document `server` lacks: `local`'s changes
 * that the server does not have are applied to a copy of `server`, and every action whose title
 * they change is returned with its text as `local` showed it. (An action the server deleted
 * meanwhile is returned when `local` still had text for it.)
 */
export function unsentWordings(local: Y.Doc, server: Y.Doc): { actionId: string; text: string }[] {
  const probe = new Y.Doc();
  try {
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(server));
    const before = titles(probe);
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(local, Y.encodeStateVector(server)));
    const after = titles(probe);
    const out: { actionId: string; text: string }[] = [];
    for (const [actionId, text] of titles(local)) {
      const changed = before.has(actionId) ? after.get(actionId) !== before.get(actionId) : text.trim() !== '';
      if (changed) out.push({ actionId, text });
    }
    return out;
  } finally {
    probe.destroy();
  }
}

/** The state of board docs the server refused, kept until it can be compared with the server's. */
export class RefusedDocs {
  private state: Uint8Array | null = null;

  /** Remembers what `doc` holds (call before it is dropped). */
  add(doc: Y.Doc): void {
    const state = Y.encodeStateAsUpdate(doc);
    this.state = this.state ? Y.mergeUpdates([this.state, state]) : state;
  }

  /**
   * The wordings the remembered docs hold that `server` lacks (see `unsentWordings`), or all
   * their wordings when `server` is null (unknown); then forgets them.
   */
  takeUnsent(server: Y.Doc | null): { actionId: string; text: string }[] {
    const state = this.state;
    if (!state) return [];
    this.state = null;
    const refused = new Y.Doc();
    const empty = new Y.Doc();
    try {
      Y.applyUpdate(refused, state);
      return unsentWordings(refused, server ?? empty);
    } finally {
      refused.destroy();
      empty.destroy();
    }
  }
}

/** Keeps drafts in memory only (tests, or storage disabled). */
export function memoryKeptDraftsStore(initial: KeptDraft[] = []): KeptDraftsStore {
  let all = initial;
  return { load: () => all, save: (next) => void (all = next) };
}

function isDraft(v: unknown): v is KeptDraft {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.boardId === 'string' && typeof o.actionId === 'string' && typeof o.text === 'string' && typeof o.at === 'number';
}

/** One localStorage item per session (`yishi.drafts.<sessionId>`), kept across joins. */
export function localKeptDraftsStore(sessionId: string, storage: Storage = localStorage): KeptDraftsStore {
  const key = `yishi.drafts.${sessionId}`;
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
        return Array.isArray(parsed) ? parsed.filter(isDraft) : [];
      } catch {
        return [];
      }
    },
    save(all) {
      try {
        if (all.length === 0) storage.removeItem(key);
        else storage.setItem(key, JSON.stringify(all));
      } catch {
        // storage full or disabled: the wording stays offered in this tab
      }
    },
  };
}

const kept = new Map<string, KeptDrafts>();

/** The kept drafts of a session on this device (one per page, shared by every board). */
export function keptDraftsFor(sessionId: string): KeptDrafts {
  let k = kept.get(sessionId);
  if (!k) kept.set(sessionId, (k = new KeptDrafts(localKeptDraftsStore(sessionId))));
  return k;
}
