/** Session and board settings: one schema gives the runtime check, the defaults and the type. */
import { z } from 'zod';

/** Every setting with its range and default. */
export const SettingsSchema = z.object({
  dotsPerParticipant: z.number().int().min(1).max(20).default(5),
  capPerTarget: z.number().int().min(1).max(20).default(3),
  voteOn: z.enum(['notes', 'clusters', 'actions']).default('notes'),
  noteMaxLength: z.number().int().min(20).max(2000).default(280),
  residentsSort: z.boolean().default(false),
  anonymous: z.boolean().default(false),
  privateGather: z.boolean().default(false),
  screening: z.boolean().default(false),
}).strict();

/** A complete set of settings. */
export type Settings = z.infer<typeof SettingsSchema>;

/** Some settings, as given at creation or by `settings:set`. */
export const SettingsPatchSchema = SettingsSchema.partial().strict();

/** A partial settings object. */
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** The defaults every session starts from. */
export const DefaultSettings: Settings = SettingsSchema.parse({});

/** Applies a patch over settings (board over session over defaults). */
export function mergeSettings(base: Settings, ...patches: (SettingsPatch | undefined)[]): Settings {
  const out: Settings = { ...base };
  for (const p of patches) if (p) Object.assign(out, Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));
  return out;
}
