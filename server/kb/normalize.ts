/**
 * The normalised text the knowledge-base index is built from and queries are
 * matched against: Latin lower-cased; Arabic and Urdu without harakat (vowel
 * marks), tatweel or presentation forms, with the letter variants people
 * type interchangeably unified (alef, ya, kaf, heh). `map[i]` is the index in
 * the original text of normalised character `i`, so match ranges found in the
 * normalised text point at the original.
 */
const drop = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200C\u200D\u200E\u200F]/;
const unify: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ٲ: 'ا',
  ٳ: 'ا',
  ى: 'ي',
  ی: 'ي',
  ې: 'ي',
  ۍ: 'ي',
  ئ: 'ي',
  ے: 'ي',
  ک: 'ك',
  ڪ: 'ك',
  ہ: 'ه',
  ۀ: 'ه',
  ھ: 'ه',
  ة: 'ه',
  ۃ: 'ه',
  ؤ: 'و',
};

export function normalizeWithMap(text: string): { text: string; map: number[] } {
  let out = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (drop.test(ch)) continue;
    const n = (unify[ch] ?? ch).normalize('NFKC').toLowerCase();
    for (const part of n) {
      out += part;
      map.push(i);
    }
  }
  return { text: out, map };
}

export const normalize = (text: string): string => normalizeWithMap(text).text;
