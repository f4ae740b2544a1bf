/**
 * Keeps the database password out of messages and logs: every place that
 * names a PostgreSQL server goes through these.
 */

const mask = '***';

/**
 * The URL with its password replaced by `***`: `postgres://user:***@host/db`.
 * Also masks `password=` in the query string. A string that does not parse
 * as a URL is masked by pattern rather than echoed.
 */
export function maskDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = mask;
    for (const key of [...url.searchParams.keys()]) {
      if (/pass/i.test(key)) url.searchParams.set(key, mask);
    }
    // URL encodes `***` in the query string; show it as written.
    return url.toString().replace(/%2A%2A%2A/g, mask);
  } catch {
    return databaseUrl
      .replace(/(\/\/[^/?#@:]*:)[^@/?#]*@/, `$1${mask}@`)
      .replace(/(pass[a-z]*=)[^&\s]*/gi, `$1${mask}`);
  }
}

/** The password a database URL carries, decoded, or undefined when it has none. */
export function passwordOf(databaseUrl: string): string | undefined {
  try {
    const password = new URL(databaseUrl).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return rawPasswordOf(databaseUrl);
  }
}

/**
 * `text` with every occurrence of the URL's password (raw and URL-encoded)
 * replaced by `***`: for messages that come from the driver and might echo it.
 */
export function scrubPassword(text: string, databaseUrl: string): string {
  const password = passwordOf(databaseUrl);
  let out = text;
  for (const secret of new Set([password, rawPasswordOf(databaseUrl)])) {
    if (secret) out = out.split(secret).join(mask);
  }
  return out;
}

function rawPasswordOf(databaseUrl: string): string | undefined {
  const match = /\/\/[^/?#@:]*:([^@/?#]*)@/.exec(databaseUrl);
  return match?.[1] || undefined;
}
