/**
 * Reading a SCIM export file (JSON or NDJSON) into raw entries, all or
 * nothing, in bounded memory.
 *
 * Two passes over the file: the first parses only the records that may be
 * Groups (a cheap text test rules out the rest) and indexes their members;
 * the second yields every entry, each person already knowing its groups,
 * whatever the order of Users and Groups in the file. Both passes hash the
 * bytes; if they differ, the file changed under the read and it fails.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Logger } from '../../context/run-context.js';
import { SourceError } from '../../errors.js';
import type { EntryIssue, JsonValue, RawEntry, ReadSummary } from '../source.js';
import { toEntry } from './scim-entries.js';
import { ScimFileErrors } from './scim-file-errors.js';
import { jsonRecords } from './scim-json-file.js';
import type { JsonShape } from './scim-json-splitter.js';
import { GroupMemberships } from './scim-memberships.js';
import { ndjsonRecords } from './scim-ndjson.js';
import { defaultMaxRecordBytes, RecordProblem, type FileRecord, type RecordOptions } from './scim-records.js';
import { classify, get, isObject, listResponseSchema, mayBeGroup } from './scim-resource.js';

/** What a file read needs. */
export interface ScimFileSettings {
  name: string;
  path: string;
  format: 'auto' | 'json' | 'ndjson';
}

/** Sizes that trade memory for fewer reads; tests shrink them to cross chunk borders. */
export interface ScimFileTuning {
  /** Bytes read at a time. Default 64 KiB. */
  chunkBytes?: number;
  /** Longest resource accepted. Default 16 MiB. */
  maxRecordBytes?: number;
}

type Records = AsyncGenerator<FileRecord, (JsonShape & { line: number }) | void, undefined>;

/** NDJSON when the first line is a whole JSON object on its own that is not a ListResponse; otherwise JSON. */
export async function detectFormat(path: string): Promise<'json' | 'ndjson'> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const start = text.search(/\S/);
    if (start < 0 || text[start] !== '{') return 'json';
    const end = text.indexOf('\n', start);
    if (end < 0 && bytesRead === head.length) return 'json';
    let first: unknown;
    try {
      first = JSON.parse(text.slice(start, end < 0 ? undefined : end));
    } catch {
      return 'json';
    }
    if (!isObject(first as JsonValue)) return 'json';
    const object = first as { [key: string]: JsonValue };
    const schemas = get(object, 'schemas');
    const listResponse = get(object, 'Resources') !== undefined || (Array.isArray(schemas) && schemas.includes(listResponseSchema));
    return listResponse || end < 0 ? 'json' : 'ndjson';
  } finally {
    await file.close();
  }
}

