// Every /api/ route the dApp server answers, and the chat gateway's /v1/ routes, one file each.
import { agentDeclarationsRoute } from "./agent-declarations.ts";
import { agentJoinRoute } from "./agent-join.ts";
import type { ApiRoute } from "./api-route.ts";
import { chatCompletionsRoute } from "./chat-completions.ts";
import { modelsRoute } from "./models.ts";
import { preflightRoute } from "./preflight.ts";
import { sessionEventsRoute } from "./session-events.ts";
import { sessionTranscriptRoute } from "./session-transcript.ts";
import { submitJobRoute } from "./submit-job.ts";

export const apiRoutes: readonly ApiRoute[] = [sessionTranscriptRoute, sessionEventsRoute, submitJobRoute, preflightRoute, agentDeclarationsRoute, agentJoinRoute, chatCompletionsRoute, modelsRoute];
