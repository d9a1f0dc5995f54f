/**
 * Scores suggested groups against hand-labelled notes: pairwise precision and recall, overall and
 * per language pair (zh–zh, en–en, zh–en; a note that mixes the two counts as Chinese), so the
 * fixture test and the bench report the same numbers.
 */
import type { SimilarGroup } from './similar-concerns.ts';

/** A note of a labelled fixture: notes that say the same thing share a `group`. */
export interface LabelledNote {
  id: string;
  lang: 'zh' | 'en' | 'mixed';
  group: string;
  text: string;
}

/** A language pair as the scores name it. */
export type LanguagePair = 'zh-zh' | 'en-en' | 'zh-en';

/** Precision and recall over one set of pairs, with the counts behind them. */
export interface PairScore {
  precision: number;
  recall: number;
  /** Suggested pairs that share a label. */
  correct: number;
  /** Pairs inside suggested groups. */
  suggested: number;
  /** Labelled pairs (notes sharing a label). */
  labelled: number;
}

/** The scores of one suggestion run: overall, per language pair, and the wrong pairs in words. */
export interface PairwiseScores extends PairScore {
  byPair: Record<LanguagePair, PairScore>;
  wrong: string[];
}

/** The language pair of two notes; mixed notes count as Chinese. */
export function languagePair(a: LabelledNote, b: LabelledNote): LanguagePair {
  const zh = (n: LabelledNote) => n.lang !== 'en';
  if (zh(a) && zh(b)) return 'zh-zh';
  if (!zh(a) && !zh(b)) return 'en-en';
  return 'zh-en';
}

const score = (correct: number, suggested: number, labelled: number): PairScore => ({
  precision: suggested === 0 ? 1 : correct / suggested,
  recall: labelled === 0 ? 1 : correct / labelled,
  correct,
  suggested,
  labelled,
});

/** Pairwise precision and recall of suggested groups against the labels of `notes`. */
export function pairwiseScores(groups: SimilarGroup[], notes: LabelledNote[]): PairwiseScores {
  const byId = new Map(notes.map((n) => [n.id, n]));
  const pairs: LanguagePair[] = ['zh-zh', 'en-en', 'zh-en'];
  const labelled = Object.fromEntries(pairs.map((p) => [p, 0])) as Record<LanguagePair, number>;
  const suggested = { ...labelled };
  const correct = { ...labelled };
  for (let a = 0; a < notes.length; a++) {
    for (let b = a + 1; b < notes.length; b++) {
      if (notes[a]!.group === notes[b]!.group) labelled[languagePair(notes[a]!, notes[b]!)]++;
    }
  }
  const wrong: string[] = [];
  for (const g of groups) {
    for (let a = 0; a < g.noteIds.length; a++) {
      for (let b = a + 1; b < g.noteIds.length; b++) {
        const x = byId.get(g.noteIds[a]!)!;
        const y = byId.get(g.noteIds[b]!)!;
        const pair = languagePair(x, y);
        suggested[pair]++;
        if (x.group === y.group) correct[pair]++;
        else wrong.push(`${x.text} ≠ ${y.text}`);
      }
    }
  }
  const sum = (r: Record<LanguagePair, number>) => pairs.reduce((s, p) => s + r[p], 0);
  return {
    ...score(sum(correct), sum(suggested), sum(labelled)),
    byPair: Object.fromEntries(pairs.map((p) => [p, score(correct[p], suggested[p], labelled[p])])) as Record<LanguagePair, PairScore>,
    wrong,
  };
}

/** One line per scope: "overall P 0.912 (31/34) R 0.634 (31/49); zh-zh …". */
export function describeScores(s: PairwiseScores): string {
  const one = (name: string, p: PairScore) =>
    `${name} P ${p.precision.toFixed(3)} (${p.correct}/${p.suggested}) R ${p.recall.toFixed(3)} (${p.correct}/${p.labelled})`;
  return [one('overall', s), ...Object.entries(s.byPair).map(([k, p]) => one(k, p))].join('; ');
}
