/**
 * The emulator's stored entities. Timestamps are epoch milliseconds; they are
 * rendered as ISO 8601 on the wire. `seq` is the insertion order that lists and
 * cursors use, so that paging stays stable while entities come and go.
 */

export interface UserDocumentRecord {
  type: string;
  doc: string;
  is_verified: boolean;
}

export interface UserEntity {
  seq: number;
  uuid: string;
  name: string;
  email: string;
  enrollment: string | null;
  identifier: string | null;
  /** `api_client` for users made through the API; seeds may say `user_password`. */
  source: string;
  access_type: string | null;
  /** `employee`, `assistant`, `manager`, `admin` or `master`. */
  profile: string;
  locale: { timezone: string | null; language: string | null };
  status: boolean;
  person_uuid: string;
  documents: UserDocumentRecord[];
  tag_uuids: string[];
  cost_center_uuid: string | null;
  /** Squads the user is a member of (membership lives here only). */
  squad_uuids: Set<string>;
  created_at: number;
  updated_at: number;
}

export interface SquadEntity {
  seq: number;
  uuid: string;
  name: string;
  is_checkin_home_office: boolean;
  created_at: number;
  updated_at: number;
}

export interface CostCenterEntity {
  seq: number;
  uuid: string;
  name: string;
  code: string;
  description: string | null;
  created_at: number;
  updated_at: number;
}

export interface TagEntity {
  seq: number;
  uuid: string;
  name: string;
  access: 'public' | 'private';
  created_at: number;
  updated_at: number;
}

/** Everything the emulator knows, keyed by uuid; Map order is insertion order. */
export interface StateTables {
  users: Map<string, UserEntity>;
  squads: Map<string, SquadEntity>;
  costCenters: Map<string, CostCenterEntity>;
  tags: Map<string, TagEntity>;
}

export function emptyTables(): StateTables {
  return { users: new Map(), squads: new Map(), costCenters: new Map(), tags: new Map() };
}
