/** Escalations as either side sees them: direction, the other session's title and public page, the status history. */
import type { EscalationView } from '../../shared/results.ts';
import type { EscalationRow, Storage } from '../storage/storage.ts';
import { publicResultsUrl } from './disclosure.ts';

/** Builds the views of `rows` from `selfSessionId`'s side; caches what it reads about other sessions. */
export async function escalationViews(storage: Storage, rows: EscalationRow[], selfSessionId: string, base: string): Promise<EscalationView[]> {
  const others = new Map<string, Promise<{ title: string; publicUrl: string | null }>>();
  const other = (id: string) => {
    let p = others.get(id);
    if (!p) {
      p = (async () => {
        const [session, disclosure] = await Promise.all([storage.getSession(id), storage.getDisclosure(id)]);
        return {
          title: session?.title ?? '',
          publicUrl: session && disclosure?.publishedAt != null ? publicResultsUrl(base, id) : null,
        };
      })();
      others.set(id, p);
    }
    return p;
  };
  return Promise.all(rows.map(async (row): Promise<EscalationView> => {
    const outgoing = row.sessionId === selfSessionId;
    const otherId = outgoing ? row.targetSessionId : row.sessionId;
    const [o, updates] = await Promise.all([other(otherId), storage.listEscalationUpdates(row.id)]);
    return {
      id: row.id, direction: outgoing ? 'outgoing' : 'incoming', otherSessionId: otherId, otherTitle: o.title, otherPublicUrl: o.publicUrl,
      kind: row.kind, title: row.title, detail: row.detail, status: row.status, createdAt: row.createdAt,
      updates: updates.map((u) => ({ at: u.at, status: u.status, note: u.note })),
      sourceBoardId: row.boardId, itemId: row.itemId,
    };
  }));
}

/** Drops the moderator-only fields, for the public results. */
export function toPublicEscalation(v: EscalationView): Omit<EscalationView, 'sourceBoardId' | 'itemId'> {
  const { sourceBoardId: _b, itemId: _i, ...pub } = v;
  return pub;
}
