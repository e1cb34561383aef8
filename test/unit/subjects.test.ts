import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConcordError, agentPermissions, cliPermissions, parseResultSubject, relayerPermissions, subjects, token } from "@concord/agent-sdk/protocol";

describe("subjects", () => {
  it("builds NSED-shaped subjects", () => {
    assert.equal(subjects.task("7", "ada", "propose"), "nsed.7.task.ada.propose");
    assert.equal(subjects.result("7", 2, "ada", "evaluate"), "nsed.7.result.2.ada.evaluate");
    assert.equal(subjects.result("7", 2, "ada", "propose", "failed"), "nsed.7.result.2.ada.propose.failed");
    assert.equal(subjects.heartbeat("ada"), "nsed.agent.heartbeat.ada");
    assert.equal(subjects.relay("7", 2, "ada"), "nsed.7.relay.2.ada");
    assert.equal(subjects.sessionRelay("7"), "nsed.7.relay.*.*");
    assert.equal(subjects.accepts("ada"), "nsed.agent.accepts.ada");
  });
  it("lets an agent hear only its own acceptance probe and reply to it, and the CLI ask any agent", () => {
    const ada = agentPermissions("ada");
    assert.ok(ada.subscribe.includes("nsed.agent.accepts.ada"));
    assert.ok(!ada.subscribe.includes("nsed.agent.accepts.*"));
    assert.equal(ada.allowResponses, true);
    assert.ok(!ada.publish.some((s) => s.startsWith("_INBOX")));
    // Its own inbox only: under _INBOX.> travel everyone's replies.
    assert.deepEqual(ada.subscribe.filter((s) => s.startsWith("_INBOX")), ["_INBOX_ada.>"]);
    assert.ok(cliPermissions().publish.includes("nsed.agent.accepts.*"));
  });
  it("lets an agent relay only as itself, and a relayer only read relayed ballots", () => {
    assert.ok(agentPermissions("ada").publish.includes("nsed.*.relay.*.ada"));
    assert.ok(agentPermissions("ada").subscribe.includes("nsed.*.relay.*.*"));
    assert.deepEqual(relayerPermissions(), { publish: [], subscribe: ["nsed.*.relay.*.*"] });
  });
  it("rejects tokens that would change a subject's shape", () => {
    for (const bad of ["", "a.b", "*", ">", "a b", "a\u0000"]) {
      assert.throws(() => token(bad), (e: unknown) => e instanceof ConcordError && e.code === "INVALID_SUBJECT_TOKEN", bad);
    }
  });
  it("parses result subjects back, and refuses others", () => {
    assert.deepEqual(parseResultSubject("nsed.7.result.2.ada.evaluate"), { session: "7", round: 2, agent: "ada", phase: "evaluate", kind: "ok" });
    assert.deepEqual(parseResultSubject("nsed.7.result.1.bo.propose.skipped")?.kind, "skipped");
    assert.equal(parseResultSubject("nsed.7.result.0.ada.propose"), undefined);
    // One spelling per round: another would be another subject for the same answer (stored twice,
    // deduplicated apart).
    for (const spelling of ["01", "+1", "1e0", "0x1", "1.0", " 1", "1_0"]) {
      assert.equal(parseResultSubject(`nsed.7.result.${spelling}.ada.propose`), undefined, spelling);
    }
    assert.equal(parseResultSubject("nsed.7.result.10.ada.propose")?.round, 10);
    assert.equal(parseResultSubject("nsed.7.result.1.ada.vote"), undefined);
    assert.equal(parseResultSubject("nsed.7.result.1.ada.propose.weird"), undefined);
    assert.equal(parseResultSubject("nsed.7.task.ada.propose"), undefined);
  });
});
