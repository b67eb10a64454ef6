// The writes journalCrashChild makes, and the state they leave, so a test can say what a crash may have lost.
export interface CrashStep {
  op: 'create' | 'replace' | 'upsert' | 'patch' | 'delete';
  id: string;
  /** The document's `v` after the step (deletes: unused). */
  v: number;
}

export const CRASH_STEPS: CrashStep[] = [
  { op: 'create', id: 'a', v: 1 },
  { op: 'replace', id: 'a', v: 2 },
  { op: 'upsert', id: 'b', v: 1 },
  { op: 'upsert', id: 'b', v: 2 },
  { op: 'patch', id: 'a', v: 3 },
  { op: 'create', id: 'c', v: 1 },
  { op: 'replace', id: 'c', v: 2 },
  { op: 'delete', id: 'b', v: 0 },
  { op: 'replace', id: 'a', v: 4 },
];

/** id -> v (undefined: absent) after the first `count` steps. */
export function stateAfter(count: number): Map<string, number | undefined> {
  const state = new Map<string, number | undefined>();
  for (const step of CRASH_STEPS.slice(0, count)) state.set(step.id, step.op === 'delete' ? undefined : step.v);
  return state;
}
