import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pageTitle } from "@concord/app/lib/page-title.ts";
import { parseRoute } from "@concord/app/lib/routes.ts";

describe("app/lib/page-title", () => {
  it("names every page", () => {
    assert.equal(pageTitle(parseRoute("/")), "Sessions · Concord");
    assert.equal(pageTitle(parseRoute("/sessions/12")), "Session 12 · Concord");
    assert.equal(pageTitle(parseRoute("/submit")), "Submit a task · Concord");
    assert.equal(pageTitle(parseRoute("/payouts")), "Payouts · Concord");
    assert.equal(pageTitle(parseRoute("/agents")), "Agents · Concord");
    assert.equal(pageTitle(parseRoute("/agents/3")), "Agent #3 · Concord");
    assert.equal(pageTitle(parseRoute("/agents/3"), "ada (#3)"), "ada (#3) · Concord");
    assert.equal(pageTitle(parseRoute(`/tx/0x${"ab".repeat(32)}`)), "Transaction 0xababab…abab · Concord");
    assert.equal(pageTitle(parseRoute("/address/0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")), "Address 0xf39F…2266 · Concord");
    assert.equal(pageTitle(parseRoute("/docs/economics")), "Economics · Concord");
    assert.equal(pageTitle(parseRoute("/docs/protocol")), "Protocol · Concord");
    assert.equal(pageTitle(parseRoute("/nope")), "Page not found · Concord");
  });
  it("sends malformed agent, transaction and address paths to not-found", () => {
    assert.equal(parseRoute("/agents/x").name, "not-found");
    assert.equal(parseRoute("/tx/0x12").name, "not-found");
    assert.equal(parseRoute("/address/0x12").name, "not-found");
  });
});
