/**
 * A real SCIM 2.0 service provider for the tests: SCIMMY's Users (with the
 * enterprise extension) and Groups served by scimmy-routers behind express 4
 * on a loopback port, with bearer authentication. Each server keeps its own
 * people and groups; SCIMMY itself (its resource declarations) is one per
 * process, so each server hands its data to the handlers through the
 * routers' per-request context.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

/** A User or Group as the handlers return it; SCIMMY adds `schemas` and `meta`. */
export type ScimRecord = Record<string, unknown> & { id: string };

/** A page the server fails on purpose. */
export interface InjectedFailure {
  endpoint: 'Users' | 'Groups';
  startIndex: number;
  /** Default 500. */
  status?: number;
}

export interface ScimmyServer {
  /** The SCIM base URL, `http://127.0.0.1:PORT/scim/v2`. */
  url: string;
  token: string;
  users: ScimRecord[];
  groups: ScimRecord[];
  /** Every request's path and query, in order. */
  readonly requests: string[];
  /** Pages to fail; changed by tests between reads. */
  failures: InjectedFailure[];
  /** Milliseconds each list page waits before answering (to abort mid-read). Default 0. */
  delayMs: number;
  close(): Promise<void>;
}

interface ServerContext {
  server: ScimmyServer;
}

type Listed = { id?: string; filter?: { match(values: unknown[]): unknown[] }; constraints?: { startIndex?: number; count?: number } };

/**
 * The matching records with only the asked page filled in. SCIMMY builds a
 * schema instance for every element the handler returns (about a
 * millisecond each), then takes the page; a sparse array of the full length
 * keeps its totalResults and paging while only the page is built (map and
 * filter skip holes). Holds for the startIndex values a reader asks (1, then
 * past each full page).
 */
function pageOf(records: readonly unknown[], startIndex: number, count: number): unknown[] {
  const page = new Array<unknown>(records.length);
  const end = Math.min(records.length, startIndex - 1 + count);
  for (let i = Math.max(0, startIndex - 1); i < end; i++) page[i] = records[i];
  return page;
}

function listHandler(endpoint: 'Users' | 'Groups') {
  return async (resource: Listed, ctx: ServerContext): Promise<unknown> => {
    const { server } = ctx;
    const records = endpoint === 'Users' ? server.users : server.groups;
    if (resource.id !== undefined) {
      const found = records.find((r) => r.id === resource.id);
      if (!found) throw new SCIMMY.Types.Error(404, '', `Resource ${resource.id} not found`);
      return found;
    }
    const startIndex = resource.constraints?.startIndex ?? 1;
    const failure = server.failures.find((f) => f.endpoint === endpoint && f.startIndex === startIndex);
    if (failure) throw new SCIMMY.Types.Error(failure.status ?? 500, '', `page at startIndex ${startIndex} failed on purpose`);
    if (server.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, server.delayMs));
    const matching = resource.filter ? resource.filter.match(records) : records;
    return pageOf(matching, startIndex, resource.constraints?.count ?? 20);
  };
}

/** Declares SCIMMY's resources once per process; the handlers find each server's data in the context. */
function declareResources(): void {
  if (!SCIMMY.Resources.declared().User) {
    SCIMMY.Resources.declare(SCIMMY.Resources.User);
    SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false);
  }
  if (!SCIMMY.Resources.declared().Group) SCIMMY.Resources.declare(SCIMMY.Resources.Group);
  // The handlers read everything from the per-request context, so setting them again is harmless.
  SCIMMY.Resources.User.egress(listHandler('Users') as never);
  SCIMMY.Resources.Group.egress(listHandler('Groups') as never);
}

/** Starts a server on a free loopback port; over https with `tls` (a certificate for localhost), then `url` names localhost. */
export async function startScimmyServer(init: { users: ScimRecord[]; groups: ScimRecord[]; token?: string; tls?: { certFile: string; keyFile: string } }): Promise<ScimmyServer> {
  declareResources();
  const app = express();
  const requests: string[] = [];
  const server: ScimmyServer = {
    url: '',
    token: init.token ?? 'scim-test-token-0b7e4d',
    users: init.users,
    groups: init.groups,
    requests,
    failures: [],
    delayMs: 0,
    close: async () => {},
  };
  app.use((req, _res, next) => {
    requests.push(req.originalUrl);
    next();
  });
  const routers = new SCIMMYRouters({
    type: 'bearer',
    docUri: 'https://example.com/scim-auth',
    handler: (req: express.Request) => {
      if (req.header('authorization') !== `Bearer ${server.token}`) throw new Error('Authorization failed');
      return 'deskbee-sync';
    },
    context: (): ServerContext => ({ server }),
  });
  // The same service, but deaf to the query string, as scimmy-routers are under express 5 (SCIM-NOTES.md).
  app.use(
    '/scim/v2/ignore-query',
    (req, _res, next) => {
      req.query = {};
      next();
    },
    routers,
  );
  app.use('/scim/v2', routers);
  const http: Server = init.tls ? createHttpsServer({ cert: readFileSync(init.tls.certFile), key: readFileSync(init.tls.keyFile) }, app) : createHttpServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  server.url = init.tls ? `https://localhost:${port}/scim/v2` : `http://127.0.0.1:${port}/scim/v2`;
  server.close = () =>
    new Promise<void>((resolve, reject) => {
      http.closeAllConnections();
      http.close((error) => (error ? reject(error) : resolve()));
    });
  return server;
}
