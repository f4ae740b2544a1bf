/**
 * systemd unit files read as systemd reads them: `[Section]` headers,
 * `Key=Value` lines (a key may repeat), `#` and `;` comments, a trailing
 * backslash continuing a line.
 */
export type UnitFile = Map<string, Map<string, string[]>>;

export function parseUnitFile(text: string, name: string): UnitFile {
  const sections: UnitFile = new Map();
  let current: Map<string, string[]> | undefined;
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!, current);
      return;
    }
    const pair = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!pair || !current) throw new Error(`${name}:${index + 1}: not a section header or a Key=Value line: ${line}`);
    const values = current.get(pair[1]!) ?? [];
    values.push(pair[2]!.trim());
    current.set(pair[1]!, values);
  });
  return sections;
}

/** The one value of `key` in `section`; throws when it is missing or given twice. */
export function single(unit: UnitFile, section: string, key: string): string {
  const values = unit.get(section)?.get(key) ?? [];
  if (values.length !== 1) throw new Error(`[${section}] ${key}= is given ${values.length} times, expected once`);
  return values[0]!;
}
