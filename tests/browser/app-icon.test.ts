/**
 * The app's icon and web app manifest (issue 17, point 7): `/favicon.ico` exists, the page links
 * an SVG icon, an Apple touch icon and a manifest that Chromium parses without errors, every icon
 * it names loads as an image of its stated size, and the CSP refuses none of it (the harness
 * records every violation). A tablet can then put Yishi on its home screen.
 */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { screenshot, takeCspViolations, useRig } from './harness.ts';

const rig = useRig();

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

describe('the app icon and manifest', () => {
  it('serves /favicon.ico as a 32×32 icon', async () => {
    const res = await fetch(`${rig.server.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/icon/);
    const meta = await sharp(Buffer.from(await res.arrayBuffer()).subarray(22)).metadata();
    expect([meta.width, meta.height]).toEqual([32, 32]);
  });

  it('links a manifest Chromium accepts on a tablet, with icons that load, and no CSP refusals', async () => {
    await takeCspViolations();
    const page = await rig.open('tablet', '/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const cdp = await page.context().newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[]; data?: string };
    expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data ?? '{}') as { name: string; short_name: string; start_url: string; display: string; icons: ManifestIcon[] };
    expect(data).toMatchObject({ name: '议事 Yishi', short_name: '议事', start_url: '/', display: 'standalone' });
    const res = await fetch(manifest.url);
    expect(res.headers.get('content-type')).toMatch(/manifest\+json|application\/json/);
    for (const icon of data.icons) {
      const r = await fetch(new URL(icon.src, rig.server.url));
      expect(r.status, icon.src).toBe(200);
      expect(r.headers.get('content-type'), icon.src).toContain(icon.type);
      const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
      if (icon.sizes !== 'any') expect(`${meta.width}x${meta.height}`, icon.src).toBe(icon.sizes);
    }
    expect(data.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512')).toBe(true);
    const links = await page.evaluate(() => [...document.querySelectorAll('link[rel~="icon"], link[rel="apple-touch-icon"]')].map((l) => (l as HTMLLinkElement).href));
    for (const href of links) expect((await fetch(href)).status, href).toBe(200);
    expect(links.length).toBeGreaterThanOrEqual(2);
    // Chromium fetches the icon and manifest itself: let it, then ask what the CSP refused.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await takeCspViolations()).toEqual([]);
    await screenshot(page, 'app-icon-start-tablet-en');
  });
});
