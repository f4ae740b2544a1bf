import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../src/emulator/problems.js';
import { EmulatorState } from '../../src/emulator/state.js';
import { seedState, snapshotState } from '../../src/emulator/seeding.js';
import { decodeCursor, encodeCursor, paginate } from '../../src/emulator/pagination.js';
import { parseSearch } from '../../src/emulator/search.js';

function newState() {
  let n = 0;
  let now = 1_700_000_000_000;
  return new EmulatorState({ now: () => (now += 1000), newUuid: () => `uuid-${++n}` });
}

function problemOf(fn: () => unknown): ApiProblem {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiProblem) return error;
    throw error;
  }
  throw new Error('expected an ApiProblem');
}

describe('state module (no HTTP)', () => {
  it('creates, edits and cascades without a server', () => {
    const state = newState();
    const squad = state.createSquad({ name: 'S' });
    const cc = state.createCostCenter({ name: 'C', code: '1' });
    const user = state.createUser({ name: 'U', email: 'u@example.com', squad_uuid: squad.uuid, cost_center_uuid: cc.uuid });
    expect([...user.squad_uuids]).toEqual([squad.uuid]);
    state.deleteSquad(squad.uuid);
    state.deleteCostCenter(cc.uuid);
    expect(state.getUser(user.uuid)).toMatchObject({ cost_center_uuid: null });
    expect(user.squad_uuids.size).toBe(0);
  });

  it('throws 422 with all field errors and leaves state unchanged', () => {
    const state = newState();
    state.createUser({ name: 'U', email: 'u@example.com', enrollment: 'E' });
    const before = snapshotState(state);
    const problem = problemOf(() => state.createUser({ email: 'U@example.com', enrollment: 'e' }));
    expect(problem.status).toBe(422);
    expect(Object.keys(problem.errors ?? {}).sort()).toEqual(['email', 'enrollment', 'name']);
    expect(snapshotState(state)).toEqual(before);
  });

  it('throws 404 for unknown uuids', () => {
    const state = newState();
    expect(problemOf(() => state.getSquad('nope')).status).toBe(404);
    expect(problemOf(() => state.updateCostCenter('nope', { name: 'a', code: 'b' })).status).toBe(404);
  });

  it('keeps the email index right across edits, deletes and seeding', () => {
    const state = newState();
    const u = state.createUser({ name: 'U', email: 'old@example.com' });
    state.updateUser(u.uuid, { email: 'new@example.com' });
    expect(state.emailTaken('old@example.com')).toBe(false);
    expect(state.emailTaken('NEW@example.com')).toBe(true);
    state.deleteUser(u.uuid);
    expect(state.emailTaken('new@example.com')).toBe(false);
    seedState(state, { users: [{ name: 'S', email: 'seeded@example.com', enrollment: 'X1' }] });
    expect(state.emailTaken('seeded@example.com')).toBe(true);
    expect(state.enrollmentTaken('x1')).toBe(true);
  });
});

describe('pagination and search helpers', () => {
  it('pages by sequence with stable cursors', () => {
    const items = [1, 2, 3, 5, 8].map((seq) => ({ seq }));
    const first = paginate(items, undefined, 2);
    expect(first.items.map((i) => i.seq)).toEqual([1, 2]);
    const second = paginate(items, first.next ?? undefined, 2);
    expect(second.items.map((i) => i.seq)).toEqual([3, 5]);
    // An item removed before the cursor does not shift the next page.
    const third = paginate(items.filter((i) => i.seq !== 1), second.next ?? undefined, 2);
    expect(third.items.map((i) => i.seq)).toEqual([8]);
    expect(third.next).toBeNull();
    expect(decodeCursor(encodeCursor({ seq: 5, pointsToNextItems: true }))).toEqual({ seq: 5, pointsToNextItems: true });
  });

  it('parses key:value and key:op:value terms', () => {
    expect(parseSearch('email:eq:a@b.c;is_squad:false;name:like:An;;')).toEqual([
      { key: 'email', op: 'eq', value: 'a@b.c' },
      { key: 'is_squad', op: undefined, value: 'false' },
      { key: 'name', op: 'like', value: 'An' },
    ]);
    expect(problemOf(() => parseSearch('nocolon')).id).toBe('unexpected_value');
  });
});
