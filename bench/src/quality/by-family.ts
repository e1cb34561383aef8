// Per-family histories without touching the contracts (`quality --weights-by-family`): an agent's
// on-chain history spans every session it settled, so a specialist is weighed as its average over
// the families. Running each family's tasks on a devnet of its own, with fresh agent identities,
// gives histories that hold only that family's sessions: the weights a per-family history would
// learn. These helpers split a set's tasks by family and put the results back in task order, so
// everything scored afterwards is scored exactly as for one run over the whole set.

/** Task indices per family, families in order of first appearance; a task without one is its own family "". */
export function familyGroups(tasks: readonly { family?: string }[]): number[][] {
  const groups = new Map<string, number[]>();
  tasks.forEach((task, t) => {
    const key = task.family ?? "";
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  });
  return [...groups.values()];
}

/** results[g][i] is the result of task groups[g][i]: one array in task order. */
export function mergeGroups<T>(groups: readonly (readonly number[])[], results: readonly (readonly T[])[]): T[] {
  const merged: T[] = new Array(groups.reduce((n, g) => n + g.length, 0));
  groups.forEach((group, g) => {
    if (results[g]!.length !== group.length) throw new Error(`group ${g}: ${results[g]!.length} results for ${group.length} tasks`);
    group.forEach((t, i) => (merged[t] = results[g]![i]!));
  });
  return merged;
}
