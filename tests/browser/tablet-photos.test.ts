/**
 * Photos on concerns, through the screens (docs/API.md "Photos on concerns"): a resident on a
 * touch tablet picks a camera JPEG carrying GPS EXIF for their own concern; the tablet scales it
 * down and sends it; the thumbnail shows on the tablets' board, on the big screen and on the
 * console; a tap opens the full size; what is stored has no EXIF or GPS left. Another resident
 * gets no control for someone else's concern and the server refuses a hand-made upload (403).
 * When the facilitator hides the concern, its photo leaves the big screen and the other tablets.
 */
import { describe, expect, it } from 'vitest';
import exifr from 'exifr';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import type { JoinResponse } from '../../shared/http-api.ts';
import { createSession, join } from '../helpers/clients.ts';
import { jpegWithGps } from '../helpers/images.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';

const rig = useRig();

type Entry = { sessionId: string; token: string; participantId: string; role: string; title: string; joinCode?: string };

/** A device that already holds a token (session-store.ts), so it opens the board as that person. */
async function deviceAs(kind: 'tablet' | 'laptop' | 'projector', e: Entry): Promise<Page> {
  const ctx: BrowserContext = await rig.device(kind, { locale: 'en' });
  await ctx.addInitScript((value: string) => {
    if (!localStorage.getItem('yishi.sessions')) localStorage.setItem('yishi.sessions', value);
  }, JSON.stringify({ [e.sessionId]: { ...e, savedAt: Date.now() } }));
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

const asResident = (j: JoinResponse): Entry => ({ sessionId: j.sessionId, token: j.token, participantId: j.participantId, role: j.role, title: j.title });

/** Whether an image element finished loading real pixels (the token in its URL was accepted). */
const loaded = (page: Page, selector: string): Promise<boolean> =>
  page.locator(selector).first().evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);

async function addConcern(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a concern' }).click();
  await page.getByRole('textbox', { name: 'Your concern' }).fill(text);
  await page.getByRole('button', { name: 'Post' }).click();
  await page.locator('.tmine__item', { hasText: text }).getByText('On the board').waitFor();
}

const liftText = 'The lift door closes on people';
const wangText = 'Broken paving by gate 2';

