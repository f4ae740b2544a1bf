import type { ChangeCounts } from './store-records.js';

/** `planned` counts with the outcomes a journal holds, kind by kind (the journal's count wins where both have one). */
export function mergeCounts(planned: ChangeCounts, journal: ChangeCounts): ChangeCounts {
  const merged: ChangeCounts = {};
  for (const [kind, counts] of Object.entries(planned)) merged[kind] = { ...counts };
  for (const [kind, counts] of Object.entries(journal)) merged[kind] = { ...merged[kind], ...counts };
  return merged;
}
