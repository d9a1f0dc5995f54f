/**
 * Suggests concerns that probably say the same thing, so a facilitator can merge duplicates in the
 * cluster phase. Runs locally with no model and no network. Two readings of each note are compared:
 *
 * - its wording: Chinese cut into character bigrams (plus lighter unigrams), English into stemmed
 *   words (plus lighter character trigrams), weighted by TF-IDF over the notes on the board;
 * - its concepts: what it mentions from a lexicon of consultation terms in Chinese and English
 *   (concern-concepts.ts: 电梯 / 升降梯 / lift / elevator are one concept), also TF-IDF weighted, so a
 *   note and its translation, or two notes in different words, meet.
 *
 * A pair's similarity is the better of the two cosines (concepts only when two or more are shared,
 * counting a trouble's kind: "install more" and "not enough" share a want). It is cut to 0.4 of
 * itself when the two notes are the same topic but not the same worry: each names a trouble (danger
 * aside, which residents add to any worry) and no trouble of the same kind (more chargers / chargers too dear / charging in the stairwell is
 * dangerous), or each names a thing and no thing in common (lockers full / bins full), or each
 * names where its worry is and no place in common (stairwell lights / street lights; something
 * falling is compared by what falls: tiles off the wall / caterpillars off the trees), or one names a
 * decisive kind of trouble the other lacks (heating to start earlier / radiators not warm; borrowing a drill / drilling; a repair
 * held up by paperwork / the repair), or each
 * names a kind of one facet (FACETS: what makes the noise, what leaks, what the water is, which animal, what a building site does, who gets in, which vehicle,
 * inside a block or in the open, what an activity is for, what an entry system lets in)
 * and no kind in common (square dancing / a party, though both play loud music; smoking in the lift / by the sandpit). A thing may
 * say its trouble by itself where nothing else is said to be wrong (IMPLIED_TROUBLES: a face scanner, privacy). Whom a worry
 * concerns (PEOPLE: the elderly, children) is no thing in common (a day centre / home visits for the
 * elderly). A thing used where it does not belong is a trouble even unsaid (a car at the door
 * blocks it; an e-bike charged in the lift is a danger); a car blocking a place is compared by the
 * place it blocks (the door / the fire lane). A thing a note names only as the place of its worry
 * (在停车场里跑来跑去, "between parked cars", "nowhere to play except the car park"), and property management named beside another thing (the
 * addressee, not the topic), weigh as modifiers, and concepts that are one thing to a resident (car,
 * parking, car park) count once as shared. Notes are then grouped by complete-link agglomerative
 * clustering cut at a threshold.
 *
 * Why complete link: a wrong merge costs a facilitator more than a missed one, and complete link
 * promises that every pair inside a suggested group is at least `threshold` alike. Single link
 * (connected components over pairs above the threshold) chains topics through one bridging note
 * ("car park lights" joins "parked cars" joins "parking spaces"): on the fixture, at a cut of 0.30,
 * its pairwise precision was 0.35 against 0.90 for complete link, and average link's 0.75 bought
 * no extra true pairs. Complete link also nests: raising the threshold only splits groups.
 *
 * Intl.Segmenter (ICU's Chinese word breaker, built into Node) was measured as an extra or a
 * replacement for the bigrams and did not help: it cuts 楼道里 as 楼|道里 and 堵死了 as 堵|死了.
 * The lexicon's own segmentation (every maximal lexicon word, concern-lexicon.ts) is what finds the
 * words that matter. Both readings see the text folded by normalise(): traditional characters,
 * Cantonese words and common misspellings become simplified Mandarin (concern-hanzi.ts).
 */
import {
  ADDRESSEES, COMBINED_KINDS, DECISIVE_FAMILIES, FACETS, FAULT_FAMILIES, GENERIC_THINGS, IMPLIED_TROUBLES, LOCATIONS, MISPLACED, MODIFIER_CONCEPTS, ONE_THING, PEOPLE, SELF_CONTAINED,
} from './concern-concepts.ts';
import { conceptsOf, placeConcepts } from './concern-lexicon.ts';
import { normalise, stem, textParts } from './concern-text.ts';

