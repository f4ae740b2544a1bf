/**
 * The contract every SnapshotStore backend meets. Each backend's test file
 * opens one store on a fresh database or folder and calls `storeContract`;
 * tests share that store and keep apart by using fresh names and runs.
 */
import { batchContract, identityContract } from './store-contract-identity.js';
import { journalQueryContract } from './store-contract-journal.js';
import { linkContract } from './store-contract-links.js';
import { runContract } from './store-contract-runs.js';
import type { StoreHarness } from './store-harness.js';

export function storeContract(harness: StoreHarness): void {
  runContract(harness);
  linkContract(harness);
  identityContract(harness);
  batchContract(harness);
  journalQueryContract(harness);
}