describe('photos on concerns, from the tablet to every screen', () => {
  it('a resident attaches a scaled-down photo to their own concern; it shows everywhere without EXIF and follows hiding', async () => {
    const base = rig.server.url;
    const s = await createSession(base, 'Courtyard repairs');
    const boardId = s.boards[0]!.id;
    const li = await join(base, s.joinCode, { name: 'Mrs Li' });
    const wang = await join(base, s.joinCode, { name: 'Mr Wang' });
    const screenJoin = await join(base, s.joinCode, { role: 'screen' });
    const boardPath = `/b/${s.sessionId}/${boardId}`;

    const tabletLi = await deviceAs('tablet', asResident(li));
    // A probe, not a stand-in: it copies what the page posts to a photo route, then lets fetch send it unchanged.
    await tabletLi.addInitScript(() => {
      const w = window as unknown as { sentPhotos: { type: string; size: number; bytes: number[] }[] };
      w.sentPhotos = [];
      const send = window.fetch.bind(window);
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input).endsWith('/photo') && init?.body instanceof Blob) {
          const body = init.body;
          w.sentPhotos.push({ type: body.type, size: body.size, bytes: [...new Uint8Array(await body.arrayBuffer())] });
        }
        return send(input, init);
      };
    });
    const tabletWang = await deviceAs('tablet', asResident(wang));
    const screen = await deviceAs('projector', { ...asResident(screenJoin), joinCode: s.joinCode });
    const consolePage = await deviceAs('laptop', { sessionId: s.sessionId, token: s.facilitatorToken, participantId: s.participantId, role: 'facilitator', title: 'Courtyard repairs', joinCode: s.joinCode });
    await Promise.all([tabletLi.goto(boardPath), tabletWang.goto(boardPath), screen.goto(boardPath), consolePage.goto(boardPath)]);

    await addConcern(tabletLi, liftText);
    await addConcern(tabletWang, wangText);
    const liItem = tabletLi.locator('.tmine__item', { hasText: liftText });
    const noteId = await tabletLi.locator('.tboard .tnote', { hasText: liftText }).getAttribute('data-note');
    expect(noteId).toBeTruthy();

    // The camera's file: 2400×1600 with the camera's make and a GPS position in its EXIF.
    const original = await jpegWithGps();
    const gps = await exifr.gps(original);
    expect(gps?.latitude).toBeCloseTo(39.9, 1);

    // Through the "Add photo" control of Mrs Li's own concern: the tablet scales it and uploads.
    const upload = tabletLi.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/notes/${noteId}/photo`));
    await liItem.getByText('Add photo').waitFor();
    await liItem.locator('input[type="file"]').setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: original });
    expect((await upload).status()).toBe(201);
    // What left the tablet (recorded by the probe below as the page sent it): a JPEG of at most 1600 px.
    const sent = await tabletLi.evaluate(() => (window as unknown as { sentPhotos: { type: string; size: number; bytes: number[] }[] }).sentPhotos);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.type).toBe('image/jpeg');
    const sentMeta = await sharp(Buffer.from(sent[0]!.bytes)).metadata();
    expect(sentMeta.format).toBe('jpeg');
    expect(Math.max(sentMeta.width ?? 0, sentMeta.height ?? 0)).toBe(1600); // 2400 × 1600 scaled down before sending
    expect(await exifr.gps(Buffer.from(sent[0]!.bytes))).toBeUndefined();
    await tabletLi.getByText('The photo was added.').waitFor();
    await liItem.getByText('Change photo').waitFor();

    // The thumbnail on Mrs Li's board, Mr Wang's board, the big screen and the console — loaded, not just linked.
    const boardThumb = `.tboard .tnote[data-note="${noteId}"] .tphoto img`;
    await tabletLi.locator(boardThumb).waitFor();
    await tabletWang.locator(boardThumb).waitFor();
    await expect.poll(() => loaded(tabletWang, boardThumb)).toBe(true);
    const photoSrc = await tabletWang.locator(boardThumb).getAttribute('src');
    let photoId = /\/api\/photos\/([^/]+)\/thumb/.exec(photoSrc ?? '')?.[1] ?? '';
    expect(photoId).not.toBe('');

    const screenThumb = screen.locator('.bs-note', { hasText: liftText }).getByRole('img', { name: 'Photo with this concern' });
    await screenThumb.waitFor();
    await expect.poll(() => screenThumb.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
    expect(await screenThumb.getAttribute('src')).toContain(`/api/photos/${photoId}/thumb`);

    const consoleThumb = consolePage.getByRole('button', { name: `Show the photo of “${liftText}”` });
    await consoleThumb.waitFor();
    await expect.poll(() => consoleThumb.locator('img').evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);

    await screenshot(tabletLi, 'tablet-photo-mine-en');
    await screenshot(screen, 'big-screen-photo-en');
    await screenshot(consolePage, 'console-photo-en');
    expect(await axeViolations(tabletLi)).toEqual([]);
    expect(await axeViolations(screen)).toEqual([]);
    expect(await axeViolations(consolePage)).toEqual([]);

    // A tap on Mr Wang's tablet opens the full size (1600 px on its long edge).
    await tabletWang.locator(`.tboard .tnote[data-note="${noteId}"]`).getByRole('button', { name: 'Show photo' }).tap();
    const full = tabletWang.getByRole('dialog', { name: 'Photo of the concern' });
    await full.waitFor();
    const fullImg = full.getByRole('img', { name: 'Photo of the concern' });
    await expect.poll(() => fullImg.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1600);
    expect(await fullImg.getAttribute('src')).toContain(`/api/photos/${photoId}/full`);
    await screenshot(tabletWang, 'tablet-photo-full-en');
    expect(await axeViolations(tabletWang)).toEqual([]);
    await full.getByRole('button', { name: 'Close' }).tap();
    await full.waitFor({ state: 'hidden' });

    // And on the console, a click opens it too.
    await consoleThumb.click();
    const consoleFull = consolePage.getByRole('dialog', { name: `Show the photo of “${liftText}”` });
    await expect.poll(() => consoleFull.getByRole('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1600);
    await consoleFull.getByRole('button', { name: 'Close' }).click();

    // What is stored has no EXIF at all: no camera, no GPS.
    const stored = await fetch(`${base}/api/photos/${photoId}/full`, { headers: { authorization: `Bearer ${s.facilitatorToken}` } });
    expect(stored.status).toBe(200);
    expect(stored.headers.get('content-type')).toBe('image/jpeg');
    const storedBytes = Buffer.from(await stored.arrayBuffer());
    expect(await exifr.gps(storedBytes)).toBeUndefined();
    expect(await exifr.parse(storedBytes, true)).toBeUndefined();
    expect(storedBytes.includes(Buffer.from('SECRET-OWNER'))).toBe(false);
    expect(storedBytes.includes(Buffer.from('TestCam'))).toBe(false);
    // The browser's re-encoding already drops EXIF; a client that sends the camera's file as it is
    // (the raw JPEG with GPS) gets it stripped by the server, and the new photo replaces the old everywhere.
    const raw = await fetch(`${base}/api/boards/${boardId}/notes/${noteId}/photo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${li.token}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(original),
    });
    expect(raw.status).toBe(201);
    const rawPhotoId = ((await raw.json()) as { photoId: string }).photoId;
    expect(rawPhotoId).not.toBe(photoId);
    const rawStored = Buffer.from(await (await fetch(`${base}/api/photos/${rawPhotoId}/full?token=${encodeURIComponent(li.token)}`)).arrayBuffer());
    expect(await exifr.gps(rawStored)).toBeUndefined();
    expect(await exifr.parse(rawStored, true)).toBeUndefined();
    expect(rawStored.includes(Buffer.from('SECRET-OWNER'))).toBe(false);
    expect((await fetch(`${base}/api/photos/${photoId}/full?token=${encodeURIComponent(li.token)}`)).status).toBe(404);
    await tabletWang.locator(`.tboard .tnote[data-note="${noteId}"] .tphoto img[src*="${rawPhotoId}"]`).waitFor();
    await screen.locator(`.bs-note img[src*="${rawPhotoId}"]`).waitFor();
    photoId = rawPhotoId;

    // Mr Wang: an "Add photo" control for his own concern only, none on Mrs Li's.
    expect(await tabletWang.locator('.tmine__item', { hasText: wangText }).getByText('Add photo').count()).toBe(1);
    expect(await tabletWang.getByText('Add photo').count()).toBe(1);
    expect(await tabletWang.locator(`.tnote[data-note="${noteId}"]`).getByText(/Add photo|Change photo/).count()).toBe(0);
    // A hand-made upload to her concern is refused, and her photo stays.
    const forged = await fetch(`${base}/api/boards/${boardId}/notes/${noteId}/photo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${wang.token}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(original),
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect(await tabletLi.locator(boardThumb).getAttribute('src')).toContain(photoId);

    // The facilitator hides the concern from the console: its photo leaves the big screen and Mr Wang's tablet.
    await consolePage.getByRole('button', { name: `Hide “${liftText}”` }).click();
    await consolePage.getByRole('dialog').getByRole('textbox').fill('Shows a neighbour’s face');
    await consolePage.getByRole('dialog').getByRole('button', { name: 'Hide' }).click();
    await screen.getByText(liftText).waitFor({ state: 'detached' });
    expect(await screen.getByRole('img', { name: 'Photo with this concern' }).count()).toBe(0);
    await tabletWang.locator(`.tnote[data-note="${noteId}"]`).waitFor({ state: 'detached' });
    expect(await tabletWang.locator('.tphoto').count()).toBe(0);
    expect(await tabletWang.locator(`img[src*="${photoId}"]`).count()).toBe(0);
    // Nor can they fetch it any more; its author still sees her concern as taken off.
    for (const token of [wang.token, screenJoin.token]) {
      const r = await fetch(`${base}/api/photos/${photoId}/thumb?token=${encodeURIComponent(token)}`);
      expect(r.status).toBe(403);
    }
    await liItem.getByText('Taken off the board').waitFor();
    await screenshot(screen, 'big-screen-photo-hidden-en');
  }, 90_000);
});
