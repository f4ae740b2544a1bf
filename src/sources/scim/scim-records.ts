/**
 * What the file readers hand the SCIM source: the text of one resource and
 * where it is, in bounded memory (one record at a time), or a problem that
 * names its line.
 */

/** The text of one resource in a file. */
export interface FileRecord {
  /** The resource's JSON text. */
  text: string;
  /** 1-based line on which it starts. */
  line: number;
  /** JSON pointer of the resource in a JSON file (`/Resources/3`); absent in NDJSON, where the line says it. */
  pointer?: string;
}

/** A file cannot be split into resources; `line` is where the problem is. */
export class RecordProblem extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** How records are read: sizes that bound memory, the fingerprint, the abort signal. */
export interface RecordOptions {
  /** Bytes read at a time. */
  chunkBytes: number;
  /** Longest resource accepted, in bytes (NDJSON) or characters (JSON): bounds memory on a file without line breaks or a bracket never closed. */
  maxRecordBytes: number;
  /** Fed every byte of the file, in order. */
  hash: { update(bytes: Uint8Array): unknown };
  signal: AbortSignal;
}

/** Longest resource accepted by default: 16 MiB. */
export const defaultMaxRecordBytes = 16 * 1024 * 1024;
