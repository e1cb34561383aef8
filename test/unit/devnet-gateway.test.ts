// The devnet gateway's configuration from the environment: its panel's task family, and a clear
// error for a name the chain's helper would not take.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { devnetGateway } from "@concord/orchestrator/gateway/devnet-gateway.ts";
import type { LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";

const stack = { clients: { walletFor: () => ({}) }, panel: [{ name: "ada" }, { name: "bram" }] } as unknown as LocalStack;

describe("devnetGateway", () => {
  it("names no task family by default, and $CONCORD_GATEWAY_TASK_FAMILY's otherwise", () => {
    assert.equal(devnetGateway(stack, {}).panels[0]!.taskFamily, undefined);
    assert.equal(devnetGateway(stack, { CONCORD_GATEWAY_TASK_FAMILY: "" }).panels[0]!.taskFamily, undefined);
    const gateway = devnetGateway(stack, { CONCORD_GATEWAY_TASK_FAMILY: "arithmetic" });
    assert.equal(gateway.panels[0]!.taskFamily, "arithmetic");
    assert.deepEqual(gateway.panels[0]!.agents, ["ada", "bram"]);
  });

  it("refuses a family name longer than 100 characters with CONFIG_INVALID", () => {
    assert.throws(() => devnetGateway(stack, { CONCORD_GATEWAY_TASK_FAMILY: "x".repeat(101) }), /CONCORD_GATEWAY_TASK_FAMILY must be a name of 1\.\.100 characters/);
  });
});
