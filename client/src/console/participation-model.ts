/**
 * The participation balance (aggregates only): fetched once, then replaced by every
 * `participation` push; rows ready for the bar chart and its table.
 */
import { computed, signal } from '@preact/signals';
import type { ParticipationBucket } from '../../../shared/socket-protocol.ts';
import type { MessageKey } from '../i18n.ts';
import { t } from '../i18n.ts';
import { getParticipation } from './console-api.ts';
import type { Participation } from './console-api.ts';
import type { ConsoleModel } from './console-model.ts';

/** One group or age band with its counts. */
export interface BalanceRow extends ParticipationBucket {
  key: string;
  label: string;
}

const knownKeys = new Set(['resident', 'business_owner', 'property_staff', 'courier', 'volunteer', 'other', 'under_18', '18_29', '30_44', '45_59', '60_74', '75_plus', 'unspecified']);

/** A group or age band for people: ours for the default keys, the session's own words otherwise. */
export function bucketLabel(key: string): string {
  return knownKeys.has(key) ? t(`console.bucket.${key}` as MessageKey) : key;
}

/** Rows in the order the settings list them, unspecified last. */
export function balanceRows(buckets: Record<string, ParticipationBucket>, order: readonly string[]): BalanceRow[] {
  const rank = (k: string) => (k === 'unspecified' ? Number.MAX_SAFE_INTEGER : order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(buckets)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, b]) => ({ key, label: bucketLabel(key), ...b }));
}

/** The balance tab's data. */
export class ParticipationModel {
  private readonly loaded = signal<Participation | null>(null);
  readonly data = computed(() => this.console.conn.pushes.participation.value ?? this.loaded.value);
  readonly byGroup = computed(() => balanceRows(this.data.value?.byGroup ?? {}, this.console.conn.model.value.settings.value.groups));
  readonly byAge = computed(() => balanceRows(this.data.value?.byAgeBand ?? {}, this.console.conn.model.value.settings.value.ageBands));

  constructor(private readonly console: ConsoleModel, load = getParticipation) {
    load(console.stored.sessionId, console.stored.token).then(
      (p) => (this.loaded.value = p),
      () => {
        // shown as "no data yet"; pushes fill it in
      },
    );
  }
}
