/** Calling the deskbird emulator over real HTTP in its tests. */
import type { RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { answerOf, type Answer } from '../helpers.js';

export const key = 'dbk_emulator-test-key';

/** GETs `path` with the emulator's key (or `token`, or none with null). */
export async function get(emu: RunningDeskbirdEmulator, path: string, token: string | null = emu.apiKey): Promise<Answer> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  return answerOf(await fetch(`${emu.baseUrl}${path}`, { headers }));
}

/** Sends an admin request. */
export async function admin(emu: RunningDeskbirdEmulator, method: string, action: string, body?: unknown): Promise<Answer> {
  return answerOf(
    await fetch(`${emu.origin}/__emulator/${action}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** Every item of a list, page by page, with the envelope of each page. */
export async function listAll(emu: RunningDeskbirdEmulator, path: string, limit: number): Promise<{ items: any[]; pages: Answer[] }> {
  const items: any[] = [];
  const pages: Answer[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await get(emu, `${path}${path.includes('?') ? '&' : '?'}limit=${limit}&offset=${offset}`);
    pages.push(page);
    if (page.status !== 200) throw new Error(`${path} at ${offset}: ${page.text}`);
    items.push(...page.body.data);
    if (page.body.data.length < limit) return { items, pages };
  }
}
