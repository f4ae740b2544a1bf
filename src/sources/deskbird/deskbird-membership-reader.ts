/**
 * Finds where this account's API lists group members (the `membership`
 * setting, or `auto`: the first place that shows them) and reads them into
 * a MembershipIndex. Membership on the users' side can only be seen while
 * the users are read; the source checks it at the end.
 */
import type { RunContext } from '../../context/run-context.js';
import type { DeskbirdMembershipSetting } from './deskbird-config.js';
import type { DeskbirdReadErrors } from './deskbird-errors.js';
import type { DeskbirdHttp } from './deskbird-http.js';
import { groupMemberFields, memberRef, MembershipIndex, membersOnGroup, type GroupInfo } from './deskbird-membership.js';
import { offsetPages } from './deskbird-pages.js';

/** Where members were found (`none` when not looked for), and the places looked at without finding them. */
export interface ResolvedMembership {
  mode: Exclude<DeskbirdMembershipSetting, 'auto'>;
  index: MembershipIndex;
  lookedAt: string[];
}

export interface MembershipReading {
  setting: DeskbirdMembershipSetting;
  groups: ReadonlyArray<{ info: GroupInfo; raw: Record<string, unknown> }>;
  http: DeskbirdHttp;
  errors: DeskbirdReadErrors;
  pageSize: number;
}

const fieldList = groupMemberFields.join(', ');

export async function resolveMembership(reading: MembershipReading, ctx: RunContext): Promise<ResolvedMembership> {
  const { setting, groups, http, errors } = reading;
  const index = new MembershipIndex(groups.map((g) => g.info));
  const lookedAt: string[] = [];
  if (setting === 'none') return { mode: 'none', index, lookedAt };
  const first = groups[0];
  if (!first) return { mode: setting === 'auto' ? 'groupList' : setting, index, lookedAt };
  const explicit = setting !== 'auto';

  if (setting === 'auto' || setting === 'groupList') {
    const listed = groups.map((g) => membersOnGroup(g.raw));
    if (listed.some((refs) => refs !== undefined)) {
      groups.forEach((g, i) => index.addMembers(g.info.id, listed[i] ?? []));
      return { mode: 'groupList', index, lookedAt };
    }
    lookedAt.push(`no group of GET ${http.url('/groups').href} carries ${fieldList}`);
    if (explicit) throw errors.noMembership(lookedAt);
  }

  if (setting === 'auto' || setting === 'groupDetail') {
    const details = setting === 'auto' ? [first] : groups;
    let found = false;
    for (const group of details) {
      const refs = membersOnGroup(asRecord(await http.getJson(http.url(`/groups/${encodeURIComponent(group.info.id)}`), ctx)));
      if (refs === undefined) continue;
      found = true;
      index.addMembers(group.info.id, refs);
    }
    if (found && setting === 'auto') {
      for (const group of groups.slice(1)) {
        index.addMembers(group.info.id, membersOnGroup(asRecord(await http.getJson(http.url(`/groups/${encodeURIComponent(group.info.id)}`), ctx))) ?? []);
      }
    }
    if (found) return { mode: 'groupDetail', index, lookedAt };
    lookedAt.push(`GET ${http.url(`/groups/${encodeURIComponent(first.info.id)}`).href} carries none of ${fieldList}`);
    if (explicit) throw errors.noMembership(lookedAt);
  }

  if (setting === 'auto' || setting === 'membersEndpoint') {
    const probe = http.url(`/groups/${encodeURIComponent(first.info.id)}/members`, { limit: 1, offset: 0 });
    if ((await http.getJson(probe, ctx, 'undefined')) !== undefined) {
      for (const group of groups) {
        const path = `/groups/${encodeURIComponent(group.info.id)}/members`;
        const keyOf = (item: unknown) => {
          const ref = memberRef(item);
          return ref?.id ?? ref?.email ?? { problem: 'it names no user (no id or email)' };
        };
        for await (const page of offsetPages({ http, errors, path, pageSize: reading.pageSize, keyOf }, ctx)) {
          index.addMembers(group.info.id, page.map((item) => memberRef(item.value) ?? {}));
        }
      }
      return { mode: 'membersEndpoint', index, lookedAt };
    }
    lookedAt.push(`GET ${probe.href} answered 404`);
    if (explicit) throw errors.noMembership(lookedAt);
  }

  // Left: the users' side, seen only while the users are read.
  return { mode: 'userGroups', index, lookedAt };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