/** A note as the suggester reads it: its id and its text. */
export interface ConcernText {
  id: string;
  text: string;
}

/** A suggested group: two or more note ids (in input order) and the mean cosine similarity of their pairs. */
export interface SimilarGroup {
  noteIds: string[];
  score: number;
}

/** How eager the suggester is: the similarity cut-off and how many groups to return at most. */
export interface SuggestSimilarOptions {
  threshold?: number;
  maxGroups?: number;
}

/**
 * Default similarity cut-off, tuned on similar-concerns.fixture.json and the first four held-out sets
 * (similar-concerns.heldout.json, heldout2, heldout3, heldout4, beside this file): the middle of the
 * range (0.30–0.40) where pairwise precision holds on the first two; on the third and fourth
 * held-out sets 0.30 costs precision (0.97 / 0.93 against 0.99 / 0.99), and 0.40 buys at most
 * 0.007 of it on any set while losing up to 0.09 of recall. Swept again with the fifth set tuned
 * on: 0.325 would gain recall on sets 2 and 5 (0.790 -> 0.810, 0.749 -> 0.784) for set 3's
 * precision (0.989 -> 0.978); kept at 0.35, as precision is what the blind runs have fallen short of.
 */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.35;

// How many lexicon concepts (modifiers aside) a pair must share before their concept similarity
// counts (see sharedCount), how much a modifier weighs against a concept that names a thing or a
// fault, and how much the kind of a trouble weighs beside the trouble itself (so "not enough" and
// "install more" meet).
const MIN_SHARED_CONCEPTS = 2;
const MODIFIER_WEIGHT = 0.5;
const FAMILY_WEIGHT = 0.5;
// How much of its similarity a pair keeps when both notes name a trouble and none of the same kind,
// or both name a thing and none in common (0.5 left short notes like 健身器材坏了 / 没有健身器材 together).
const CONFLICT_FACTOR = 0.4;


// Relative weights of the feature kinds. Bigrams and whole words carry meaning; single characters
// and trigrams only bridge near-misses (车位/停车, "chargers"/"charging") and must not outvote them.
const CJK_BIGRAM = 1;
const CJK_UNIGRAM = 0.3;
const LATIN_WORD = 1;
const LATIN_TRIGRAM = 0.15;

// Function words that make unrelated complaints look alike. Multi-character phrases come first so
// that 我们 wins over 我; a stop phrase splits a run, so no bigram spans it. Particles
// that also start content words (地下, 着火, 经过, 觉得) are left in: IDF discounts them anyway.
const CJK_STOP = [
  '能不能', '是不是', '有没有', '我们', '你们', '他们', '大家', '希望', '可以', '一下', '一些', '一个',
  '这个', '那个', '什么', '怎么', '已经', '还是', '或者', '因为', '所以', '但是', '的', '了', '是', '在',
  '和', '很', '也', '都', '有', '我', '你', '他', '她', '它', '这', '那', '就', '还', '又', '吧', '吗',
  '呢', '啊', '呀', '把', '被', '给', '让', '要', '个', '些',
];
const CJK_STOP_RE = new RegExp(CJK_STOP.join('|'), 'gu');

const LATIN_STOP = new Set(
  (
    'a an the and or but if of to in on at by for with from into onto about as is are was were be been ' +
    'being am do does did doing have has had having i me my we our us you your he she it its they them ' +
    'their this that these those there here what which who whom when where why how all any both each ' +
    'few more most other some such no nor not only own same so than too very can will just should would ' +
    'could may might must shall dont doesnt didnt isnt arent wasnt cant wont also again please need want ' +
    'get got really every still even ever'
  ).split(' '),
);

/**
 * Weighted term counts of one note (its normalised text); feature names carry a kind prefix so 'ab' the word ≠ 'ab' the trigram.
 * Any run of punctuation or whitespace is one separator, and no n-gram spans it: bigrams across a
 * Chinese clause break (坏了，没人修 → 了没) are noise, and joining them cost precision on the fixture.
 */
