/**
 * Cost centers are named on every user row, so two rows can disagree about
 * the name or description of the same code. The variant most rows give wins
 * (ties: the first seen), the users keep their cost center, and every
 * disagreeing row gets a warning. Dropping the cost center instead would make
 * it look unwanted, and leaving the users out would hide them from the sync.
 */
import type { CostCenterRecord } from '../model/directory.js';
import { whereIs, type Keyed } from './entry-conflicts.js';
import type { MappingWarning } from './map-result.js';

interface Variant {
  record: CostCenterRecord;
  entries: Keyed[];
}

/** Collects cost centers from entries in order, then settles disagreements. */
export class CostCenterVotes {
  private readonly byCode = new Map<string, Map<string, Variant>>();

  add(record: CostCenterRecord, entry: Keyed): void {
    let variants = this.byCode.get(record.code);
    if (!variants) this.byCode.set(record.code, (variants = new Map()));
    const key = JSON.stringify([record.name, record.description]);
    const variant = variants.get(key);
    if (variant) variant.entries.push(entry);
    else variants.set(key, { record, entries: [entry] });
  }

  /** The winning record of every code, sorted by code, and a warning per disagreeing entry. */
  settle(): { costCenters: CostCenterRecord[]; warnings: MappingWarning[] } {
    const costCenters: CostCenterRecord[] = [];
    const warnings: MappingWarning[] = [];
    for (const variants of this.byCode.values()) {
      // Map iteration follows insertion order, so on a tie the first seen stays.
      let winner: Variant | undefined;
      for (const v of variants.values()) if (!winner || v.entries.length > winner.entries.length) winner = v;
      if (!winner) continue;
      costCenters.push(winner.record);
      const chosen = winner.record;
      const where = whereIs(winner.entries[0] as Keyed);
      for (const v of variants.values()) {
        if (v === winner) continue;
        const field = v.record.name !== chosen.name ? 'costCenter.name' : 'costCenter.description';
        const what = field === 'costCenter.name' ? 'named' : 'described as';
        const mine = field === 'costCenter.name' ? v.record.name : v.record.description;
        const theirs = field === 'costCenter.name' ? chosen.name : chosen.description;
        for (const entry of v.entries) {
          warnings.push({
            origin: entry.origin,
            line: entry.line,
            field,
            message:
              `cost center '${chosen.code}' is ${what} '${mine ?? ''}' here but '${theirs ?? ''}' in ${winner.entries.length} ` +
              `entr${winner.entries.length === 1 ? 'y' : 'ies'} (first ${where}); using '${theirs ?? ''}'`,
          });
        }
      }
    }
    costCenters.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return { costCenters, warnings };
  }
}
