// Free text (src/text): invisible characters removed, lengths checked as Slack counts them, serials folded, and
// user text escaped for mrkdwn so that it shows as typed — no mention, no link, no formatting, no reversed line.
import { describe, expect, it } from 'vitest';
import { checkText, cleanCsvCell, cleanText, escapeMrkdwn, TEXT_LIMITS } from '../../src/text';

describe('cleanText', () => {
  it('removes controls, zero-width characters and bidi overrides, and keeps what people see', () => {
    expect(cleanText('a\u0000b\u0007c\u001Bd\u007Fe\u0085f')).toBe('abcdef');
    expect(cleanText('in\u202Evoice\u202C\u200B\u200C\u200D\u2060\uFEFF\u2066x\u2069\u200E\u200F\u061C\u00AD!')).toBe('invoicex!');
    expect(cleanText('  山田　太郎の iPhone 🙂 ')).toBe('山田　太郎の iPhone 🙂');
  });

  it('keeps line breaks only where the field has several lines', () => {
    expect(cleanText('one\r\ntwo\rthree\tfour', { multiline: true })).toBe('one\ntwo\nthree\tfour');
    expect(cleanText('one\r\ntwo\tthree')).toBe('one two three');
  });
});

describe('checkText', () => {
  it('measures after cleaning, as Slack counts (UTF-16 code units)', () => {
    expect(checkText('\u200B'.repeat(5000) + 'ok', 'reason')).toEqual({ ok: true, value: 'ok' });
    expect(checkText('あ'.repeat(10_240), 'notes', { multiline: true })).toEqual({ ok: false, problem: 'tooLong', max: TEXT_LIMITS.notes, length: 10_240 });
    expect(checkText('x'.repeat(TEXT_LIMITS.reason), 'reason')).toMatchObject({ ok: true });
  });

  it('refuses a reason that is too short once cleaned, and accepts an empty optional field', () => {
    expect(checkText('a\u200Bb', 'reason', { min: 3 })).toEqual({ ok: false, problem: 'tooShort', min: 3 });
    expect(checkText('   ', 'notes')).toEqual({ ok: true, value: '' });
  });

  it('folds a full-width serial and refuses one that is not a serial', () => {
    expect(checkText('ＦＦＭＸ１２３４\u200B', 'serial')).toEqual({ ok: true, value: 'FFMX1234' });
    expect(checkText('R58M-12.3/4_5', 'serial')).toMatchObject({ ok: true });
    for (const odd of ['<!channel>', '*bold*', 'a,b', '-leading']) expect(checkText(odd, 'serial')).toEqual({ ok: false, problem: 'badSerial' });
  });

  it('cuts a CSV cell to its limit after cleaning', () => {
    expect(cleanCsvCell(' yamada\u200B@example.co.jp ')).toBe('yamada@example.co.jp');
    const cut = cleanCsvCell('x'.repeat(10_000));
    expect(cut).toHaveLength(TEXT_LIMITS.csvCell);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('escapeMrkdwn', () => {
  it('turns mentions and links into plain text', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U0BOSS> <https://evil.example|ok> a&b')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U0BOSS&gt; &lt;https://evil.example|ok&gt; a&amp;b',
    );
  });

  it('replaces formatting characters at a word edge by look-alikes, and leaves them inside words', () => {
    expect(escapeMrkdwn('*bold* _italic_ ~strike~ `code` ```block```')).toBe('∗bold∗ ＿italic＿ ∼strike∼ ˋcodeˋ ˋˋˋblockˋˋˋ');
    expect(escapeMrkdwn('snake_case 2*3 10~20 taro_yamada@example.com')).toBe('snake_case 2*3 10~20 taro_yamada@example.com');
  });

  it('does not let a line start a quote', () => {
    expect(escapeMrkdwn('> quoted\nok > fine\n  > again')).toBe('＞ quoted\nok &gt; fine\n  ＞ again');
  });

  it('removes invisible characters', () => {
    expect(escapeMrkdwn('txt\u202Eexe.\u202C')).toBe('txtexe.');
  });
});
