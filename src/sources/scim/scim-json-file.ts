/**
 * JSON files: a SCIM ListResponse, an array of resources or one resource,
 * streamed through the splitter so that only one resource is held at a time.
 */
import { createReadStream } from 'node:fs';
import { JsonResourceSplitter, type JsonShape } from './scim-json-splitter.js';
import { RecordProblem, type FileRecord, type RecordOptions } from './scim-records.js';

/**
 * The resources of the JSON file at `path`, in file order; returns what the
 * document was once it has been read to its end. A lone resource (the
 * document is an object with no `Resources`) is not yielded: the caller
 * finds it in the returned shape.
 * @throws RecordProblem naming the line of a structural problem, bytes that are not UTF-8, or a truncated file.
 */
export async function* jsonRecords(path: string, options: RecordOptions): AsyncGenerator<FileRecord, JsonShape & { line: number }, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const splitter = new JsonResourceSplitter(options.maxRecordBytes);
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes, signal: options.signal });
  let lines = 1;
  const decode = (chunk: Buffer | undefined): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw new RecordProblem('is not valid UTF-8 (JSON files are UTF-8 text)', lines);
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.hash.update(chunk);
      const text = decode(chunk);
      for (const record of splitter.push(text)) yield record;
      lines = countLines(text, lines);
    }
    for (const record of splitter.push(decode(undefined))) yield record;
    return splitter.end();
  } finally {
    stream.destroy();
  }
}

/** `from` plus the line breaks in `text`: a line to name for bytes that fail to decode. */
function countLines(text: string, from: number): number {
  let lines = from;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}