function features(normalised: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string, w: number) => out.set(key, (out.get(key) ?? 0) + w);
  for (const part of textParts(normalised)) {
    if (!part) continue;
    if (part.cjk) {
      for (const piece of part.text.replace(CJK_STOP_RE, ' ').split(' ')) {
        const chars = [...piece];
        chars.forEach((c, i) => {
          add(`u${c}`, CJK_UNIGRAM);
          const next = chars[i + 1];
          if (next !== undefined) add(`b${c}${next}`, CJK_BIGRAM);
        });
      }
    } else {
      if (LATIN_STOP.has(part.text)) continue;
      const w = stem(part.text);
      add(`w${w}`, LATIN_WORD);
      const padded = [...` ${w} `];
      for (let i = 0; i + 3 <= padded.length; i++) add(`t${padded.slice(i, i + 3).join('')}`, LATIN_TRIGRAM);
    }
  }
  return out;
}

/**
 * The lexicon concepts of one note, each counted once (a worry said twice is still one worry).
 * Modifiers (often, at night …) and things named only as the place of the worry (`places`) weigh
 * less and carry a `~` so they are not counted as shared.
 */
function conceptFeatures(concepts: string[], places: ReadonlySet<string>, faults: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of concepts) {
    if (MODIFIER_CONCEPTS.has(c) || places.has(c)) out.set(`~${c}`, MODIFIER_WEIGHT);
    else out.set(c, 1);
  }
  for (const family of faults) out.set(`!${family}`, FAMILY_WEIGHT);
  return out;
}

/**
 * The kinds of trouble a note names: those of its trouble concepts, and those of a thing it names in
 * a place where that thing does not belong (MISPLACED: a car at the door blocks it).
 */
function faultsOf(concepts: string[]): Set<string> {
  const out = new Set(concepts.flatMap((c) => FAULT_FAMILIES.get(c) ?? []));
  for (const [things, where, family] of MISPLACED) {
    if (things.some((c) => concepts.includes(c)) && where.some((c) => concepts.includes(c))) out.add(family);
  }
  // A thing that is a worry by itself (IMPLIED_TROUBLES) names its trouble where nothing else is wrong.
  if (out.size === 0) for (const [c, family] of IMPLIED_TROUBLES) if (concepts.includes(c)) out.add(family);
  return out;
}

/**
 * The things a note names blocking a place where they do not belong (MISPLACED with the blocked
 * family: the car at the door). A thing that is a danger where it is (an e-bike charged in the
 * stairwell or the lift) stays the worry's object: the place is only where the danger is.
 */
function misplacedThings(concepts: string[]): Set<string> {
  const out = new Set<string>();
  for (const [things, where, family] of MISPLACED) {
    if (family !== 'blocked' || !where.some((c) => concepts.includes(c))) continue;
    for (const c of things) if (concepts.includes(c)) out.add(c);
  }
  return out;
}

/**
 * Similarity of every pair of notes, as a dense symmetric n×n matrix: the better of how alike their
 * wording is and how alike the concepts they mention are. Concepts count only when a pair shares at
 * least two of them (a thing and what is wrong with it): a single shared concept (电梯) is a topic,
 * not a duplicate, and the lift-adverts vs lift-breakdown near-misses live there. A pair whose
 * troubles or things conflict keeps CONFLICT_FACTOR of its similarity, whichever reading gave it.
 */
