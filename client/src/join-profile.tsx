/**
 * The optional part of joining, folded away: group and age band with what they are used for
 * (counted in aggregate only, with consent), and whether this device is the big screen.
 */
import { t } from './i18n.ts';
import type { MessageKey } from './i18n.ts';
import type { JoinForm } from './landing-forms.ts';
import { en as coreStrings } from './strings/core.ts';

/** A choice's label: the translation of a known key (the defaults), or the session's own words. */
function choiceLabel(kind: 'group' | 'ageBand', value: string): string {
  const key = `join.${kind}.${value}`;
  return key in coreStrings ? t(key as MessageKey) : value;
}

function ChoiceSelect({ id, label, kind, options, value, onChange }: {
  id: string;
  label: string;
  kind: 'group' | 'ageBand';
  options: string[];
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('join.notSay')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {choiceLabel(kind, o)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function JoinProfileFields({ model }: { model: JoinForm }) {
  const preview = model.preview.value;
  const groups = preview?.groups ?? [];
  const ageBands = preview?.ageBands ?? [];
  const chosen = model.group.value !== '' || model.ageBand.value !== '';
  return (
    <details class="join-more">
      <summary>{t('join.more')}</summary>
      {groups.length > 0 && (
        <ChoiceSelect id="join-group" label={t('join.group')} kind="group" options={groups} value={model.group.value} onChange={(v) => (model.group.value = v)} />
      )}
      {ageBands.length > 0 && (
        <ChoiceSelect id="join-age" label={t('join.ageBand')} kind="ageBand" options={ageBands} value={model.ageBand.value} onChange={(v) => (model.ageBand.value = v)} />
      )}
      <p id="join-consent-text" class="hint">{t('join.consentText')}</p>
      {(groups.length > 0 || ageBands.length > 0) && (
        <label class="choice">
          <input
            type="checkbox"
            checked={model.consent.value}
            aria-invalid={chosen && model.error.value === 'CONSENT' ? true : undefined}
            aria-describedby="join-consent-text"
            onChange={(e) => (model.consent.value = e.currentTarget.checked)}
          />
          <span>{t('join.consent')}</span>
        </label>
      )}
      <label class="choice">
        <input
          type="checkbox"
          checked={model.role.value === 'screen'}
          onChange={(e) => (model.role.value = e.currentTarget.checked ? 'screen' : 'resident')}
        />
        <span>{t('join.screen')}</span>
      </label>
    </details>
  );
}
