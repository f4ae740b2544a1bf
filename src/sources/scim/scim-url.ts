/**
 * The base URL of a SCIM service provider and the page URLs built on it.
 */

/**
 * Checks a base URL: absolute, https (or http on loopback only), no user or
 * password in it, no query or fragment. Returns the URL with a trailing `/`,
 * or the problem in one sentence.
 */
export function parseScimBaseUrl(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not an absolute URL such as https://idp.example.com/scim/v2`;
  }
  // The text before the host is not echoed: it may be a credential.
  if (url.username || url.password) return `the url must not hold a user name or password (${url.host}); give them through auth`;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return `${url.origin} is not https: the token and every person's data would cross the network in clear. Plain http is accepted only on loopback`;
  }
  if (url.search !== '' || url.hash !== '') return `the url must be the service provider's base (e.g. https://idp.example.com/scim/v2), without ?query or #fragment; the filter goes in filter`;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** `{base}Users?startIndex=&count=[&filter=]`. */
export function pageUrl(base: URL, endpoint: 'Users' | 'Groups', startIndex: number, count: number, filter: string | undefined): URL {
  const url = new URL(endpoint, base);
  url.searchParams.set('startIndex', String(startIndex));
  url.searchParams.set('count', String(count));
  if (filter !== undefined) url.searchParams.set('filter', filter);
  return url;
}

/** The URL of one resource, `{base}Users/{id}`: the origin of its entry. */
export function resourceUrl(base: URL, endpoint: 'Users' | 'Groups', id: string): string {
  return new URL(`${endpoint}/${encodeURIComponent(id)}`, base).href;
}
