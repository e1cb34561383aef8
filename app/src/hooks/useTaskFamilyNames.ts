// Names the page may show task families by (lib/task-family-names.ts): the ones this browser
// submitted, then the ones the server's operator lists in the dApp config.
import { useMemo } from "react";
import type { Hex } from "viem";
import { safeLocalStorage } from "../lib/dev-session.ts";
import { rememberedTaskFamilyNames, taskFamilyNameResolver } from "../lib/task-family-names.ts";
import { useDappConfig } from "./useDeployment.ts";

export function useTaskFamilyNames(): (family: Hex) => string | undefined {
  const { taskFamilies } = useDappConfig();
  // Read once per page: a name is remembered just before the submit flow opens the session's page.
  const remembered = useMemo(() => rememberedTaskFamilyNames(safeLocalStorage()), []);
  return useMemo(() => taskFamilyNameResolver([...remembered, ...(taskFamilies ?? [])]), [remembered, taskFamilies]);
}
