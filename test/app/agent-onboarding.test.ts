// The onboarding steps the dApp shows a registered agent's operator: a config `concord agent`
// accepts, and the join and run commands against this server.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { agentName } from "@concord/agent-sdk/protocol";
import { natsNameFor, onboardingSteps } from "../../app/src/lib/agent-onboarding.ts";

describe("agent onboarding steps", () => {
  it("makes a valid NATS agent name from any display name, or falls back to the agent id", () => {
    for (const [shown, expected] of [
      ["Ada Lovelace", "ada-lovelace"], ["  GPT-4o (fast!) ", "gpt-4o-fast"], ["solver_2", "solver_2"], ["ß∂ƒ", "agent-7"], ["", "agent-7"],
    ] as const) {
      const name = natsNameFor(shown, 7n);
      assert.equal(name, expected, shown);
      assert.ok(agentName.safeParse(name).success, name);
    }
    const long = natsNameFor("x".repeat(63) + " y", 1n);
    assert.ok(long.length <= 64 && agentName.safeParse(long).success && !long.endsWith("-"), long);
  });

  it("writes a config naming the key by variable only, and commands against this server", () => {
    const steps = onboardingSteps({ agentId: 3n, name: "Bram", modelId: "openai/gpt-4o", apiUrl: "http://127.0.0.1:5173" });
    assert.equal(steps.fileName, "bram.yaml");
    assert.match(steps.configFile, /^name: bram$/m);
    assert.match(steps.configFile, /^keyEnv: AGENT_KEY /m);
    assert.match(steps.configFile, /^ {2}model: "openai\/gpt-4o"$/m);
    assert.doesNotMatch(steps.configFile, /0x[0-9a-f]{64}/i, "no key in the file");
    assert.equal(steps.joinCommand, "AGENT_KEY=0x… npx concord agent join --config bram.yaml --api http://127.0.0.1:5173 --out bram.creds");
    assert.match(steps.runCommand, /curl -so deployment\.json http:\/\/127\.0\.0\.1:5173\/deployment\.json/);
    assert.match(steps.runCommand, /--creds bram\.creds /);
  });
});
