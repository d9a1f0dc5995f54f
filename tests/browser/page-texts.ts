/**
 * What a reader meets on a page, as text: every text node and labelling attribute (aria-label,
 * alt, title, placeholder…) in the page's own language, each noted with its element. Used to
 * find text of the other language on a page (every-screen, one-language).
 */
import type { Page } from 'playwright-core';

/** A collected text without its attribute name and element note. */
export const bare = (text: string): string => text.replace(/^[a-z-]+: /, '').replace(/ ⟨[^⟩]*⟩$/, '');

/** Text nodes and labelling attributes in the page's own language, each noted with its element. */
export async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [document.title];
    const pageLang = document.documentElement.lang.slice(0, 2).toLowerCase();
    const skip = (el: Element | null): boolean => {
      // Marked as another language on purpose (the join link, the other language's button).
      const tagged = el?.closest('body [lang]');
      if (tagged && !tagged.getAttribute('lang')!.toLowerCase().startsWith(pageLang)) return true;
      // Content the app never renders (closed <details> bodies and <dialog>s still count).
      return el instanceof HTMLElement && getComputedStyle(el).display === 'none' && !el.closest('details, dialog, select');
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const parent = n.parentElement;
        if (!parent || parent.closest('script, style, textarea, noscript') || skip(parent)) continue;
        if (n.nodeValue?.trim()) out.push(`${n.nodeValue.trim()} ⟨${parent.tagName.toLowerCase()}${parent.id ? `#${parent.id}` : ''}.${parent.getAttribute('class') ?? ''}⟩`);
      } else {
        const el = n as Element;
        if (skip(el)) continue;
        for (const attr of ['aria-label', 'alt', 'title', 'placeholder', 'aria-roledescription', 'aria-valuetext']) {
          const v = el.getAttribute(attr);
          if (v?.trim()) out.push(`${attr}: ${v.trim()} ⟨${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.getAttribute('class') ?? ''}⟩`);
        }
      }
    }
    return out;
  });
}