function similarities(texts: string[]): Float64Array {
  const n = texts.length;
  const normalised = texts.map(normalise);
  const sim = cosines(normalised.map(features)).sim;
  const conceptLists = normalised.map(conceptsOf);
  const places = normalised.map((t, i) => onlyPlaces(conceptLists[i]!, placeConcepts(t)));
  const faults = conceptLists.map(faultsOf);
  // Danger is added to any worry (a fall found too late, a volunteer's weekly knock): a note whose only
  // trouble is danger names no trouble that could conflict with another's.
  const troubles = faults.map((set) => new Set([...set].filter((f) => f !== 'danger')));
  const concept = cosines(conceptLists.map((list, i) => conceptFeatures(list, places[i]!, faults[i]!)));
  // Property management named as the addressee still says what the note is about when things are compared.
  const things = conceptLists.map((list, i) => new Set(list.filter((c) => isThing(c) && (!places[i]!.has(c) || ADDRESSEES.has(c)))));
  const locations = things.map((set) => new Set([...set].filter((c) => LOCATIONS.has(c))));
  // Whom a worry concerns is not what it is about: things are compared without the people named.
  // A thing where it does not belong (MISPLACED) is the cause; what the worry is about is the place
  // it is in (a car at the door blocks the ramp, cars in the fire lane block the lane).
  const causes = conceptLists.map(misplacedThings);
  const objects = things.map((set, i) => new Set([...set].filter((c) => !PEOPLE.has(c) && !causes[i]!.has(c))));
  // Two different objects in one place are two worries (the door's lock / the lights, both in the
  // stairwell): where both notes name an object beside the place, the place is not what they share.
  const placed = objects.map((set) => new Set([...set].filter((c) => !LOCATIONS.has(c))));
  // Something falling beside the thing that falls is compared by what falls: tiles coming off the
  // wall and caterpillars dropping from the trees are two worries.
  const core = placed.map((set) => new Set([...set].filter((c) => c !== 'falling-objects')));
  const kinds = conceptLists.map(facetKinds);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const at = i * n + j;
      let shared = concept.shared[at]!;
      // Parked cars in a car park are one thing, however many of its words two notes share.
      for (const group of ONE_THING) shared -= Math.max(0, group.filter((c) => things[i]!.has(c) && things[j]!.has(c)).length - 1);
      let v = Math.max(sim[at]!, shared >= MIN_SHARED_CONCEPTS ? concept.sim[at]! : 0);
      if (
        v > 0 &&
        (conflict(troubles[i]!, troubles[j]!) ||
          (core[i]!.size > 0 && core[j]!.size > 0
            ? conflict(core[i]!, core[j]!)
            : placed[i]!.size > 0 && placed[j]!.size > 0
              ? conflict(placed[i]!, placed[j]!)
              : conflict(objects[i]!, objects[j]!)) ||
          kinds[i]!.some((k, f) => conflict(k, kinds[j]![f]!)) ||
          conflict(locations[i]!, locations[j]!) ||
          decisiveApart(faults[i]!, faults[j]!))
      ) {
        v *= CONFLICT_FACTOR;
      }
      sim[at] = v;
      sim[j * n + i] = v;
    }
  }
  return sim;
}

/**
 * The kinds a note names of each facet (FACETS), as indices into the facet's kinds: its strong
 * members, or where it names none of a facet, its `?` members. Concepts named together may make a
 * kind of their own (COMBINED_KINDS: a leak with the flat above named is a leak from upstairs).
 */
function facetKinds(concepts: string[]): Set<number>[] {
  const named = new Set(concepts);
  for (const [some, withSome, kind] of COMBINED_KINDS) {
    if (some.some((c) => named.has(c)) && withSome.some((c) => named.has(c))) named.add(kind);
  }
  return FACETS.map((facet) => {
    const strong = new Set<number>();
    const weak = new Set<number>();
    facet.forEach((kind, k) => {
      for (const c of kind) {
        if (c.startsWith('?')) {
          if (named.has(c.slice(1))) weak.add(k);
        } else if (named.has(c)) strong.add(k);
      }
    });
    return strong.size > 0 ? strong : weak;
  });
}

/**
 * The things of a note that it names only as the place where its worry happens (children running
 * about in the car park: the worry is play space, not parking), from placeConcepts: a concept
 * mentioned no more often than inside place phrases, and neither a trouble nor a modifier.
 */
function onlyPlaces(concepts: string[], inPlaces: string[]): Set<string> {
  const out = new Set<string>();
  // Property management named beside another thing is whom the worry is addressed to.
  if (concepts.some((c) => isThing(c) && !ADDRESSEES.has(c))) for (const c of concepts) if (ADDRESSEES.has(c)) out.add(c);
  if (inPlaces.length === 0) return out;
  const count = (list: string[], c: string) => list.reduce((k, x) => (x === c ? k + 1 : k), 0);
  for (const c of concepts) {
    if (MODIFIER_CONCEPTS.has(c) || FAULT_FAMILIES.has(c)) continue;
    if (count(concepts, c) <= count(inPlaces, c)) out.add(c);
  }
  return out;
}

