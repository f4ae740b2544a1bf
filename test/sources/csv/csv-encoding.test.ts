import { describe, expect, it } from 'vitest';
import { createTranscoder, InvalidUtf8Error, LineCounter, lineAt, scanUtf8, sniffEncoding } from '../../../src/sources/csv/csv-encoding.js';
import { cp1252 } from './csv-test-files.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('scanUtf8', () => {
  it('accepts ASCII and every length of character', () => {
    expect(scanUtf8(Buffer.from('plain'), true)).toEqual({ invalidAt: -1, completeEnd: 5, firstMultibyteAt: -1 });
    expect(scanUtf8(Buffer.from('aé€😀'), true)).toEqual({ invalidAt: -1, completeEnd: 10, firstMultibyteAt: 1 });
  });

  it('rejects overlong forms, surrogates, values past U+10FFFF and stray bytes', () => {
    for (const bad of [
      bytes(0x61, 0xc0, 0x80),
      bytes(0x61, 0xe0, 0x80, 0x80),
      bytes(0x61, 0xed, 0xa0, 0x80),
      bytes(0x61, 0xf4, 0x90, 0x80, 0x80),
      bytes(0x61, 0x80),
      bytes(0x61, 0xff),
      bytes(0x61, 0xe9, 0x61),
    ]) {
      expect(scanUtf8(bad, true).invalidAt).toBe(1);
    }
  });

  it('holds back a character cut off at the end unless the bytes are the whole file', () => {
    const cut = Buffer.from('ab€').subarray(0, 4);
    expect(scanUtf8(cut, false)).toEqual({ invalidAt: -1, completeEnd: 2, firstMultibyteAt: -1 });
    expect(scanUtf8(cut, true).invalidAt).toBe(2);
    expect(scanUtf8(bytes(0x61, 0xe2, 0x41), false).invalidAt).toBe(1);
  });

  it('agrees with the platform decoder on random bytes', () => {
    // A fixed-seed generator: the same 2,000 byte strings every run.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    for (let n = 0; n < 2000; n++) {
      const sample = Uint8Array.from({ length: 1 + (next() % 12) }, () => {
        const r = next() % 4;
        return r === 0 ? next() % 0x80 : r === 1 ? 0x80 + (next() % 0x40) : 0xc0 + (next() % 0x40);
      });
      let valid = true;
      try {
        fatal.decode(sample);
      } catch {
        valid = false;
      }
      expect(scanUtf8(sample, true).invalidAt < 0, Buffer.from(sample).toString('hex')).toBe(valid);
    }
  });
});

describe('sniffEncoding', () => {
  it('tells UTF-8, ASCII, Windows-1252, mixed and UTF-16 apart', () => {
    expect(sniffEncoding(Buffer.from('id;name\n1;Ana\n'), true)).toMatchObject({ guess: 'utf-8', ascii: true, bom: false });
    expect(sniffEncoding(Buffer.from('\uFEFFid;name\n1;José\n'), true)).toMatchObject({ guess: 'utf-8', ascii: false, bom: true });
    expect(sniffEncoding(cp1252('id;name\n1;José €\n'), true)).toMatchObject({ guess: 'windows-1252', invalidAt: 13, firstMultibyteAt: -1 });
    const mixedUtf8First = Buffer.concat([Buffer.from('1;Zoë\n'), cp1252('2;Zoë\n')]);
    expect(sniffEncoding(mixedUtf8First, true)).toMatchObject({ guess: 'mixed', firstMultibyteAt: 4, invalidAt: 11 });
    const mixedCp1252First = Buffer.concat([cp1252('1;Zoë\n'), Buffer.from('2;Zoë\n')]);
    expect(sniffEncoding(mixedCp1252First, true)).toMatchObject({ guess: 'mixed', invalidAt: 4, firstMultibyteAt: 10 });
    expect(sniffEncoding(bytes(0xff, 0xfe, 0x41, 0x00), true).guess).toBe('utf-16le');
    expect(sniffEncoding(bytes(0xfe, 0xff, 0x00, 0x41), true).guess).toBe('utf-16be');
  });

  it('does not count a character cut off at the end of a first chunk against UTF-8', () => {
    const head = Buffer.from('id;name\n1;José').subarray(0, 14);
    expect(sniffEncoding(head, false).guess).toBe('utf-8');
  });
});

describe('LineCounter', () => {
  it('counts LF, CRLF and lone CR, even when a CRLF is split across chunks', () => {
    const counter = new LineCounter();
    counter.feed(Buffer.from('a\nb\r'));
    expect(counter.line).toBe(3);
    counter.feed(Buffer.from('\nc\rd\r\r'));
    expect(counter.line).toBe(6);
    counter.feed(Buffer.from('e'));
    expect(counter.line).toBe(6);
    expect(lineAt(Buffer.from('x\r\ny\rz\n'), 5)).toBe(3);
  });
});

describe('transcoders', () => {
  it('passes valid UTF-8 through unchanged, one byte at a time', () => {
    const input = Buffer.from('id,nome\r\n1,"Conceição\n😀"\n');
    const transcoder = createTranscoder('utf-8');
    const out = [...input].map((byte) => transcoder.push(Buffer.from([byte])));
    out.push(transcoder.end());
    expect(Buffer.concat(out)).toEqual(input);
  });

  it('names the line of the first byte that is not UTF-8, across chunks', () => {
    const transcoder = createTranscoder('utf-8');
    transcoder.push(Buffer.from('a\r\nb\n'));
    transcoder.push(Buffer.from('c\rd'));
    const error = (() => {
      try {
        transcoder.push(Buffer.concat([Buffer.from('\nJos'), cp1252('é;x')]));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidUtf8Error);
    expect(error).toMatchObject({ line: 5, byte: 0xe9 });
  });

  it('fails at the end on a character that never completes', () => {
    const transcoder = createTranscoder('utf-8');
    transcoder.push(Buffer.from('a\nb\xc3', 'latin1'));
    expect(() => transcoder.end()).toThrow(expect.objectContaining({ line: 2, byte: 0xc3 }));
  });

  it('decodes Windows-1252 and strict Latin-1 to UTF-8', () => {
    const input = cp1252('José “Zé” Müller – 5 €');
    const cp = createTranscoder('windows-1252');
    expect(Buffer.concat([cp.push(input), cp.end()]).toString('utf8')).toBe('José “Zé” Müller – 5 €');
    const latin1 = createTranscoder('latin1');
    expect(latin1.push(input).toString('utf8')).toBe('José \u0093Zé\u0094 Müller \u0096 5 \u0080');
  });
});
