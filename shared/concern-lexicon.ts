/**
 * Reads a note against the concept table (concern-concepts.ts), so the similar-concerns matcher
 * can meet the same worry written in other words or the other language. Chinese: forward maximum
 * matching over each CJK stretch, the table doubling as a small segmentation dictionary; English:
 * stemmed words, longest phrase first, with one-letter typos in longer words corrected. Yields the
 * concepts a note mentions.
 */
import { CONCEPTS, PLAIN_PHRASES, PLAIN_WORDS, type ConceptId } from './concern-concepts.ts';
import { englishTokens, normalise, textParts } from './concern-text.ts';

interface Lexicon {
  /** Chinese word → concepts (none for a plain word), and per first character the longest word (in characters). */
  zh: Map<string, ConceptId[]>;
  zhLongest: Map<string, number>;
  /**
   * Chinese words of FUZZY_MIN_LENGTH characters or more with one character left out ("消防通?"), for
   * reading a word typed with one wrong character: the concepts, or null when two words of different
   * concepts share the pattern.
   */
  zhFuzzy: Map<string, ConceptId[] | null>;
  /** Stemmed English phrase ("fire lane") → concepts, and per first word the longest phrase (in words). */
  en: Map<string, ConceptId[]>;
  enLongest: Map<string, number>;
  /** Every stem that appears in some English phrase: a word outside it may be a typo. */
  enStems: Set<string>;
  /** Written forms of the lexicon's English words of six letters or more → their stems, by length. */
  enByLength: Map<number, Map<string, string>>;
}

// Typos are corrected only in words this long: shorter ones are a letter away from too many others
// (would → mould, there → where, round → sound on the fixtures). Longer common words that are one
// letter from a lexicon word are listed so that they are never "corrected".
const TYPO_MIN_LENGTH = 6;
const NOT_TYPOS = new Set(['properly', 'provider', 'nearly', 'parent', 'pretty', 'barely', 'hardly', 'waiting', 'living', 'moving', 'chains']);

function addTo(map: Map<string, ConceptId[]>, key: string, concept: ConceptId): void {
  const list = map.get(key);
  if (!list) map.set(key, [concept]);
  else if (!list.includes(concept)) list.push(concept);
}

/**
 * A Chinese entry also means what the two-character-or-longer entries inside it mean: 垃圾分类 is
 * rubbish too, 没有电梯 a lack, 狗粪 a dog. Longest match reads one entry at each place, so its
 * concept list carries those of its parts, unless the lexicon marks it `=` (没有经过 is not a lack).
 */
function withParts(zh: Map<string, ConceptId[]>, exact: Set<string>): void {
  const own = new Map([...zh].map(([w, c]) => [w, [...c]]));
  for (const [word, concepts] of zh) {
    if (exact.has(word)) continue;
    const chars = [...word];
    for (let i = 0; i < chars.length; i++) {
      for (let j = i + 2; j <= chars.length; j++) {
        if (j - i === chars.length) continue;
        for (const c of own.get(chars.slice(i, j).join('')) ?? []) if (!concepts.includes(c)) concepts.push(c);
      }
    }
  }
}

function buildLexicon(): Lexicon {
  const lexicon: Lexicon = { zh: new Map(), zhLongest: new Map(), zhFuzzy: new Map(), en: new Map(), enLongest: new Map(), enStems: new Set(), enByLength: new Map() };
  const exact = new Set<string>();
  for (const [concept, zh, en] of CONCEPTS) {
    for (const word of zh.split(' ')) {
      const w = normalise(word.replace(/^=/, ''));
      if (word.startsWith('=')) exact.add(w);
      // Latin words in the Chinese list (app) are matched as English.
      if (/^[a-z0-9]+$/.test(w)) addTo(lexicon.en, w, concept);
      else {
        addTo(lexicon.zh, w, concept);
        const chars = [...w];
        lexicon.zhLongest.set(chars[0]!, Math.max(lexicon.zhLongest.get(chars[0]!) ?? 0, chars.length));
      }
    }
    for (const phrase of en.split(',')) {
      const tokens = englishTokens(normalise(phrase.trim())).filter((t) => t !== null);
      const words = tokens.map((t) => t.stem);
      if (words.length === 0) continue;
      for (const t of tokens) {
        lexicon.enStems.add(t.stem);
        if (t.raw.length < TYPO_MIN_LENGTH) continue;
        let sameLength = lexicon.enByLength.get(t.raw.length);
        if (!sameLength) lexicon.enByLength.set(t.raw.length, (sameLength = new Map()));
        sameLength.set(t.raw, t.stem);
      }
      addTo(lexicon.en, words.join(' '), concept);
      lexicon.enLongest.set(words[0]!, Math.max(lexicon.enLongest.get(words[0]!) ?? 0, words.length));
    }
  }
  withParts(lexicon.zh, exact);
  for (const word of PLAIN_WORDS) {
    if (lexicon.zh.has(word)) continue;
    lexicon.zh.set(word, []);
    const first = [...word][0]!;
    lexicon.zhLongest.set(first, Math.max(lexicon.zhLongest.get(first) ?? 0, [...word].length));
  }
  for (const phrase of PLAIN_PHRASES) {
    const words = englishTokens(normalise(phrase)).flatMap((t) => (t ? [t.stem] : []));
    const key = words.join(' ');
    if (lexicon.en.has(key)) continue;
    lexicon.en.set(key, []);
    lexicon.enLongest.set(words[0]!, Math.max(lexicon.enLongest.get(words[0]!) ?? 0, words.length));
  }
  for (const [word, concepts] of lexicon.zh) {
    const chars = [...word];
    if (chars.length < FUZZY_MIN_LENGTH || concepts.length === 0) continue;
    for (let k = 0; k < chars.length; k++) {
      const pattern = fuzzyKey(chars, k);
      const seen = lexicon.zhFuzzy.get(pattern);
      if (seen === undefined) lexicon.zhFuzzy.set(pattern, concepts);
      else if (seen !== null && !sameSet(seen, concepts)) lexicon.zhFuzzy.set(pattern, null);
    }
  }
  return lexicon;
}

