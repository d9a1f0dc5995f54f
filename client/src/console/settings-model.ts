/**
 * Session settings as the facilitator changes them (`settings:set`): each change is sent at
 * once as a one-key patch, for the whole session or for this board only.
 */
import '../zod-without-eval.ts';
import { signal } from '@preact/signals';
import type { Settings, SettingsPatch } from '../../../shared/settings.ts';
import { SettingsPatchSchema } from '../../../shared/settings.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';

/** The settings the console offers, in the order shown. */
export const BooleanSettings = ['anonymous', 'privateGather', 'screening', 'residentsSort', 'marketplace'] as const;
export const NumberSettings = ['dotsPerParticipant', 'capPerTarget'] as const;

/** Where a change applies. */
export type SettingsScope = 'session' | 'board';

/** Checks a one-key patch against the shared schema; null when it is out of range. */
export function validPatch(patch: SettingsPatch): SettingsPatch | null {
  const parsed = SettingsPatchSchema.safeParse(patch);
  return parsed.success ? parsed.data : null;
}

/** Sends setting changes. */
export class SettingsModel {
  readonly scope = signal<SettingsScope>('session');

  constructor(private readonly console: ConsoleModel) {}

  get current(): Settings {
    return this.console.board.settings.value;
  }

  async set<K extends keyof Settings>(key: K, value: Settings[K]): Promise<boolean> {
    const patch = validPatch({ [key]: value } as SettingsPatch);
    if (!patch) {
      this.console.say('error', () => t('console.settings.invalid'));
      return false;
    }
    const payload = this.scope.value === 'board' ? { boardId: this.console.boardId, settings: patch } : { settings: patch };
    const ack = await this.console.run('settings:set', payload, () => t('console.settings.saved'));
    return ack.ok;
  }

  /** A number typed into a field; ignored when it is not a whole number in range. */
  async setNumber(key: (typeof NumberSettings)[number], raw: string): Promise<void> {
    const value = Number(raw);
    if (!Number.isInteger(value)) {
      this.console.say('error', () => t('console.settings.invalid'));
      return;
    }
    if (value !== this.current[key]) await this.set(key, value);
  }
}
