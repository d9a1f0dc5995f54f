/**
 * Escalation across processes: the neighbourhood session is owned by one process, the street
 * office's by another (PostgreSQL, one owner per session). Escalating, and setting the status on
 * the office's side, each commit in the session that sends them; the other side sees the result.
 */
import { describe, expect, it } from 'vitest';
import type { EscalationsResponse } from '../shared/results.ts';
import { api, connectSocket, createSession } from './helpers/clients.ts';
import { useOpenClients } from './helpers/open-clients.ts';
import { createTestSchema, usePostgresServers } from './helpers/postgres.ts';
import { consultation, ok } from './helpers/results-fixture.ts';

const { db: database, start } = usePostgresServers();
const clients = useOpenClients();

describe('escalation between sessions owned by different processes', () => {
  it('escalates from a session on A to one on B, and B’s status reaches A’s side', async () => {
    const { url } = await createTestSchema(database().url);
    const [a, b] = [await start(url), await start(url)];
    const src = await consultation(a, 'Courtyard 3');
    const office = await createSession(b.url, 'Street office 街道办');
    expect(a.app.ownership.current(src.s.sessionId)).toBeDefined();
    expect(b.app.ownership.current(office.sessionId)).toBeDefined();
    const officeSock = await connectSocket(b.url, office.facilitatorToken);
    clients.sockets.push(officeSock);
    const code = (await api<{ escalationCode: string }>(b.url, 'GET', '/api/me', undefined, office.facilitatorToken)).body.escalationCode;

    const ack = await ok(src.fac, 'item:escalate', { boardId: src.boardId, kind: 'action', itemId: src.actionIds.overdue, code });
    expect(ack.escalation).toMatchObject({ otherSessionId: office.sessionId, status: 'open' });
    const incoming = await api<EscalationsResponse>(b.url, 'GET', `/api/sessions/${office.sessionId}/escalations`, undefined, office.facilitatorToken);
    expect(incoming.body.incoming).toHaveLength(1);
    await ok(officeSock, 'escalation:update', { escalationId: ack.escalation.id, status: 'done', note: 'Lift company came 电梯公司来了' });
    const outgoing = await api<EscalationsResponse>(a.url, 'GET', `/api/sessions/${src.s.sessionId}/escalations`, undefined, src.s.facilitatorToken);
    expect(outgoing.body.outgoing[0]).toMatchObject({ id: ack.escalation.id, status: 'done' });
    src.close();
  });
});
