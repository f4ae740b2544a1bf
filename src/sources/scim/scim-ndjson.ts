/**
 * NDJSON files: one resource per line, streamed line by line. Only the line
 * being read is held, so a file of any number of lines reads in bounded
 * memory.
 */
import { createReadStream } from 'node:fs';
import { RecordProblem, type FileRecord, type RecordOptions } from './scim-records.js';

const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * The non-blank lines of the file at `path`, each with its 1-based line
 * number (LF or CRLF line ends). A last line without a line break is
 * yielded too: whether it is complete is for the JSON parser to say.
 * @throws RecordProblem for bytes that are not UTF-8, or a line longer than `maxRecordBytes`.
 */
export async function* ndjsonRecords(path: string, options: RecordOptions): AsyncGenerator<FileRecord, void, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes, signal: options.signal });
  // The start of a line that the last chunk did not finish, in pieces (no copying per chunk).
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let line = 1;

  const decode = (bytes: Buffer, at: number): string | undefined => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === carriageReturn ? bytes.length - 1 : bytes.length;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(0, end));
    } catch {
      throw new RecordProblem('is not valid UTF-8 (NDJSON files are UTF-8 text)', at);
    }
    return text.trim() === '' ? undefined : text;
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.hash.update(chunk);
      let start = 0;
      for (let nl = chunk.indexOf(newline, start); nl >= 0; nl = chunk.indexOf(newline, start)) {
        let bytes = chunk.subarray(start, nl);
        if (carryBytes > 0) {
          carry.push(bytes);
          bytes = Buffer.concat(carry, carryBytes + bytes.length);
          carry = [];
          carryBytes = 0;
        }
        if (bytes.length > options.maxRecordBytes) throw tooLong(line, options.maxRecordBytes);
        const text = decode(bytes, line);
        if (text !== undefined) yield { text, line };
        line += 1;
        start = nl + 1;
      }
      if (start < chunk.length) {
        carry.push(chunk.subarray(start));
        carryBytes += chunk.length - start;
        if (carryBytes > options.maxRecordBytes) throw tooLong(line, options.maxRecordBytes);
      }
    }
    if (carryBytes > 0) {
      const text = decode(Buffer.concat(carry, carryBytes), line);
      if (text !== undefined) yield { text, line };
    }
  } finally {
    stream.destroy();
  }
}

function tooLong(line: number, max: number): RecordProblem {
  return new RecordProblem(
    `is longer than ${Math.round(max / (1024 * 1024))} MiB; NDJSON holds one resource per line, and no resource is that large (is the file one JSON document? then set format: json)`,
    line,
  );
}