/**
 * How much sharing a concept feature counts toward MIN_SHARED_CONCEPTS: a modifier nothing; a kind
 * of trouble (`!family`) one, so "install cameras" and "more cameras" share a want, except danger,
 * which residents add to any worry (charging in the stairwell / no handrails in the stairwell are
 * both "dangerous"); a trouble concept nothing beyond its kind; a thing one; a concept that is a
 * thing and a trouble two.
 */
function sharedCount(key: string): number {
  if (key.startsWith('~')) return 0;
  if (key.startsWith('!')) return key === '!danger' ? 0 : 1;
  if (SELF_CONTAINED.has(key)) return FAULT_FAMILIES.has(key) ? 1 : 2;
  return FAULT_FAMILIES.has(key) ? 0 : 1;
}

/**
 * Whether a concept names a thing that tells two notes' topics apart (a lift, bins): not a modifier,
 * not only a trouble (dog mess is both), and not a thing as general as equipment (GENERIC_THINGS:
 * gym equipment and play equipment share it, and are still different things).
 */
function isThing(c: string): boolean {
  return !MODIFIER_CONCEPTS.has(c) && !GENERIC_THINGS.has(c) && (!FAULT_FAMILIES.has(c) || SELF_CONTAINED.has(c));
}

/**
 * Whether two notes each name something of one kind (kinds of trouble, things, places, a facet's
 * kinds) and nothing in common.
 */
function conflict<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const f of a) if (b.has(f)) return false;
  return true;
}

/** Whether one note names a decisive kind of trouble (DECISIVE_FAMILIES) that the other does not. */
function decisiveApart(a: Set<string>, b: Set<string>): boolean {
  for (const f of DECISIVE_FAMILIES) if (a.has(f) !== b.has(f)) return true;
  return false;
}

/**
 * Cosine similarity of every pair, from L2-normalised TF-IDF vectors, with how many features each
 * pair shares (only features at least two notes hold count, and none whose key starts with `~`).
 * Both are n×n matrices filled above the diagonal only (row i < column j); the caller mirrors.
 */
