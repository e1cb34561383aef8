#!/usr/bin/env node
// `concord <command>`: runs the command line (main.ts) from its one-file bundle when that is fresh,
// otherwise from the TypeScript source (bundles/fresh-bundle.ts). The bundle starts in about a
// third of the CPU time; the source keeps an edit made since the last build from running stale.
import { pathToFileURL } from "node:url";
import { CLI_TARGET, freshEntry } from "../bundles/fresh-bundle.ts";

await import(pathToFileURL(freshEntry(CLI_TARGET)).href);
