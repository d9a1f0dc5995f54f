/** Every string the client shows, in zh-CN and English, and the reader's language choice. */
import { computed, effect, signal } from '@preact/signals';
import type { ErrorCode } from '../../shared/errors.ts';
import * as consoleStrings from './strings/console.ts';
import * as core from './strings/core.ts';
import * as results from './strings/results.ts';
import * as screen from './strings/screen.ts';
import * as tablet from './strings/tablet.ts';

/** The languages the client speaks (same tags as the `locale` field of `POST /api/join`). */
export type Locale = 'zh-CN' | 'en';

const en = { ...core.en, ...tablet.en, ...consoleStrings.en, ...screen.en, ...results.en };

/** A message key. */
export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = { ...core.zh, ...tablet.zh, ...consoleStrings.zh, ...screen.zh, ...results.zh };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zh };

/** Language names, each written in its own language so a reader can find theirs. */
export const localeNames: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

const STORAGE_KEY = 'yishi.locale';

function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en';
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage can be disabled (private mode); fall through to the browser's language
  }
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/** The current language; read `.value` in a component to re-render when it changes. */
export const locale = signal<Locale>(initialLocale());

/** Switches language and remembers the choice on this device. */
export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered, still switched
  }
}

/** The message for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = catalogs[locale.value][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A message that has a form per plural category: `<base>.one` and `<base>.other` both exist. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never;
}[MessageKey];

/**
 * The message for a count, in the form the current language needs for `n` (English "1 person",
 * "2 people"; Chinese has one form). `{n}` is filled with `n` written the language's way.
 */
export function tn(base: PluralBase, n: number, vars: Record<string, string | number> = {}): string {
  const form = new Intl.PluralRules(locale.value).select(n) === 'one' ? 'one' : 'other';
  return t(`${base}.${form}` as MessageKey, { n: new Intl.NumberFormat(locale.value).format(n), ...vars });
}

const errorKeys: Partial<Record<ErrorCode | 'NETWORK', MessageKey>> = {
  NETWORK: 'error.NETWORK',
  VALIDATION: 'error.VALIDATION',
  UNAUTHORIZED: 'error.UNAUTHORIZED',
  NOT_FOUND: 'error.NOT_FOUND',
  JOIN_CLOSED: 'error.JOIN_CLOSED',
  RATE_LIMITED: 'error.RATE_LIMITED',
};

/** A sentence a person can act on for an error code (server messages are not translated). */
export function describeError(code: ErrorCode | 'NETWORK'): string {
  const key = errorKeys[code];
  return key ? t(key) : t('error.other', { code });
}

const documentTitle = computed(() => `${t('app.name')} · ${t('app.tagline')}`);

/** Keeps `<html lang>` and the tab title in the current language; returns the disposer. */
export function bindDocumentLanguage(): () => void {
  return effect(() => {
    document.documentElement.lang = locale.value;
    document.title = documentTitle.value;
  });
}
