// The config the dApp's onboarding panel tells an operator to write is one `concord agent` and
// `concord agent join` accept, read the way they read it (loadConfigFile).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { agentConfigSchema } from "@concord/orchestrator/cli/config/agent-config.ts";
import { loadConfigFile } from "@concord/orchestrator/cli/config/config-file.ts";
import { onboardingSteps } from "../../app/src/lib/agent-onboarding.ts";

describe("the dApp's onboarding config", () => {
  it("is a config concord agent accepts, for any registered name and model id", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "concord-onboarding-"));
    try {
      for (const [name, modelId] of [["Ada Lovelace", "openai/gpt-4o"], ["ß", "model: with # odd \"chars\""], ["x", ""]] as const) {
        const steps = onboardingSteps({ agentId: 9n, name, modelId, apiUrl: "http://127.0.0.1:5173" });
        const file = path.join(dir, steps.fileName);
        await writeFile(file, steps.configFile);
        const config = await loadConfigFile(file, agentConfigSchema);
        assert.equal(config.keyEnv, "AGENT_KEY");
        assert.equal(config.provider.kind, "openai-compatible");
        assert.equal(config.provider.kind === "openai-compatible" && config.provider.model, modelId || "your-model");
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
