// An uploaded CSV's bytes → text. Excel on a Japanese Windows saves "CSV (comma delimited)" in Shift-JIS
// (Microsoft's code page 932) and "CSV UTF-8" with a byte order mark; Numbers, Google Sheets and editors write
// UTF-8 without one. So: a BOM decides (UTF-8, or UTF-16 from "Unicode text"); otherwise strict UTF-8, and
// when that fails, strict Shift-JIS. Node's TextDecoder('shift_jis') is the WHATWG Shift_JIS decoder, which is
// CP932 (NEC and IBM extensions included) and needs Node's full ICU (the default build). Anything that decodes
// in neither, or text that already holds U+FFFD (a file damaged by an earlier conversion), is refused: a
// guessed character in an e-mail address would offboard someone else.

export type CsvEncoding = 'utf-8' | 'shift_jis' | 'utf-16le' | 'utf-16be';

export type DecodedCsv =
  | { ok: true; text: string; encoding: CsvEncoding }
  | { ok: false; problem: 'undecodable' | 'replacement_character'; encoding: CsvEncoding | null; line?: number };

function strict(encoding: CsvEncoding, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes a CSV file's bytes (a string is taken as already decoded and only checked). The BOM is removed. */
export function decodeCsv(input: Uint8Array | string): DecodedCsv {
  let text: string | null;
  let encoding: CsvEncoding;
  if (typeof input === 'string') {
    text = input.replace(/^\uFEFF/, '');
    encoding = 'utf-8';
  } else if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
    encoding = 'utf-8';
    text = strict(encoding, input.subarray(3));
  } else if (input[0] === 0xff && input[1] === 0xfe) {
    encoding = 'utf-16le';
    text = strict(encoding, input.subarray(2));
  } else if (input[0] === 0xfe && input[1] === 0xff) {
    encoding = 'utf-16be';
    text = strict(encoding, input.subarray(2));
  } else {
    encoding = 'utf-8';
    text = strict(encoding, input);
    if (text === null) {
      encoding = 'shift_jis';
      text = strict(encoding, input);
    }
  }
  if (text === null) return { ok: false, problem: 'undecodable', encoding: typeof input === 'string' ? 'utf-8' : null };
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) return { ok: false, problem: 'replacement_character', encoding, line: text.slice(0, bad).split('\n').length };
  return { ok: true, text, encoding };
}
