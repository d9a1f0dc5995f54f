/** What the abuse limits are set to: the LimitsConfig in Config, and its defaults. */
import type { Rule } from './limit-store.ts';

const minute = 60_000;

export interface LimitsConfig {
  /** Wrong codes per client address (LIMIT_WRONG_CODES). */
  wrongCodes: Rule;
  /** Wrong codes from everyone together (LIMIT_WRONG_CODES_GLOBAL). */
  wrongCodesGlobal: Rule;
  /** Sessions created per client address when no ADMIN_TOKEN is set (LIMIT_SESSIONS). */
  sessions: Rule;
  /** Invites created per facilitator (LIMIT_INVITES). */
  invites: Rule;
  /** Photo uploads per participant (LIMIT_PHOTOS). */
  photos: Rule;
  /** Photo uploads per client address (LIMIT_PHOTOS_PER_ADDRESS). */
  photosPerAddress: Rule;
  /** How long a code used at an address stays known there (passes while the address is blocked). */
  knownCodeMs: number;
  /** Prefix of the Redis keys. */
  keyPrefix: string;
}


/** The defaults, documented in docs/API.md §10 ("Limits"). */
export const DefaultLimits: LimitsConfig = {
  wrongCodes: { max: 30, windowMs: 10 * minute },
  wrongCodesGlobal: { max: 1000, windowMs: 10 * minute },
  sessions: { max: 20, windowMs: 60 * minute },
  invites: { max: 50, windowMs: 60 * minute },
  photos: { max: 60, windowMs: 10 * minute },
  photosPerAddress: { max: 600, windowMs: 10 * minute },
  knownCodeMs: 12 * 60 * minute,
  keyPrefix: 'yishi:limits:',
};
