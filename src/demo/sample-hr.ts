/**
 * Sample HR exports for the `deskbee-sync demo` command and the end-to-end
 * tests: a seeded generator of realistic people (the columns of
 * mappings/hr-csv.yaml), a CSV writer, and deterministic changes that report
 * exactly what they changed. Nothing here uses Math.random: the same seed
 * always gives the same file.
 */
export type { CostCenterChange, Mutation, SampleCostCenter, SamplePerson, SampleStatus, ValueChange, Workforce } from './sample-hr-types.js';
export { displayName } from './sample-hr-types.js';
export { generateWorkforce, employeeId, defaultSeed, type WorkforceOptions } from './sample-hr-generate.js';
export { toCsv, csvFields, sampleHrColumns, teamSeparator, tagSeparator, type CsvWriteOptions } from './sample-hr-csv.js';
export { changeEmails, moveBetweenSquads, dropPeople, changeCostCenters, renamePerson } from './sample-hr-mutations.js';
export { demoWorkforce, demoChanges, demoSeed, type DemoChanges } from './sample-hr-demo.js';
export { emailSlug } from './sample-hr-emails.js';
export { defaultTagNames, emailDomain } from './sample-hr-catalogue.js';
