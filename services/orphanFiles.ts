// Proof-of-execution files no claim refers to: uploaded in a claim dialog that was then cancelled or abandoned,
// replaced by another file, or half-written by a crash. The bot promises that a cancelled dialog stores nothing,
// so the dialog deletes its own file on cancel, and this sweep removes what is left once it is old enough that
// no open dialog can still submit it (ORPHAN_FILE_HOURS).
import type { Container } from '@azure/cosmos';
import type { Clock } from './clock';
import type { FileStore } from './fileStore';
import type { Logger } from './logger';

export interface OrphanFileSweepDeps {
  files: FileStore;
  /** The claims (container `associations`): a file is kept while any claim's proof of execution is that file. */
  associations: Container;
  clock: Clock;
  /** Files younger than this are kept, referred to or not (a claim dialog may still submit them). */
  maxAgeHours: number;
  log: Logger;
}

/** Of `fileIds`, those some claim (any organisation) has as a proof of execution: its latest, or an earlier one. */
async function referenced(associations: Container, fileIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const query of [
    "SELECT VALUE c.poe.fileId FROM c WHERE c.type = 'claim' AND ARRAY_CONTAINS(@ids, c.poe.fileId)",
    "SELECT VALUE p.fileId FROM c JOIN p IN c.earlierProofs WHERE c.type = 'claim' AND ARRAY_CONTAINS(@ids, p.fileId)",
  ]) {
    const { resources } = await associations.items.query<string>({ query, parameters: [{ name: '@ids', value: fileIds }] }).fetchAll();
    for (const id of resources) found.add(id);
  }
  return found;
}

/** Deletes the files older than the limit that no claim refers to; returns how many. */
export async function sweepOrphanFiles(deps: OrphanFileSweepDeps): Promise<number> {
  const olderThan = new Date(deps.clock.now().getTime() - deps.maxAgeHours * 3600_000);
  let deleted = 0;
  for await (const page of deps.files.storedBefore(olderThan)) {
    const kept = await referenced(deps.associations, page);
    for (const fileId of page.filter((id) => !kept.has(id))) {
      await deps.files.delete(fileId);
      deleted++;
    }
  }
  if (deleted > 0) deps.log.info({ deleted, olderThan: olderThan.toISOString() }, 'orphaned proof-of-execution files deleted');
  return deleted;
}
