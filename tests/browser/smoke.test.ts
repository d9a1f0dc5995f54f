/** The browser rig itself: the built client is served, renders in Chromium, and passes axe on the start page. */
import { describe, expect, it } from 'vitest';
import { axeViolations, screenshot, useRig } from './harness.ts';

const rig = useRig();

describe('the start page in Chromium', () => {
  it('renders in English and in zh-CN, with no axe violations', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const page = await rig.open('tablet', '/', { locale });
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      await screenshot(page, `start-${locale}`);
      expect(await axeViolations(page)).toEqual([]);
    }
  });
});
