/**
 * Similar-concern suggestions on shared/similar-concerns.heldout.json, the first held-out set: notes
 * written before the matcher was tuned, by someone who never saw it. It was run once as held-out
 * data (precision 0.788, recall 0.488, zh–en recall 0.554 at the threshold of the time, 0.45: issue
 * 19's target of 0.85 / 0.6 missed), and has since been seen and tuned on, so it is TUNING data now,
 * like similar-concerns.fixture.json: its figures flatter the matcher. So is the second held-out set
 * now (similar-concerns.tuning-heldout2.test.ts). The assertions hold the tuned figures as floors, so a change
 * cannot quietly lose ground.
 */
import { describe, expect, it } from 'vitest';
import heldout from './similar-concerns.heldout.json';
import { DEFAULT_SIMILARITY_THRESHOLD, suggestSimilar } from './similar-concerns.ts';
import { describeScores, pairwiseScores, type LabelledNote } from './similar-concerns-metrics.ts';

const notes = heldout.notes as LabelledNote[];

describe('suggestSimilar: evaluation on shared/similar-concerns.heldout.json (the first held-out set, now tuning data)', () => {
  it('the set is labelled notes with unique ids in both languages', () => {
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
    for (const lang of ['zh', 'en']) expect(notes.some((n) => n.lang === lang)).toBe(true);
    for (const n of notes) expect(['zh', 'en', 'mixed']).toContain(n.lang);
  });

  it('at the default threshold: precision ≥ 0.95, recall ≥ 0.87, zh–en recall ≥ 0.9 (measured after tuning on it 0.961, 0.881, 0.911)', () => {
    const result = pairwiseScores(suggestSimilar(notes), notes);
    console.log(`first held-out set (tuning data now), ${notes.length} notes, default threshold ${DEFAULT_SIMILARITY_THRESHOLD}: ${describeScores(result)}`);
    console.log(`wrongly grouped pairs:\n  ${result.wrong.join('\n  ')}`);
    expect(result.precision).toBeGreaterThanOrEqual(0.95);
    expect(result.recall).toBeGreaterThanOrEqual(0.87);
    expect(result.byPair['zh-en'].recall).toBeGreaterThanOrEqual(0.9);
  });
});
