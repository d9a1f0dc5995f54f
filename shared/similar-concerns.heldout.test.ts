/**
 * Similar-concern suggestions on the held-out fixture: notes written before the matcher was tuned,
 * by someone who never saw it, and never used for tuning (the lexicon and the threshold were set on
 * similar-concerns.fixture.json alone). Reports pairwise precision and recall per language pair at
 * the default threshold and asserts the targets of issue 19.
 */
import { describe, expect, it } from 'vitest';
import heldout from './similar-concerns.heldout.json';
import { DEFAULT_SIMILARITY_THRESHOLD, suggestSimilar } from './similar-concerns.ts';
import { describeScores, pairwiseScores, type LabelledNote } from './similar-concerns-metrics.ts';

const notes = heldout.notes as LabelledNote[];

describe('suggestSimilar: evaluation on the held-out shared/similar-concerns.heldout.json', () => {
  it('the held-out fixture is labelled notes with unique ids in both languages', () => {
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
    for (const lang of ['zh', 'en']) expect(notes.some((n) => n.lang === lang)).toBe(true);
    for (const n of notes) expect(['zh', 'en', 'mixed']).toContain(n.lang);
  });

  it('at the default threshold: precision ≥ 0.85 and recall ≥ 0.6 overall, zh–en recall ≥ 0.4', () => {
    const result = pairwiseScores(suggestSimilar(notes), notes);
    console.log(`held-out, ${notes.length} notes, default threshold ${DEFAULT_SIMILARITY_THRESHOLD}: ${describeScores(result)}`);
    console.log(`wrongly grouped pairs:\n  ${result.wrong.join('\n  ')}`);
    expect(result.precision).toBeGreaterThanOrEqual(0.85);
    expect(result.recall).toBeGreaterThanOrEqual(0.6);
    expect(result.byPair['zh-en'].recall).toBeGreaterThanOrEqual(0.4);
  });
});
