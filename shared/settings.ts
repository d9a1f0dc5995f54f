/** Session and board settings: one declaration gives the runtime checks, the defaults and the type. */
import { z } from 'zod';

/** Each setting's range, without defaults: a patch must not fill in what it does not name. */
const fields = {
  dotsPerParticipant: z.number().int().min(1).max(20),
  capPerTarget: z.number().int().min(1).max(20),
  voteOn: z.enum(['notes', 'clusters', 'actions']),
  noteMaxLength: z.number().int().min(20).max(2000),
  residentsSort: z.boolean(),
  anonymous: z.boolean(),
  privateGather: z.boolean(),
  screening: z.boolean(),
  /** Self-reported groups offered on the join page (keys the client translates, or the session's own words). */
  groups: z.array(z.string().trim().min(1).max(40)).max(20),
  /** Age bands offered on the join page. */
  ageBands: z.array(z.string().trim().min(1).max(20)).max(12),
  /** Open space: residents may propose topics for breakout boards (off for a quick courtyard session). */
  marketplace: z.boolean(),
};

/** A complete set of settings, every field required. */
export const SettingsSchema = z.object(fields).strict();

/** A complete set of settings. */
export type Settings = z.infer<typeof SettingsSchema>;

/** Some settings, as given at creation or by `settings:set`; absent fields stay as they were. */
export const SettingsPatchSchema = z.object(fields).partial().strict();

/** A partial settings object. */
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export { DefaultSettings } from './settings-defaults.ts';

/** Session templates: starting settings for a kind of consultation. */
export const Templates = {
  /** The full open-space consultation. */
  standard: {},
  /** A small repeated consultation between the residents of one building: one board, fewer dots. */
  courtyard: { dotsPerParticipant: 3, marketplace: false },
} as const satisfies Record<string, SettingsPatch>;

/** How long the gather step's timer is preset to in a courtyard session. */
export const CourtyardGatherSeconds = 10 * 60;

/** Applies patches over settings in order (board over session over defaults). */
export function mergeSettings(base: Settings, ...patches: (SettingsPatch | undefined)[]): Settings {
  const out: Settings = { ...base };
  for (const p of patches) if (p) Object.assign(out, Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));
  return out;
}