function parse(record: FileRecord): { value: JsonValue } | { error: string } {
  try {
    return { value: JSON.parse(record.text) as JsonValue };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Reads the file; the generator returns the summary once every entry is yielded. */
export async function* readScimFile(settings: ScimFileSettings, signal: AbortSignal, logger: Logger, tuning: ScimFileTuning = {}): AsyncGenerator<RawEntry, ReadSummary, undefined> {
  const errors = new ScimFileErrors(settings.name, settings.path);
  const fileName = basename(settings.path);
  const format = settings.format === 'auto' ? await detectFormat(settings.path).catch((error: unknown) => Promise.reject(errors.file(error))) : settings.format;
  const records = (hash: RecordOptions['hash']): Records => {
    const options: RecordOptions = { chunkBytes: tuning.chunkBytes ?? 64 * 1024, maxRecordBytes: tuning.maxRecordBytes ?? defaultMaxRecordBytes, hash, signal };
    return format === 'ndjson' ? ndjsonRecords(settings.path, options) : jsonRecords(settings.path, options);
  };
  const place = (record: FileRecord) => ({ origin: record.pointer === undefined ? `${fileName} line ${record.line}` : `${fileName}#${record.pointer}`, line: record.line });

  // First pass: the groups' members.
  const memberships = new GroupMemberships();
  const firstHash = createHash('sha256');
  let groupsIndexed = 0;
  const indexGroup = (value: JsonValue) => {
    const classified = classify(value);
    if (!('type' in classified) || classified.type !== 'Group') return;
    memberships.add(classified.resource, classified.id);
    groupsIndexed += 1;
  };
  const firstShape = await drain(records(firstHash), (record) => {
    if (!mayBeGroup.test(record.text)) return;
    const parsed = parse(record);
    if ('value' in parsed) indexGroup(parsed.value);
  }).catch((error: unknown) => Promise.reject(toSourceError(error, errors, signal)));
  if (firstShape?.shape === 'single') indexGroup(firstShape.document as JsonValue);

  // Second pass: every entry.
  const hash = createHash('sha256');
  const issues: EntryIssue[] = [];
  let entries = 0;
  let groupsSeen = 0;
  const convert = (value: JsonValue, where: { origin: string; line: number }): RawEntry | undefined => {
    const converted = toEntry(value, where, memberships);
    if ('issue' in converted) {
      issues.push(converted.issue);
      return undefined;
    }
    if (converted.entry.kind === 'group') groupsSeen += 1;
    entries += 1;
    return converted.entry;
  };
  const reading = records(hash);
  let shape: (JsonShape & { line: number }) | void;
  try {
    for (;;) {
      const next = await reading.next();
      if (next.done) {
        shape = next.value;
        break;
      }
      signal.throwIfAborted();
      const record = next.value;
      const parsed = parse(record);
      if ('error' in parsed) throw errors.invalidJson(record.line, record.pointer, parsed.error, await isLastRecord(reading));
      const entry = convert(parsed.value, place(record));
      if (entry !== undefined) yield entry;
    }
  } catch (error) {
    throw toSourceError(error, errors, signal);
  } finally {
    await reading.return(undefined);
  }
  if (shape?.shape === 'single') {
    const document = shape.document as JsonValue;
    const schemas = isObject(document) ? get(document, 'schemas') : undefined;
    if (Array.isArray(schemas) && schemas.includes(listResponseSchema)) {
      if (get(document as { [key: string]: JsonValue }, 'totalResults') !== 0) throw errors.notResources('is a ListResponse without Resources but with totalResults other than 0');
    } else {
      const entry = convert(document, { origin: fileName, line: 1 });
      if (entry !== undefined) yield entry;
    }
  }
  if (shape?.shape === 'list') {
    const total = shape.document['totalResults'];
    if (total !== undefined && total !== shape.count) throw errors.totalMismatch(total, shape.count);
  }
  const fingerprint = hash.digest('hex');
  if (fingerprint !== firstHash.digest('hex') || groupsSeen !== groupsIndexed) throw errors.changed();
  if (entries === 0) throw errors.empty(issues);
  logger.info('read SCIM file', { format, entries, groups: groupsSeen, issues: issues.length });
  if (issues.length > 0) logger.warn('resources left out', { count: issues.length, first: issues[0] });
  return { entries, issues, fingerprint };
}

/** Runs `each` on every record; returns the generator's return value. */
async function drain(records: Records, each: (record: FileRecord) => void): Promise<(JsonShape & { line: number }) | void> {
  for (;;) {
    const next = await records.next();
    if (next.done) return next.value;
    each(next.value);
  }
}

/**
 * Whether the record just read was the file's last: a JSON error there means
 * the file was cut off. Reading on is safe, the read fails either way.
 */
async function isLastRecord(records: Records): Promise<boolean> {
  try {
    return (await records.next()).done === true;
  } catch {
    return true;
  }
}

function toSourceError(error: unknown, errors: ScimFileErrors, signal: AbortSignal): Error {
  if (signal.aborted) return errors.aborted(signal.reason);
  if (error instanceof RecordProblem) return errors.structure(error.line, error.message, error);
  if (error instanceof SourceError) return error;
  return errors.file(error);
}
