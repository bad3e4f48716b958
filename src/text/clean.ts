// Text people type (a reason, notes, a serial, a CSV cell), made safe to keep and to show: the characters that
// change how the rest of a line is read but show nothing themselves are removed — control characters, zero-width
// characters, the soft hyphen, and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) with
// which "txt.exe" can be shown as "exe.txt" (CVE-2021-42574, "Trojan Source"). Line breaks become \n; a one-line
// field turns them (and tabs) into spaces. Pure: no I/O, nothing of ours imported.

/** Everything removed from free text: C0/C1 controls but \t and \n, DEL, soft hyphen, Arabic letter mark, Mongolian
 *  vowel separator, zero-width space/non-joiner/joiner, LRM/RLM, bidi embeddings/overrides/isolates, word joiner and
 *  invisible operators, the BOM / zero-width no-break space, and the interlinear annotation characters. */
const INVISIBLE_RANGES: [number, number][] = [
  [0x0000, 0x0008],
  [0x000b, 0x000c],
  [0x000e, 0x001f],
  [0x007f, 0x009f],
  [0x00ad, 0x00ad],
  [0x061c, 0x061c],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
  [0xfff9, 0xfffb],
];
const u = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const INVISIBLE = new RegExp(`[${INVISIBLE_RANGES.map(([from, to]) => (from === to ? u(from) : `${u(from)}-${u(to)}`)).join('')}]`, 'g');

/** Removes the invisible characters above (and only them): what is left is what the person sees. */
export function stripInvisible(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
}

/** Free text as it is kept: NFC, invisible characters removed, trimmed; one line unless `multiline`. */
export function cleanText(raw: string | null | undefined, options: { multiline?: boolean } = {}): string {
  const text = stripInvisible((raw ?? '').normalize('NFC'));
  return (options.multiline ? text : text.replace(/[\n\t]+/g, ' ')).trim();
}
