/**
 * Entities as Deskbee shows them on the wire. Dates are ISO 8601 in UTC to
 * the second, like the reference's `2020-01-01T12:00:00Z`.
 */
import type { CostCenterEntity, SquadEntity, TagEntity, UserEntity } from './records.js';
import type { EmulatorState } from './state.js';

export function isoSeconds(ms: number): string {
  // Whole seconds always end in `.000Z`: cut it rather than search for it.
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, -5)}Z`;
}

/**
 * isoSeconds that remembers what it formatted: made for one answer, whose
 * entities (a page of users and their squads) share a few seconds.
 */
export function secondsFormatter(): (ms: number) => string {
  const seen = new Map<number, string>();
  return (ms) => {
    const second = Math.floor(ms / 1000);
    let text = seen.get(second);
    if (text === undefined) {
      text = isoSeconds(ms);
      seen.set(second, text);
    }
    return text;
  };
}

export function squadJson(s: SquadEntity) {
  return {
    uuid: s.uuid,
    name: s.name,
    is_checkin_home_office: s.is_checkin_home_office,
    created_at: isoSeconds(s.created_at),
    updated_at: isoSeconds(s.updated_at),
  };
}

export function costCenterJson(c: CostCenterEntity) {
  return {
    uuid: c.uuid,
    name: c.name,
    code: c.code,
    description: c.description,
    created_at: isoSeconds(c.created_at),
    updated_at: isoSeconds(c.updated_at),
  };
}

export function tagJson(g: TagEntity) {
  return { uuid: g.uuid, name: g.name, access: g.access, created_at: isoSeconds(g.created_at), updated_at: isoSeconds(g.updated_at) };
}

/** A user; `squads` only when asked for with `include=squads`, each without `is_checkin_home_office`. */
export function userJson(u: UserEntity, state: EmulatorState, includeSquads: boolean, iso: (ms: number) => string = isoSeconds) {
  const tags = u.tag_uuids.flatMap((uuid) => {
    const tag = state.tables.tags.get(uuid);
    return tag ? [{ uuid: tag.uuid, name: tag.name, access: tag.access }] : [];
  });
  const cc = u.cost_center_uuid === null ? undefined : state.tables.costCenters.get(u.cost_center_uuid);
  const json = {
    uuid: u.uuid,
    name: u.name,
    name_display: u.name,
    email: u.email,
    enrollment: u.enrollment,
    identifier: u.identifier,
    source: u.source,
    access_type: u.access_type,
    profile: u.profile,
    locale: { ...u.locale },
    status: u.status,
    person: { uuid: u.person_uuid, documents: u.documents.map((d) => ({ ...d })) },
    tags,
    cost_center: cc ? { uuid: cc.uuid, name: cc.name, code: cc.code } : null,
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
  };
  if (!includeSquads) return json;
  const squads = state.squadsOf(u).map((s) => ({
    uuid: s.uuid,
    name: s.name,
    created_at: iso(s.created_at),
    updated_at: iso(s.updated_at),
  }));
  return { ...json, squads };
}
