/**
 * Route matching on path templates (`/users/{uuid}`). Fixed paths win over
 * templated ones, so `/users/tags` and `/users/squads/add` are never taken for
 * `/users/{uuid}`.
 */
import type { ApiProblem } from './problems.js';

/** What a handler gets. */
export interface RequestInfo {
  method: string;
  /** Path parameters by name, e.g. `{uuid: '…'}`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed body (`{}` when empty). */
  body: unknown;
  /** `http://host:port/v1.1`: the request's own origin (or the configured link origin) plus the prefix. */
  linkBase: string;
}

/** A JSON answer. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

export interface Route {
  method: string;
  /** Relative to the API prefix, e.g. `/users/{uuid}`. */
  template: string;
  /** Changes state (counted as a write; may be dropped after commit). */
  write: boolean;
  /** Needs a bearer token. Default true. */
  auth?: boolean;
  /**
   * When it gives a problem, the route is switched off: the request is
   * answered with it as if no route matched (counted as `METHOD (no route)`,
   * never a write, before the bearer is checked, as Laravel's router refuses
   * a route before its middleware runs). `path` is the request's own.
   * Default: always served.
   */
  refused?(method: string, path: string): ApiProblem | undefined;
  handle(req: RequestInfo): JsonAnswer;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
  paramCount: number;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes
      .map((route) => {
        const names: string[] = [];
        const source = route.template
          .split(/(\{\w+\})/)
          .map((piece) => {
            const name = /^\{(\w+)\}$/.exec(piece)?.[1];
            if (name) {
              names.push(name);
              return '([^/]+)';
            }
            return escapeRegExp(piece);
          })
          .join('');
        return { route, pattern: new RegExp(`^${source}/?$`), names, paramCount: names.length };
      })
      .sort((a, b) => a.paramCount - b.paramCount);
  }

  /** The route for `method` and `path` (relative to the prefix), if any. */
  match(method: string, path: string): RouteMatch | undefined {
    for (const c of this.compiled) {
      if (c.route.method !== method) continue;
      const m = c.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? '');
      });
      return { route: c.route, params };
    }
    return undefined;
  }
}
