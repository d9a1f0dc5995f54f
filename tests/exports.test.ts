/**
 * Exports over HTTP: Markdown, CSV and JSON, for moderators at any time and for anyone once
 * published; CSV is UTF-8 with BOM and neutralises spreadsheet formulas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicResults } from '../shared/results.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { createSession, joinAsExpert } from './helpers/clients.ts';
import { consultation, ok, Secrets, type Consultation } from './helpers/results-fixture.ts';

let server: TestServer;
let t: Consultation;
beforeAll(async () => {
  server = await startServer();
  t = await consultation(server);
});
afterAll(async () => {
  t?.close();
  await server?.close();
});

const get = (route: string, token?: string) => fetch(server.url + route, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('exports', () => {
  it('moderators export before publishing; residents, other sessions and anonymous callers cannot', async () => {
    const id = t.s.sessionId;
    const res = await get(`/api/sessions/${id}/export.json`, t.s.facilitatorToken);
    expect(res.status).toBe(200);
    expect((await res.json() as PublicResults).publishedAt).toBeNull();
    const expert = await joinAsExpert(server.url, id, t.s.facilitatorToken);
    expect((await get(`/api/sessions/${id}/export.md`, expert.token)).status).toBe(200);
    expect((await get(`/api/sessions/${id}/export.csv`, t.resident.token)).status).toBe(403);
    expect((await get(`/api/sessions/${id}/export.csv`)).status).toBe(401);
    const other = await createSession(server.url, 'Other');
    expect((await get(`/api/sessions/${id}/export.csv`, other.facilitatorToken)).status).toBe(403);
    expect((await get(`/api/public/sessions/${id}/export.csv`)).status).toBe(404);
    expect((await get(`/api/sessions/${id}/export.xml`, t.s.facilitatorToken)).status).toBe(404);
    expect((await get(`/api/sessions/${id}/export.csv?lang=fr`, t.s.facilitatorToken)).status).toBe(400);
  });

  it('CSV: UTF-8 with BOM, an attachment, Chinese intact, and a formula concern neutralised', async () => {
    await ok(t.fac, 'session:publish', {});
    const res = await get(`/api/public/sessions/${t.s.sessionId}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="yishi-results-${t.s.sessionId}\\.csv"; filename\\*=UTF-8''`));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFBoard,Type,Id,Theme,Text,Votes,Rank,Owner,Due,Status,Overdue,Escalation,Updates,Expert advice');
    expect(csv).toContain('Housing office 房管所');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    // No cell anywhere starts with a formula character.
    expect(csv).not.toMatch(/(^|,)"?[=+\-@]/m);
    expect(csv).not.toContain('HIDDEN-CONCERN-text');
    for (const secret of Object.values(Secrets)) expect(csv).not.toContain(secret);
  });

  it('CSV and Markdown headings follow ?lang=zh-CN', async () => {
    const csv = await (await get(`/api/public/sessions/${t.s.sessionId}/export.csv?lang=zh-CN`)).text();
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('议题板,类型,编号,主题,内容,票数,排名,负责方,截止日期,状态,已逾期,上报,进展,专家建议');
    const md = await get(`/api/public/sessions/${t.s.sessionId}/export.md?lang=zh-CN`);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const text = await md.text();
    expect(text).toContain('# Lift repair 电梯维修');
    expect(text).toContain('### 行动事项');
    expect(text).toContain('投票结果尚未公布。');
  });

  it('JSON is the versioned results schema, the same as the public results', async () => {
    const res = await get(`/api/public/sessions/${t.s.sessionId}/export.json`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`filename="yishi-results-${t.s.sessionId}.json"`);
    const body = await res.json() as PublicResults;
    const live = await (await get(`/api/public/sessions/${t.s.sessionId}/results`)).json() as PublicResults;
    expect(body.schema).toBe('yishi.results/1');
    expect({ ...body, generatedAt: 0 }).toEqual({ ...live, generatedAt: 0 });
  });

  it('after unpublishing the public exports are 404 again; the moderators’ still work', async () => {
    await ok(t.fac, 'session:unpublish', {});
    expect((await get(`/api/public/sessions/${t.s.sessionId}/export.md`)).status).toBe(404);
    expect((await get(`/api/sessions/${t.s.sessionId}/export.md`, t.s.facilitatorToken)).status).toBe(200);
  });
});
