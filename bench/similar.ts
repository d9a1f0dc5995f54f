/**
 * Similar-concern suggestions: pairwise precision and recall on the nine tuning sets across
 * thresholds, and how long 300 concerns take to group. The tuning sets are
 * shared/similar-concerns.fixture.json, shared/similar-concerns.heldout.json,
 * shared/similar-concerns.heldout2.json, heldout3.json, heldout4.json, heldout5.json, heldout6.json,
 * heldout7.json and heldout8.json (the first eight held-out sets, each run once blind, seen and tuned on since). A blind held-out set is never swept here: sweeping it would be tuning on it.
 * `npm run bench:similar`. Timing: min and median of 100 warm runs plus the first, cold one; the
 * machine's load average is printed because a shared machine's median mostly measures its neighbours.
 */
import { loadavg } from 'node:os';
import tuning from '../shared/similar-concerns.fixture.json' with { type: 'json' };
import firstHeldout from '../shared/similar-concerns.heldout.json' with { type: 'json' };
import secondHeldout from '../shared/similar-concerns.heldout2.json' with { type: 'json' };
import thirdHeldout from '../shared/similar-concerns.heldout3.json' with { type: 'json' };
import fourthHeldout from '../shared/similar-concerns.heldout4.json' with { type: 'json' };
import fifthHeldout from '../shared/similar-concerns.heldout5.json' with { type: 'json' };
import sixthHeldout from '../shared/similar-concerns.heldout6.json' with { type: 'json' };
import seventhHeldout from '../shared/similar-concerns.heldout7.json' with { type: 'json' };
import eighthHeldout from '../shared/similar-concerns.heldout8.json' with { type: 'json' };
import { DEFAULT_SIMILARITY_THRESHOLD, suggestSimilar } from '../shared/similar-concerns.ts';
import { describeScores, pairwiseScores, type LabelledNote } from '../shared/similar-concerns-metrics.ts';

const tuned = tuning.notes as LabelledNote[];
const sets: [string, LabelledNote[]][] = [
  ['tuning fixture', tuned],
  ['first held-out set (tuning data now)', firstHeldout.notes as LabelledNote[]],
  ['second held-out set (tuning data now)', secondHeldout.notes as LabelledNote[]],
  ['third held-out set (tuning data now)', thirdHeldout.notes as LabelledNote[]],
  ['fourth held-out set (tuning data now)', fourthHeldout.notes as LabelledNote[]],
  ['fifth held-out set (tuning data now)', fifthHeldout.notes as LabelledNote[]],
  ['sixth held-out set (tuning data now)', sixthHeldout.notes as LabelledNote[]],
  ['seventh held-out set (tuning data now)', seventhHeldout.notes as LabelledNote[]],
  ['eighth held-out set (tuning data now)', eighthHeldout.notes as LabelledNote[]],
];
for (const [name, notes] of sets) {
  for (const t of [0.25, 0.3, 0.35, 0.4, 0.45, 0.5]) {
    const mark = t === DEFAULT_SIMILARITY_THRESHOLD ? ' (default)' : '';
    console.log(`${name}, threshold ${t}${mark}: ${describeScores(pairwiseScores(suggestSimilar(notes, { threshold: t }), notes))}`);
  }
}

// The same deterministic synthetic board as the unit test: pairs of fixture notes glued and cut to 50 characters.
let seed = 42;
const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const board = Array.from({ length: 300 }, (_, i) => {
  const a = tuned[Math.floor(next() * tuned.length)]!.text;
  const b = tuned[Math.floor(next() * tuned.length)]!.text;
  return { id: `s${i}`, text: `${a} ${b}`.slice(0, 50) };
});
const runs: number[] = [];
for (let r = 0; r < 101; r++) {
  const t0 = performance.now();
  suggestSimilar(board);
  runs.push(performance.now() - t0);
}
const warm = runs.slice(1).sort((x, y) => x - y);
console.log(
  `300 concerns: cold ${runs[0]!.toFixed(1)} ms, warm min ${warm[0]!.toFixed(1)} ms, median ${warm[50]!.toFixed(1)} ms ` +
    `(load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine)`,
);
