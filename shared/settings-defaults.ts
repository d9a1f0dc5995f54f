/**
 * The settings every session starts from, apart from their zod schema (settings.ts), so the
 * resident's tablet can read them without downloading the validation library.
 */
import type { Settings } from './settings.ts';

/** The defaults every session starts from. */
export const DefaultSettings: Settings = {
  dotsPerParticipant: 5,
  capPerTarget: 3,
  voteOn: 'notes',
  noteMaxLength: 280,
  residentsSort: false,
  anonymous: false,
  privateGather: false,
  screening: false,
  groups: ['resident', 'business_owner', 'property_staff', 'courier', 'volunteer', 'other'],
  ageBands: ['under_18', '18_29', '30_44', '45_59', '60_74', '75_plus'],
  marketplace: true,
};
