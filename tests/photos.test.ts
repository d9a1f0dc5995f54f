/**
 * Photos on concerns (docs/API.md "Photos on concerns"): only real images are kept, stripped of
 * every piece of metadata; a photo follows its concern's screening, hiding and publication; bad
 * uploads are refused with 413/415/404/403 and never crash the server or leave anything behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import exifr from 'exifr';
import sharp from 'sharp';
import type * as Y from 'yjs';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectProvider, connectSocket, createSession, eventually, join, joinAsExpert, synced } from './helpers/clients.ts';
import { jpegWithGps, pngBomb, smallPng } from './helpers/images.ts';
import { redactUrl } from '../server/http/log-redaction.ts';

let server: TestServer;
let gps: Buffer;
beforeAll(async () => {
  server = await startServer();
  gps = await jpegWithGps();
});
afterAll(async () => {
  await server?.close();
});

function upload(boardId: string, noteId: string, body: Uint8Array, token: string, type = 'image/jpeg') {
  return fetch(`${server.url}/api/boards/${boardId}/notes/${noteId}/photo`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(body),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as { error?: { code: string; message: string }; [k: string]: unknown } }));
}

async function getPhoto(path: string, token?: string) {
  const res = await fetch(`${server.url}${path}${token ? `?token=${encodeURIComponent(token)}` : ''}`);
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function setup(settings?: object) {
  const s = await createSession(server.url, 'Photos', settings);
  const boardId = s.boards[0]!.id;
  const fac = await connectSocket(server.url, s.facilitatorToken);
  const author = await join(server.url, s.joinCode, { name: 'Author' });
  const authorSock = await connectSocket(server.url, author.token);
  const other = await join(server.url, s.joinCode, { name: 'Other' });
  const screen = await join(server.url, s.joinCode, { role: 'screen' });
  return { s, boardId, fac, author, authorSock, other, screen, close: () => [fac, authorSock].forEach((x) => x.close()) };
}

describe('attaching a photo', () => {
  it('stores a JPEG with GPS EXIF without any metadata, as a 1600 px full and a 320 px thumbnail', async () => {
    const input = await exifr.parse(gps, { gps: true });
    expect(input).toMatchObject({ Make: 'TestCam', latitude: expect.closeTo(39.9, 1) }); // the fixture really carries GPS
    const t = await setup();
    const note = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'Broken step' });
    const r = await upload(t.boardId, note.noteId, gps, t.author.token);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ noteId: note.noteId, width: 1600, height: 1067, thumbWidth: 320, thumbHeight: 213 });
    const photoId = r.body.photoId as string;

    // The stored bytes themselves: no EXIF, GPS, XMP, IPTC or ICC left, and still a JPEG.
    for (const variant of ['full', 'thumb'] as const) {
      const stored = Buffer.from((await server.app.storage.getPhotoBytes(photoId, variant))!);
      expect(stored.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(await exifr.parse(stored, { tiff: true, gps: true, xmp: true, iptc: true, icc: true })).toBeUndefined();
      expect(await exifr.gps(stored)).toBeUndefined();
      expect(stored.includes(Buffer.from('Exif\0\0'))).toBe(false);
      expect(stored.includes(Buffer.from('SECRET-OWNER'))).toBe(false);
      const meta = await sharp(stored).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.format).toBe('jpeg');
    }
    // The server wrote photoId into the note; everyone on the board sees it and may fetch it.
    const screenDoc = connectProvider(server.wsUrl, t.boardId, t.screen.token);
    await synced(screenDoc);
    expect(screenDoc.doc.getMap('notes').toJSON()[note.noteId]).toMatchObject({ photoId });
    screenDoc.destroy();
    const thumb = await getPhoto(r.body.thumbUrl as string, t.screen.token);
    expect(thumb).toMatchObject({ status: 200, type: 'image/jpeg', cache: 'private, max-age=300' });
    expect((await sharp(thumb.bytes).metadata()).width).toBe(320);
    t.close();
  });

  it('accepts a PNG (transparency flattened) and replaces the previous photo, deleting it', async () => {
    const t = await setup();
    const note = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'Leaking pipe' });
    const first = await upload(t.boardId, note.noteId, gps, t.author.token);
    const second = await upload(t.boardId, note.noteId, await smallPng(), t.author.token, 'image/png');
    expect(second).toMatchObject({ status: 201, body: { width: 64, height: 48 } });
    expect(await server.app.storage.getPhoto(first.body.photoId as string)).toBeNull();
    expect((await server.app.storage.listPhotos(t.s.sessionId)).map((p) => p.id)).toEqual([second.body.photoId]);
    expect((await getPhoto(first.body.fullUrl as string, t.author.token)).status).toBe(404);
    t.close();
  });

  it('removes a photo with DELETE, and an author deleting their concern takes its photo along', async () => {
    const t = await setup();
    const a = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'One' });
    const b = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'Two' });
    const pa = await upload(t.boardId, a.noteId, gps, t.author.token);
    const pb = await upload(t.boardId, b.noteId, gps, t.author.token);
    const del = await fetch(`${server.url}/api/boards/${t.boardId}/notes/${a.noteId}/photo`, { method: 'DELETE', headers: { authorization: `Bearer ${t.author.token}` } });
    expect(del.status).toBe(204);
    expect(await server.app.storage.getPhoto(pa.body.photoId as string)).toBeNull();
    const again = await fetch(`${server.url}/api/boards/${t.boardId}/notes/${a.noteId}/photo`, { method: 'DELETE', headers: { authorization: `Bearer ${t.author.token}` } });
    expect(again.status).toBe(404);
    expect(await command(t.authorSock, 'note:delete', { boardId: t.boardId, noteId: b.noteId })).toMatchObject({ ok: true });
    expect(await server.app.storage.getPhoto(pb.body.photoId as string)).toBeNull();
    t.close();
  });

  it('no client may write photoId through Yjs, not even a facilitator', async () => {
    const t = await setup();
    const note = await command(t.fac, 'note:add', { boardId: t.boardId, text: 'Mine' });
    const p = connectProvider(server.wsUrl, t.boardId, t.s.facilitatorToken);
    await synced(p);
    (p.doc.getMap('notes').get(note.noteId) as Y.Map<unknown>).set('photoId', 'forged-photo-id');
    expect((await p.closed).code).toBe(4403);
    p.destroy();
    t.close();
  });
});

describe('bad uploads', () => {
  it('a text file named .jpg (and sent as image/jpeg) is refused 415, nothing stored', async () => {
    const t = await setup();
    const note = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'Text' });
    const text = Buffer.from('This is just text pretending to be photo.jpg\n');
    const r = await upload(t.boardId, note.noteId, text, t.author.token, 'image/jpeg');
    expect(r).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    // As multipart with a .jpg file name, it is no better.
    const form = new FormData();
    form.append('photo', new Blob([text], { type: 'image/jpeg' }), 'photo.jpg');
    const multipart = await fetch(`${server.url}/api/boards/${t.boardId}/notes/${note.noteId}/photo`, { method: 'POST', headers: { authorization: `Bearer ${t.author.token}` }, body: form });
    expect(multipart.status).toBe(415);
    expect(await server.app.storage.listPhotos(t.s.sessionId)).toEqual([]);
    t.close();
  });

  it('over 2 MiB is refused 413 with a clear message', async () => {
    const t = await setup();
    const note = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'Big' });
    const big = Buffer.alloc(2 * 1024 * 1024 + 1, 0x41);
    big.set([0xff, 0xd8, 0xff]);
    const r = await upload(t.boardId, note.noteId, big, t.author.token);
    expect(r).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/at most 2 MB/) } } });
    expect(await server.app.storage.listPhotos(t.s.sessionId)).toEqual([]);
    t.close();
  });

  it('broken and hostile files are refused; the server keeps serving; nothing is stored', async () => {
    const t = await setup();
    const note = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'Fuzz' });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const cases: [string, Buffer, number][] = [
      ['zero bytes', Buffer.alloc(0), 415],
      ['truncated JPEG', gps.subarray(0, Math.floor(gps.length / 2)), 415],
      ['JPEG magic only', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 415],
      ['PNG header and garbage', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 0x5a)]), 415],
      ['SVG with script', svg, 415],
      ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 415],
      ['RIFF but not WebP', Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'), 415],
      ['decompression bomb (60000 × 60000 declared)', pngBomb(), 413],
    ];
    for (const [name, body, status] of cases) {
      const r = await upload(t.boardId, note.noteId, body, t.author.token, name === 'SVG with script' ? 'image/svg+xml' : 'image/png');
      expect({ name, status: r.status, code: r.body.error?.code }).toEqual({ name, status, code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
    expect(await server.app.storage.listPhotos(t.s.sessionId)).toEqual([]);
    // The concern is untouched and a good photo still goes on it.
    expect(await upload(t.boardId, note.noteId, gps, t.author.token)).toMatchObject({ status: 201 });
    t.close();
  });

  it('unknown board or concern 404; someone else’s concern 403 for a resident; a screen 403; a moderator may attach', async () => {
    const t = await setup();
    const note = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'Author’s' });
    expect((await upload('no-such-board', note.noteId, gps, t.author.token)).status).toBe(404);
    expect((await upload(t.boardId, 'no-such-note', gps, t.author.token)).status).toBe(404);
    const other = await upload(t.boardId, note.noteId, gps, t.other.token);
    expect(other).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringMatching(/own concerns/) } } });
    expect((await upload(t.boardId, note.noteId, gps, t.screen.token)).status).toBe(403);
    expect((await upload(t.boardId, note.noteId, gps, 'v1.bad.1.1.x')).status).toBe(401);
    // Another session's facilitator cannot reach this board.
    const elsewhere = await createSession(server.url, 'Elsewhere');
    expect((await upload(t.boardId, note.noteId, gps, elsewhere.facilitatorToken)).status).toBe(404);
    expect(await server.app.storage.listPhotos(t.s.sessionId)).toEqual([]);
    expect((await upload(t.boardId, note.noteId, gps, t.s.facilitatorToken)).status).toBe(201);
    t.close();
  });
});

describe('who gets a photo', () => {
  it('a held concern’s photo goes to its author and moderators, not to another resident or the screen; after reveal, to the session', async () => {
    const t = await setup({ privateGather: true });
    const expert = await joinAsExpert(server.url, t.s.sessionId, t.s.facilitatorToken);
    const note = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'Private with photo' });
    expect(note).toMatchObject({ ok: true, state: 'private' });
    const up = await upload(t.boardId, note.noteId, gps, t.author.token);
    expect(up.status).toBe(201);
    const photoId = up.body.photoId as string;
    // The held note carries its photoId.
    expect(await command(t.authorSock, 'notes:held', { boardId: t.boardId })).toMatchObject({ notes: [{ note: { id: note.noteId, photoId }, state: 'private' }] });

    const path = up.body.thumbUrl as string;
    expect((await getPhoto(path, t.author.token)).status).toBe(200);
    expect((await getPhoto(path, t.s.facilitatorToken)).status).toBe(200);
    expect((await getPhoto(path, expert.token)).status).toBe(200);
    expect((await getPhoto(path, t.other.token)).status).toBe(403);
    expect((await getPhoto(path, t.screen.token)).status).toBe(403);
    expect((await getPhoto(path)).status).toBe(401);

    expect(await command(t.fac, 'notes:reveal', { boardId: t.boardId })).toMatchObject({ ok: true, revealed: 1 });
    expect((await getPhoto(path, t.other.token)).status).toBe(200);
    expect((await getPhoto(path, t.screen.token)).status).toBe(200);
    expect((await getPhoto(path)).status).toBe(401); // not published

    // Hidden by a moderator: back to author and moderators only.
    expect(await command(t.fac, 'note:hide', { boardId: t.boardId, noteId: note.noteId, reason: 'Shows a face' })).toMatchObject({ ok: true });
    expect((await getPhoto(path, t.other.token)).status).toBe(403);
    expect((await getPhoto(path, t.author.token)).status).toBe(200);
    // A hidden concern is out of its author's hands.
    expect((await upload(t.boardId, note.noteId, gps, t.author.token)).status).toBe(404);
    t.close();
  });

  it('once the session is published, anyone may fetch photos of visible concerns, never of held ones', async () => {
    const t = await setup({ screening: true });
    const visible = await command(t.fac, 'note:add', { boardId: t.boardId, text: 'Public' });
    const pending = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'Awaiting screening' });
    expect(pending).toMatchObject({ state: 'pending' });
    const pv = await upload(t.boardId, visible.noteId, gps, t.s.facilitatorToken);
    const pp = await upload(t.boardId, pending.noteId, gps, t.author.token);
    expect((await getPhoto(pv.body.fullUrl as string)).status).toBe(401);
    const published = await command(t.fac, 'session:publish', {});
    expect(published).toMatchObject({ ok: true });
    await eventually(async () => {
      const pub = await getPhoto(pv.body.fullUrl as string);
      expect(pub).toMatchObject({ status: 200, type: 'image/jpeg', cache: 'public, no-cache' });
    });
    expect((await getPhoto(pp.body.fullUrl as string)).status).toBe(401);
    // A token of another session does not open a held photo either.
    const elsewhere = await createSession(server.url, 'Elsewhere');
    expect((await getPhoto(pp.body.fullUrl as string, elsewhere.facilitatorToken)).status).toBe(404);
    expect((await getPhoto(pv.body.fullUrl as string, elsewhere.facilitatorToken)).status).toBe(200);
    t.close();
  });

  it('after publishing, a photo whose concern is then hidden or deleted by a moderator is no longer served publicly, nor listed', async () => {
    const t = await setup();
    const hideMe = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'To be hidden' });
    const deleteMe = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'To be deleted' });
    const ph = await upload(t.boardId, hideMe.noteId, gps, t.author.token);
    const pd = await upload(t.boardId, deleteMe.noteId, gps, t.author.token);
    expect(await command(t.fac, 'session:publish', {})).toMatchObject({ ok: true });
    for (const p of [ph, pd]) expect((await getPhoto(p.body.thumbUrl as string)).status).toBe(200);
    expect(await command(t.fac, 'note:hide', { boardId: t.boardId, noteId: hideMe.noteId, reason: 'names a neighbour' })).toMatchObject({ ok: true });
    expect(await command(t.fac, 'note:delete', { boardId: t.boardId, noteId: deleteMe.noteId })).toMatchObject({ ok: true });
    for (const p of [ph, pd]) {
      for (const url of [p.body.thumbUrl, p.body.fullUrl] as string[]) {
        // Hidden: held, so a token is asked for (401); deleted: gone (404). Another resident gets neither.
        expect((await getPhoto(url)).status).toBe(p === ph ? 401 : 404);
        expect((await getPhoto(url, t.other.token)).status).toBe(p === ph ? 403 : 404);
      }
    }
    const pub = await api(server.url, 'GET', `/api/public/sessions/${t.s.sessionId}/results`);
    expect(JSON.stringify(pub.body)).not.toContain(ph.body.photoId as string);
    expect(JSON.stringify(pub.body)).not.toContain(pd.body.photoId as string);
    t.close();
  });

  it('tokens in photo URLs never reach the request log', () => {
    expect(redactUrl('/api/photos/abc/thumb?token=v1.p.1.2.sig&x=1')).toBe('/api/photos/abc/thumb?token=[redacted]&x=1');
    expect(redactUrl('/api/photos/abc/full?a=1&TOKEN=secret')).toBe('/api/photos/abc/full?a=1&TOKEN=[redacted]');
  });

  it('unknown photo ids and variants are 404', async () => {
    const t = await setup();
    expect((await getPhoto('/api/photos/nope/thumb', t.author.token)).status).toBe(404);
    expect((await getPhoto('/api/photos/nope/original', t.author.token)).status).toBe(404);
    t.close();
  });
});
