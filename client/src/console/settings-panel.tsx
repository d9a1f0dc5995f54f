/** Session settings (facilitators only): dots, cap, what is voted on, and the inclusion switches. */
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import { BooleanSettings, NumberSettings } from './settings-model.ts';
import type { SettingsModel } from './settings-model.ts';

const voteTargets = ['notes', 'clusters', 'actions'] as const;

export function SettingsPanel({ console: c, settings }: { console: ConsoleModel; settings: SettingsModel }) {
  if (!c.can('settings:set')) return <p class="empty small">{t('console.settings.facilitatorOnly')}</p>;
  const s = settings.current;
  return (
    <form class="settings" onSubmit={(e) => e.preventDefault()} aria-labelledby="settings-heading">
      <h3 id="settings-heading">{t('console.settings.heading')}</h3>
      <fieldset class="scope">
        <legend>{t('console.settings.scope')}</legend>
        <label class="choice choice--small">
          <input type="radio" name="settings-scope" checked={settings.scope.value === 'session'} onChange={() => (settings.scope.value = 'session')} />
          {t('console.settings.scopeSession')}
        </label>
        <label class="choice choice--small">
          <input type="radio" name="settings-scope" checked={settings.scope.value === 'board'} onChange={() => (settings.scope.value = 'board')} />
          {t('console.settings.scopeBoard')}
        </label>
      </fieldset>
      {NumberSettings.map((key) => (
        <div class="field field--row" key={key}>
          <label for={`setting-${key}`}>{t(`console.settings.${key}`)}</label>
          <input
            id={`setting-${key}`}
            type="number"
            min={1}
            max={20}
            value={s[key]}
            onChange={(e) => void settings.setNumber(key, e.currentTarget.value)}
          />
        </div>
      ))}
      <div class="field field--row">
        <label for="setting-voteOn">{t('console.settings.voteOn')}</label>
        <select id="setting-voteOn" value={s.voteOn} onChange={(e) => void settings.set('voteOn', e.currentTarget.value as (typeof voteTargets)[number])}>
          {voteTargets.map((v) => (
            <option key={v} value={v}>{t(`console.settings.voteOn.${v}`)}</option>
          ))}
        </select>
      </div>
      {BooleanSettings.map((key) => (
        <div class="field" key={key}>
          <label class="choice choice--small">
            <input type="checkbox" checked={s[key]} onChange={(e) => void settings.set(key, e.currentTarget.checked)} />
            <span>
              {t(`console.settings.${key}`)}
              <span class="hint block">{t(`console.settings.${key}.hint`)}</span>
            </span>
          </label>
        </div>
      ))}
    </form>
  );
}
