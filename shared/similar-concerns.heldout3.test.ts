/**
 * Similar-concern suggestions on the blind held-out set shared/similar-concerns.heldout3.json: 187
 * notes written on 2026-12-07 by someone who never saw the matcher, its concept tables, its tests
 * or the other sets. Run once, after the matcher tuned on sets 1 and 2 was merged (commit e2f9005,
 * threshold 0.35), never swept, never tuned on:
 *   overall P 0.729 (124/170) R 0.633 (124/196); zh–zh P 0.639 R 0.619; en–en P 0.667 R 0.588;
 *   zh–en P 0.798 R 0.647.
 * Issue 19's target: recall ≥ 0.6 and zh–en recall ≥ 0.4 met; precision ≥ 0.85 missed. The wrong
 * merges are hard negatives: same place or object, a different worry (early heating vs radiators
 * not warm, stairwell lights vs street lights, a car blocking a door vs no ramp at it, more e-bike
 * chargers vs charging in the stairwell). The assertions hold the blind figures as floors. Its
 * misses have now been read, so once anyone tunes with this set in view it is tuning data too:
 * say so here, as the tuning-heldout tests do, and write a new blind set.
 */
import { describe, expect, it } from 'vitest';
import heldout3 from './similar-concerns.heldout3.json';
import { DEFAULT_SIMILARITY_THRESHOLD, suggestSimilar } from './similar-concerns.ts';
import { describeScores, pairwiseScores, type LabelledNote } from './similar-concerns-metrics.ts';

const notes = heldout3.notes as LabelledNote[];

describe('suggestSimilar: evaluation on the blind held-out shared/similar-concerns.heldout3.json', () => {
  it('the set is labelled notes with unique ids in both languages', () => {
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
    for (const lang of ['zh', 'en']) expect(notes.some((n) => n.lang === lang)).toBe(true);
    for (const n of notes) expect(['zh', 'en', 'mixed']).toContain(n.lang);
  });

  it('at the default threshold: precision ≥ 0.72, recall ≥ 0.63, zh–en recall ≥ 0.64 (measured blind 0.729, 0.633, 0.647; target precision 0.85 not met)', () => {
    const result = pairwiseScores(suggestSimilar(notes), notes);
    console.log(`held-out 3, ${notes.length} notes, default threshold ${DEFAULT_SIMILARITY_THRESHOLD}: ${describeScores(result)}`);
    expect(result.precision).toBeGreaterThanOrEqual(0.72);
    expect(result.recall).toBeGreaterThanOrEqual(0.63);
    expect(result.byPair['zh-en'].recall).toBeGreaterThanOrEqual(0.64);
  });
});
