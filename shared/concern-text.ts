/**
 * How the similar-concerns matcher reads text: width, case and number folding, the split into
 * Chinese (CJK) and other runs, and a light English stemmer. Shared by the matcher and its lexicon
 * so that a lexicon term and a note are cut the same way.
 */

import { foldChinese } from './concern-hanzi.ts';

const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const CJK_CHAR = new RegExp(`[${CJK_CLASS}]`, 'u');
// A run may mix scripts ("3号楼", "wifi密码"): this splits it where CJK meets anything else.
const SCRIPT_PARTS = new RegExp(`[${CJK_CLASS}]+|[^${CJK_CLASS}]+`, 'gu');
const CLAUSE_BREAK = new RegExp(`[^\\p{L}\\p{N}\\s]+|[${CJK_CLASS}]+`, 'u');
const EN_NUMBER: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * Folds width (NFKC), traditional characters, Cantonese words and common misspellings (to simplified
 * Mandarin, concern-hanzi.ts), case, Chinese building numbers (三号楼 → 3号楼) and in-word hyphens
 * and apostrophes.
 */
export function normalise(text: string): string {
  return (
    foldChinese(text.normalize('NFKC'))
      .toLowerCase()
      // 三号楼 and 3号楼 are the same building; only before a building/floor word, so 三天两头 stays.
      .replace(/([一二三四五六七八九]|十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)(?=号|栋|幢|座|单元|楼|层)/gu, (m) => String(cnNumber(m)))
      // don't → dont, e-bike → ebike, wi-fi → wifi: one token, as people also write them. A hyphen
      // after a longer word joins two words (facial-recognition, drop-off, short-stay): they are read apart.
      .replace(/(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}])/gu, '')
      .replace(/(\p{L}+)[-‐–](?=[\p{L}\p{N}])/gu, (_, w: string) => (w.length <= 2 ? w : `${w} `))
      // "block three", "building 3", "bldg 3", "blk 3": one building, written as 3号楼 is.
      .replace(/\b(block|building|bldg|blk|tower)\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/g, (_, b: string, w: string) => `${b} ${EN_NUMBER[w]}`)
  );
}

function cnNumber(s: string): number {
  if (s.length === 1) return CN_DIGIT[s] ?? 0;
  const [a = '', b = '', c = ''] = [...s];
  if (a === '十') return 10 + (CN_DIGIT[b] ?? 0);
  return (CN_DIGIT[a] ?? 0) * 10 + (CN_DIGIT[c] ?? 0);
}

/** One stretch of a note between separators, in one script: Chinese (`cjk`) or a single other word. */
export interface TextPart {
  cjk: boolean;
  text: string;
}

/**
 * Splits normalised text into parts: any run of punctuation or whitespace is one separator, and a
 * run that mixes scripts is cut where CJK meets anything else. A `null` entry marks a separator, so
 * callers can keep n-grams and phrases from spanning one (坏了，没人修 must not give 了没).
 */
export function textParts(normalised: string): (TextPart | null)[] {
  const out: (TextPart | null)[] = [];
  for (const run of normalised.match(/[\p{L}\p{N}]+/gu) ?? []) {
    for (const part of run.match(SCRIPT_PARTS) ?? []) out.push({ cjk: CJK_CHAR.test(part), text: part });
    out.push(null);
  }
  return out;
}

/**
 * The non-Chinese words of normalised text, stemmed, in order, with a `null` wherever punctuation or
 * a Chinese stretch stands: spaces join words into phrases ("fire lane"), anything else breaks them.
 */
export function englishWords(normalised: string): (string | null)[] {
  return englishTokens(normalised).map((t) => t && t.stem);
}

/** One non-Chinese word as written (normalised) and its stem. */
export interface EnglishToken {
  raw: string;
  stem: string;
}

/**
 * Like englishWords, keeping each word as written beside its stem (the lexicon corrects typos on
 * the written form). Digits and letters are cut apart, so "6-storey" reads as "6 storey" and "7pm"
 * as "7 pm", the same way a lexicon phrase is read.
 */
export function englishTokens(normalised: string): (EnglishToken | null)[] {
  const out: (EnglishToken | null)[] = [];
  for (const clause of normalised.split(CLAUSE_BREAK)) {
    for (const word of clause.match(/\p{L}+|\p{N}+/gu) ?? []) out.push({ raw: word, stem: stem(word) });
    out.push(null);
  }
  return out;
}

// Words whose ending only looks like an inflection: the news is not something new.
const UNSTEMMED = new Set(['news', 'always', 'perhaps', 'series', 'species']);
// Words the rules below would cut to another word: an evening is not "even", closed is not "close" (near).
const STEMS = new Map([['evening', 'evening'], ['evenings', 'evening'], ['closed', 'closed'], ['droppings', 'droppings'], ['booking', 'booking'], ['bookings', 'booking'], ['booked', 'booked']]);

/** A light English stemmer: enough to meet "breaks"/"breaking", "charge"/"charging", "lights"/"lighting". */
export function stem(word: string): string {
  const fixed = STEMS.get(word);
  if (fixed) return fixed;
  let w = word;
  if (w.length <= 3 || /\d/.test(w) || UNSTEMMED.has(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(ches|shes|sses|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  // stopped → stop, putting → put, but added → add (not ad): only a stem of four letters or more is undoubled.
  if (w.length >= 4 && w !== word && /([^aeiouslz])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}
