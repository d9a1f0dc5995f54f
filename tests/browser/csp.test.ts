/**
 * The app's Content-Security-Policy as Chromium applies it, and the harness's violation check
 * (every browser test fails on a violation): an inline script, an inline <style> and a
 * `style="…"` set with setAttribute are refused and reported; `el.style` through the CSSOM (how
 * Preact writes style props), a blob: image and a same-origin WebSocket are allowed.
 */
import { describe, expect, it } from 'vitest';
import { takeCspViolations, useRig } from './harness.ts';

const rig = useRig();

async function openApp() {
  const page = await rig.open('laptop', '/');
  await page.locator('#app *').first().waitFor();
  return page;
}

describe('the CSP in Chromium, and the harness that reports its violations', () => {
  it('an inline script is refused (it does not run) and the harness records the violation', async () => {
    const page = await openApp();
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(async () => (await takeCspViolations()).map((v) => v.directive)).toContain('script-src-elem');
  });

  it('inline <style> elements and style attributes set with setAttribute are refused', async () => {
    const page = await openApp();
    const applied = await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 7px solid red }';
      document.head.append(style);
      const div = document.createElement('div');
      div.setAttribute('style', 'width: 123px');
      document.body.append(div);
      return { outline: getComputedStyle(document.body).outlineStyle, width: div.style.width };
    });
    expect(applied).toEqual({ outline: 'none', width: '' });
    const seen: string[] = [];
    await expect.poll(async () => {
      seen.push(...(await takeCspViolations()).map((v) => v.directive));
      return [...new Set(seen)].sort();
    }).toEqual(['style-src-attr', 'style-src-elem']);
  });

  it('allowed: styles through the CSSOM (Preact), a blob: image, a same-origin WebSocket', async () => {
    const page = await openApp();
    const result = await page.evaluate(async () => {
      const div = document.createElement('div');
      div.style.cssText = 'width: 123px';
      div.style.setProperty('height', '45px');
      document.body.append(div);
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="3" height="2"></svg>';
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      await img.decode();
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs/no-such-board`);
      const closed = await new Promise<number>((resolve) => ws.addEventListener('close', (e) => resolve(e.code)));
      return { size: `${div.getBoundingClientRect().width}x${div.getBoundingClientRect().height}`, img: `${img.naturalWidth}x${img.naturalHeight}`, closed };
    });
    // The socket reached the server (which closes it: no token), so the CSP let it through.
    expect(result).toEqual({ size: '123x45', img: '3x2', closed: 4401 });
    expect(await takeCspViolations()).toEqual([]);
  });
});
