/**
 * The subject columns of a journal row: who the change is about, as the
 * engine named it, completed from the links its confirmation creates (a
 * user or squad created by the change has a uuid only once Deskbee made it).
 */
import type { JournalWrite } from './store-records.js';

/** The journal's subject columns, null where unknown. */
export interface SubjectColumns {
  subject_user_uuid: string | null;
  subject_external_id: string | null;
  subject_squad_uuid: string | null;
  subject_squad_name: string | null;
}

/** The subject columns of one change to record. */
export function subjectColumns(write: JournalWrite): SubjectColumns {
  const subject = write.subject ?? {};
  let linkedUser: { uuid: string; externalId: string } | undefined;
  let linkedSquad: string | undefined;
  for (const effect of 'links' in write ? (write.links ?? []) : []) {
    if (effect.op !== 'upsert') continue;
    if (effect.kind === 'user') linkedUser ??= effect;
    if (effect.kind === 'squad') linkedSquad ??= effect.uuid;
  }
  return {
    subject_user_uuid: subject.userUuid ?? linkedUser?.uuid ?? null,
    subject_external_id: subject.externalId ?? linkedUser?.externalId ?? null,
    subject_squad_uuid: subject.squadUuid ?? linkedSquad ?? null,
    subject_squad_name: subject.squadName ?? null,
  };
}