// A Chinese word this long typed with one wrong character (消防通到 for 消防通道) is still read; shorter
// words are one character away from too many others (电费 / 电梯), so their common misspellings are
// listed instead (concern-hanzi.ts).
const FUZZY_MIN_LENGTH = 4;

function fuzzyKey(chars: string[], k: number): string {
  return `${chars.slice(0, k).join('')}?${chars.slice(k + 1).join('')}`;
}

function sameSet(a: ConceptId[], b: ConceptId[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

const LEXICON = buildLexicon();

// Words before "block" that make it a building: a determiner (cars block the lane; the whole block).
const BUILDING_BEFORE = new Set(['the', 'our', 'my', 'this', 'that', 'whole', 'entire', 'each', 'every', 'same', 'your', 'their', 'next', 'a', 'his', 'her', 'one']);

const corrections = new Map<string, string | null>();

/**
 * The stem of the lexicon word one typo (a letter dropped, changed, or two swapped) away from
 * `raw`, when exactly one stem is that close ("parkng" → park, "elevtor" → elevator); null when
 * none is, or several are. Cached: a board repeats its words.
 */
function correctTypo(raw: string): string | null {
  const cached = corrections.get(raw);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  let ambiguous = false;
  // A typo drops, changes or swaps letters; an extra letter (nearly → early) is more often a real word,
  // and so is a different first letter: people seldom mistype it (mostly is not costly, pending not spending).
  for (const len of [raw.length, raw.length + 1]) {
    for (const [word, stemmed] of LEXICON.enByLength.get(len) ?? []) {
      if (len < raw.length || word[0] !== raw[0] || !oneEditApart(raw, word) || stemmed === found) continue;
      if (found === null) found = stemmed;
      else ambiguous = true;
    }
  }
  const result = ambiguous ? null : found;
  if (corrections.size < 10_000) corrections.set(raw, result);
  return result;
}

/** Whether two different strings are one insertion, deletion, substitution or adjacent swap apart. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * The concepts a normalised text mentions, each as often as it is mentioned. Chinese stretches are
 * read as every maximal lexicon word in them (see chineseConcepts); English words are matched longest phrase first, never across a
 * separator or a Chinese stretch, and a word of five letters or more that no phrase holds is read
 * as the lexicon word one typo away, if there is exactly one.
 */
export function conceptsOf(normalised: string): ConceptId[] {
  const out: ConceptId[] = [];
  const parts = textParts(normalised);
  for (const part of parts) if (part?.cjk) chineseConcepts([...part.text], out);
  const tokens = englishTokens(normalised);
  const words = tokens.map((t, i) => {
    // "block 3", "3 block", "the whole block", "our block": a building, not an obstruction.
    if (t?.stem === 'block' && (/^\d+$/.test(tokens[i + 1]?.raw ?? '') || /^\d+$/.test(tokens[i - 1]?.raw ?? '') || BUILDING_BEFORE.has(tokens[i - 1]?.raw ?? ''))) return '#building';
    if (!t || LEXICON.enStems.has(t.stem) || t.raw.length < TYPO_MIN_LENGTH || NOT_TYPOS.has(t.raw)) return t && t.stem;
    return correctTypo(t.raw) ?? t.stem;
  });
  for (let i = 0; i < words.length; ) {
    let taken = 1;
    const first = words[i];
    for (let len = first ? Math.min(LEXICON.enLongest.get(first) ?? 0, words.length - i) : 0; len >= 1; len--) {
      const slice = words.slice(i, i + len);
      if (slice.some((w) => w === null)) continue;
      const concepts = LEXICON.en.get(slice.join(' '));
      if (concepts) {
        out.push(...concepts);
        taken = len;
        break;
      }
    }
    i += taken;
  }
  return out;
}

/**
 * The concepts of one Chinese stretch: every lexicon word in it that no longer word found there
 * contains (电动车 wins over 电 and 车), overlapping words both kept: 单元门禁 is 单元门 and 门禁,
 * 充电瓶车 充电 and 电瓶车, where forward maximum matching read 单元门 and lost 门禁. A plain word
 * (电话) takes its place without a concept. Where no exact word covers a stretch of FUZZY_MIN_LENGTH
 * characters, a lexicon word one character away from it is read instead, if only one concept fits.
 */
function chineseConcepts(chars: string[], out: ConceptId[]): void {
  const n = chars.length;
  const longest = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const most = Math.min(LEXICON.zhLongest.get(chars[i]!) ?? 0, n - i);
    let word = '';
    for (let len = 1; len <= most; len++) {
      word += chars[i + len - 1]!;
      if (LEXICON.zh.has(word)) longest[i] = len;
    }
  }
  const covered = new Uint8Array(n);
  let reach = 0;
  for (let i = 0; i < n; i++) {
    const end = i + longest[i]!;
    if (longest[i]! > 0 && end > reach) {
      for (const c of LEXICON.zh.get(chars.slice(i, end).join(''))!) out.push(c);
      covered.fill(1, i, end);
      reach = end;
    }
  }
  for (let i = 0; i + FUZZY_MIN_LENGTH <= n; i++) {
    // Only where exact words leave a character unread; the first character of a misspelt word is kept.
    let unread = false;
    for (let k = i; k < i + FUZZY_MIN_LENGTH && !unread; k++) unread = covered[k] === 0;
    if (!unread || !LEXICON.zhLongest.has(chars[i]!)) continue;
    const window = chars.slice(i, i + FUZZY_MIN_LENGTH);
    for (let k = 1; k < FUZZY_MIN_LENGTH; k++) {
      // The mistyped character is one no exact word read: 外面的车 is not 外面的人 with a typo.
      if (covered[i + k] === 1) continue;
      const concepts = LEXICON.zhFuzzy.get(fuzzyKey(window, k));
      if (concepts) {
        out.push(...concepts);
        covered.fill(1, i, i + FUZZY_MIN_LENGTH);
        break;
      }
    }
  }
}

// A place phrase: 在…里/旁边/附近 (not after a verb of putting or being kept somewhere: 停在, 堆在,
// 困在 name the worry's object), and "between / near / next to / beside" with up to three words.
// 上 and "in / on / outside" are left out: 在绿地上种菜 and "parked in the fire lane" name the
// object, and "the outside wall" is a wall.
const ZH_PLACE = /(?<![停放堆摆扔丢挂晾困关锁卡])在(\p{Script=Han}{1,6}?)(?:里面|里|旁边|边上|附近|周围)/gu;
// A pronoun after the preposition ("next to us is …") names no place.
const EN_PLACE = /\b(?:between|near|next to|beside)\s+(?!(?:us|me|them|him|her|it|you|mine|ours)\b)(?:the\s+|our\s+|a\s+)?((?:[a-z]+\s+){0,2}[a-z]+)/gu;
// Where people play or run about is a place too, whatever it is (只能在停车场跑, "play in the car
// park", "nowhere to play except the car park"): the worry is room to play, not the car park.
const ZH_PLAY_PLACE = /(?<![停放堆摆扔丢挂晾困关锁卡])在(\p{Script=Han}{1,6}?)(?:跑|玩|踢球|打球|骑车|滑板|追)/gu;
const EN_PLAY_PLACE = /\b(?:(?:play|plays|playing|run|runs|running)\s+(?:about\s+|around\s+)?(?:in|on|around)|except)\s+((?:the\s+|our\s+|a\s+)?(?:[a-z]+\s+){0,1}[a-z]+)/gu;

/**
 * The concepts a normalised text names inside place phrases (在停车场里跑来跑去, "running between
 * parked cars", "lights broken near the bike shed"): where a worry happens, not what it is about.
 */
export function placeConcepts(normalised: string): ConceptId[] {
  const out: ConceptId[] = [];
  for (const m of normalised.matchAll(ZH_PLACE)) out.push(...conceptsOf(m[1]!));
  for (const m of normalised.matchAll(EN_PLACE)) out.push(...conceptsOf(m[1]!));
  for (const m of normalised.matchAll(ZH_PLAY_PLACE)) out.push(...conceptsOf(m[1]!));
  for (const m of normalised.matchAll(EN_PLAY_PLACE)) out.push(...conceptsOf(m[1]!));
  return out;
}
