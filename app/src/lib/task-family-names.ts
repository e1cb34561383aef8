// A session's task family by its name, where the page can know it honestly. The chain holds only
// taskFamilyId(name) (keccak256 of the exact name), so a name is shown only when it hashes to the
// on-chain value. Candidates: the names this browser submitted (kept in localStorage) and the ones
// the deployment's operator lists (the dApp config's taskFamilies).
import type { Hex } from "viem";
import { listedTaskFamilyName, NO_TASK_FAMILY, taskFamilyId } from "@concord/agent-sdk/protocol";
import { shortHash } from "./format.ts";
import type { StorageLike } from "./dev-session.ts";

export const taskFamilyNamesStorageKey = "concord.taskFamilies";
/** Most names this browser keeps: enough for anyone's own families, little to hash on each page. */
export const MAX_REMEMBERED_TASK_FAMILIES = 50;

/** A name the dApp config would list (listedTaskFamilyName); the stored list is checked with it. */
function isTaskFamilyName(name: unknown): name is string {
  return listedTaskFamilyName.safeParse(name).success;
}

/** Resolves families to names among `candidates`: each hashed once, so a page of families is cheap. */
export function taskFamilyNameResolver(candidates: readonly string[]): (family: Hex) => string | undefined {
  const byId = new Map<string, string>();
  for (const name of candidates) {
    if (!isTaskFamilyName(name)) continue;
    const id = taskFamilyId(name);
    if (!byId.has(id)) byId.set(id, name);
  }
  return (family) => (family.toLowerCase() === NO_TASK_FAMILY ? undefined : byId.get(family.toLowerCase()));
}

/** What the page shows for a family: its name when known, else its short hash; the full hash on hover. */
export function taskFamilyLabel(family: Hex, name: string | undefined): { text: string; title: string } {
  return name === undefined
    ? { text: shortHash(family) ?? family, title: `${family}: keccak256 of the family's name, which this page does not know` }
    : { text: name, title: `${family}: keccak256 of "${name}"` };
}

/** The names this browser submitted sessions with, newest first; [] when none or unreadable. */
export function rememberedTaskFamilyNames(storage: StorageLike | undefined): string[] {
  let stored: unknown;
  try {
    const text = storage?.getItem(taskFamilyNamesStorageKey);
    stored = typeof text === "string" ? JSON.parse(text) : undefined;
  } catch {
    return []; // storage refused, or not JSON: as if nothing were remembered
  }
  if (!Array.isArray(stored)) return [];
  return [...new Set(stored.filter(isTaskFamilyName))].slice(0, MAX_REMEMBERED_TASK_FAMILIES);
}

/** Puts `name` first in this browser's list (once), dropping the oldest past the bound; never throws. */
export function rememberTaskFamilyName(name: string, storage: StorageLike | undefined): void {
  if (!isTaskFamilyName(name)) return;
  const names = [name, ...rememberedTaskFamilyNames(storage).filter((n) => n !== name)].slice(0, MAX_REMEMBERED_TASK_FAMILIES);
  try {
    storage?.setItem(taskFamilyNamesStorageKey, JSON.stringify(names));
  } catch {
    // Storage refused (private mode, quota): the page just shows this family by its hash.
  }
}
