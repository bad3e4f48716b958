// An uploaded CSV's bytes → text: BOM-marked UTF-8 and UTF-16, UTF-8, else Shift-JIS (CP932, as Excel saves in
// Japan); anything else, or text already holding U+FFFD, is refused rather than guessed.
import { describe, expect, it } from 'vitest';
import { decodeCsv } from '../../src/csv/decode';

const sjis = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s/g, ''), 'hex'));

describe('decodeCsv', () => {
  it('reads UTF-8 with or without a BOM, and removes the BOM', () => {
    expect(decodeCsv(Buffer.from('\uFEFFwipe\r\nはい\r\n', 'utf8'))).toEqual({ ok: true, text: 'wipe\r\nはい\r\n', encoding: 'utf-8' });
    expect(decodeCsv(Buffer.from('wipe\nはい\n', 'utf8'))).toEqual({ ok: true, text: 'wipe\nはい\n', encoding: 'utf-8' });
    expect(decodeCsv('\uFEFFalready text')).toEqual({ ok: true, text: 'already text', encoding: 'utf-8' });
  });

  it('reads Shift-JIS, CP932 extensions included (①, ～, IBM kanji)', () => {
    // "はい,①～髙" in CP932: 82CD 82A2 2C 8740 8160 FBFC
    expect(decodeCsv(sjis('82CD 82A2 2C 8740 8160 FBFC'))).toEqual({ ok: true, text: 'はい,①～髙', encoding: 'shift_jis' });
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text")', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('はい', 'utf16le')]);
    expect(decodeCsv(le)).toEqual({ ok: true, text: 'はい', encoding: 'utf-16le' });
  });

  it('refuses bytes that are neither, and text holding U+FFFD, naming the line', () => {
    expect(decodeCsv(sjis('41 82 20 FF FE'))).toEqual({ ok: false, problem: 'undecodable', encoding: null });
    expect(decodeCsv(Buffer.from('a\nb\nc\uFFFD\n', 'utf8'))).toEqual({ ok: false, problem: 'replacement_character', encoding: 'utf-8', line: 3 });
  });
});
