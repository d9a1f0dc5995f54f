/** Two buttons to switch language; each name is written in its own language. */
import { locale, localeNames, setLocale, t } from './i18n.ts';
import type { Locale } from './i18n.ts';

const locales = Object.keys(localeNames) as Locale[];

export function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      {locales.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={locale.value === code}
          onClick={() => setLocale(code)}
        >
          {localeNames[code]}
        </button>
      ))}
    </div>
  );
}
