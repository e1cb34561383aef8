// Every /api/ route the dApp server answers, one file each.
import type { ApiRoute } from "./api-route.ts";
import { sessionTranscriptRoute } from "./session-transcript.ts";

export const apiRoutes: readonly ApiRoute[] = [sessionTranscriptRoute];
