import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { maxUint256 } from "viem";
import { navigation, parseRoute, sessionHref, withQuery } from "@concord/app/lib/routes.ts";

describe("app/lib/routes", () => {
  it("parses each page's path", () => {
    assert.equal(parseRoute("/").name, "sessions");
    assert.equal(parseRoute("/sessions/").name, "sessions");
    assert.equal(parseRoute("/submit").name, "submit");
    assert.equal(parseRoute("/payouts/").name, "payouts");
    assert.equal(parseRoute("/agents").name, "agents");
    const session = parseRoute("/sessions/12", "?x=1");
    assert.ok(session.name === "session");
    assert.equal(session.id, 12n);
    assert.equal(session.query.get("x"), "1");
  });
  it("sends unknown paths and malformed ids to not-found", () => {
    assert.deepEqual(parseRoute("/sessions/abc").name, "not-found");
    assert.deepEqual(parseRoute("/sessions/-1").name, "not-found");
    assert.deepEqual(parseRoute(`/sessions/${maxUint256 + 1n}`).name, "not-found", "past uint256");
    const largest = parseRoute(`/sessions/${maxUint256}`);
    assert.ok(largest.name === "session" && largest.id === maxUint256);
    const missing = parseRoute("/nope");
    assert.ok(missing.name === "not-found" && missing.path === "/nope");
  });
  it("formats links that parse back to their route", () => {
    assert.equal(sessionHref(7n), "/sessions/7");
    const back = parseRoute(sessionHref(7n));
    assert.ok(back.name === "session" && back.id === 7n);
    for (const item of navigation) assert.equal(parseRoute(item.href).name, item.name);
    assert.equal(withQuery("/", { a: "1", b: undefined, c: "", d: 2 }), "/?a=1&d=2");
  });
});
