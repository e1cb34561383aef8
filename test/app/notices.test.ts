import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createNoticeStore } from "@concord/app/lib/notices.ts";

describe("app/lib/notices", () => {
  it("keeps a confirmation until it is dismissed or expires, the newest few at most", () => {
    const timers: (() => void)[] = [];
    const store = createNoticeStore({ max: 2, setTimer: (run) => timers.push(run) });
    let changes = 0;
    const stop = store.subscribe(() => changes++);
    const first = store.push({ text: "Refund confirmed", tone: "success" });
    store.push({ text: "Claim confirmed", tone: "success" });
    store.push({ text: "Third", tone: "error" });
    assert.deepEqual(store.list().map((n) => n.text), ["Claim confirmed", "Third"]);
    store.dismiss(store.list()[0]!.id);
    assert.deepEqual(store.list().map((n) => n.text), ["Third"]);
    timers.forEach((run) => run());
    assert.deepEqual(store.list(), []);
    store.dismiss(first);
    assert.equal(changes, 5);
    stop();
    store.push({ text: "unheard", tone: "success" });
    assert.equal(changes, 5);
  });
});