function cosines(counts: Map<string, number>[]): { sim: Float64Array; shared: Uint16Array } {
  const n = counts.length;
  const df = new Map<string, number>();
  for (const c of counts) for (const k of c.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  // Postings (feature → notes holding it, with weights), filled note by note so every list is in
  // note order and each pair's sum is accumulated in the same order on every run.
  const postings = new Map<string, { notes: number[]; weights: number[]; counted: number }>();
  counts.forEach((c, note) => {
    const weighted: [string, number][] = [];
    let norm = 0;
    for (const [k, tf] of c) {
      const w = tf * (Math.log((1 + n) / (1 + (df.get(k) ?? 0))) + 1);
      weighted.push([k, w]);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    for (const [k, w] of weighted) {
      if ((df.get(k) ?? 0) < 2) continue; // a feature only one note has adds nothing to any pair
      let list = postings.get(k);
      if (!list) postings.set(k, (list = { notes: [], weights: [], counted: sharedCount(k) }));
      list.notes.push(note);
      list.weights.push(w / norm);
    }
  });
  const sim = new Float64Array(n * n);
  const shared = new Uint16Array(n * n);
  for (const { notes, weights, counted } of postings.values()) {
    for (let a = 0; a < notes.length; a++) {
      const rowA = notes[a]! * n;
      const wa = weights[a]!;
      for (let b = a + 1; b < notes.length; b++) {
        const at = rowA + notes[b]!;
        sim[at] = sim[at]! + wa * weights[b]!;
        shared[at] = shared[at]! + counted;
      }
    }
  }
  return { sim, shared };
}

/**
 * Complete-link agglomerative clustering: repeatedly merge the two clusters whose least similar
 * cross pair is the most similar, while that is at least the threshold. Two notes can only end up
 * together if a chain of pairs at or above the threshold joins them, so the work is done per
 * connected component of that graph (usually a handful of notes) with the same result as running
 * it on the whole board. Ties go to the lowest indices, so output is stable.
 */
function completeLink(sim: Float64Array, n: number, threshold: number): number[][] {
  const root = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (root[r] !== r) r = root[r]!;
    for (let y = x; root[y] !== r; ) [root[y], y] = [r, root[y]!];
    return r;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = sim[i * n + j]!;
      if (v > 0 && v >= threshold) {
        const [a, b] = [find(i), find(j)];
        if (a !== b) root[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const components = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = components.get(r);
    if (list) list.push(i);
    else components.set(r, [i]);
  }
  const out: number[][] = [];
  for (const component of components.values()) {
    if (component.length >= 2) out.push(...completeLinkWithin(component, sim, n, threshold));
  }
  return out;
}

/**
 * Complete link on one component. Each cluster keeps its most similar partner; a merge only lowers
 * similarities (the merged cluster is as close to k as its farthest member), so only the rows that
 * pointed at the merged pair need a rescan. Ties go to the lowest index, so output is stable.
 */
function completeLinkWithin(notes: number[], sim: Float64Array, n: number, threshold: number): number[][] {
  const m = notes.length;
  const link = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) link[i * m + j] = sim[notes[i]! * n + notes[j]!]!;
  const members: (number[] | null)[] = notes.map((note) => [note]);
  const partner = new Int32Array(m);
  const partnerSim = new Float64Array(m);
  const rescan = (i: number) => {
    let best = -1;
    let at = -1;
    for (let j = 0; j < m; j++) {
      if (j === i || !members[j]) continue;
      const v = link[i * m + j]!;
      if (v > best) [best, at] = [v, j];
    }
    partner[i] = at;
    partnerSim[i] = best;
  };
  for (let i = 0; i < m; i++) rescan(i);
  for (;;) {
    let bi = -1;
    for (let i = 0; i < m; i++) if (members[i] && (bi < 0 || partnerSim[i]! > partnerSim[bi]!)) bi = i;
    if (bi < 0 || partner[bi]! < 0 || partnerSim[bi]! <= 0 || partnerSim[bi]! < threshold) break;
    const bj = partner[bi]!;
    members[bi] = [...members[bi]!, ...members[bj]!].sort((a, b) => a - b);
    members[bj] = null;
    for (let k = 0; k < m; k++) {
      if (!members[k] || k === bi) continue;
      const v = Math.min(link[bi * m + k]!, link[bj * m + k]!);
      link[bi * m + k] = v;
      link[k * m + bi] = v;
    }
    rescan(bi);
    for (let k = 0; k < m; k++) if (members[k] && k !== bi && (partner[k] === bi || partner[k] === bj)) rescan(k);
  }
  return members.filter((g): g is number[] => g !== null && g.length >= 2);
}

/** Groups of two or more notes that probably say the same thing, most confident first. */
export function suggestSimilar(notes: ConcernText[], opts: SuggestSimilarOptions = {}): SimilarGroup[] {
  const threshold = opts.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
  const maxGroups = opts.maxGroups ?? Number.POSITIVE_INFINITY;
  // A repeated id is the same note twice; only its first occurrence counts.
  const byId = new Map<string, ConcernText>();
  for (const note of notes) if (!byId.has(note.id)) byId.set(note.id, note);
  const unique = [...byId.values()];
  const n = unique.length;
  if (n < 2 || maxGroups <= 0) return [];
  const sim = similarities(unique.map((note) => note.text));
  const groups = completeLink(sim, n, threshold).map((m) => {
    let sum = 0;
    for (let a = 0; a < m.length; a++) for (let b = a + 1; b < m.length; b++) sum += sim[m[a]! * n + m[b]!]!;
    return { members: m, score: sum / ((m.length * (m.length - 1)) / 2) };
  });
  groups.sort((x, y) => y.score - x.score || y.members.length - x.members.length || x.members[0]! - y.members[0]!);
  return groups.slice(0, maxGroups).map((g) => ({
    noteIds: g.members.map((i) => unique[i]!.id),
    score: Math.round(g.score * 1000) / 1000,
  }));
}
