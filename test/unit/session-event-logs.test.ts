// A batch's receipt holds several sessions' events: each decoder takes only its event and session,
// matched by topic before anything is decoded, and decodes those strictly as before.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeAbiParameters, encodeEventTopics, numberToHex, parseEventLogs, type Hex, type RpcLog } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { parseRoundRecordedLogs, parseSessionSettledLogs } from "@concord/agent-sdk/protocol";
import { sessionEventLogs, sessionsEventAbi } from "../../sdk/protocol/events/session-topics.ts";

type SessionsEvent = Extract<(typeof sessionsAbi)[number], { type: "event" }>;
const hash = (n: number): Hex => numberToHex(n, { size: 32 });

function log(eventName: SessionsEvent["name"], args: Record<string, unknown>, logIndex: number): RpcLog {
  const event = sessionsAbi.find((item): item is SessionsEvent => item.type === "event" && item.name === eventName)!;
  const indexed = Object.fromEntries(event.inputs.filter((i) => i.indexed).map((i) => [i.name, args[i.name!]]));
  const rest = event.inputs.filter((i) => !i.indexed);
  return {
    address: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
    topics: encodeEventTopics({ abi: sessionsAbi, eventName, args: indexed } as never) as [Hex, ...Hex[]],
    data: encodeAbiParameters(rest, rest.map((i) => args[i.name!]) as never),
    blockNumber: "0x5", blockHash: hash(1), transactionHash: hash(2), transactionIndex: "0x0", logIndex: numberToHex(logIndex), removed: false,
  };
}

const recorded = (sessionId: bigint, round: number, i: number) =>
  log("RoundRecorded", { sessionId, round, winnerProposalHash: hash(100 + Number(sessionId)), outcome: (0b111n << 160n) }, i);
const settled = (sessionId: bigint, i: number) =>
  log("SessionSettled", { sessionId, winnerAgentId: 2n, payouts: [1n, 2n, 3n], fee: 4n, unearned: 5n }, i);

// A batch: sessions 3 and 12 record a round, 12 settles in the same transaction.
const receipt = [recorded(3n, 2, 0), recorded(12n, 2, 1), settled(12n, 2), recorded(12n, 3, 3)];

describe("Sessions event logs of one session", () => {
  it("takes only the event's logs, and of the session asked when one is", () => {
    assert.deepEqual(sessionEventLogs(receipt, "RoundRecorded", 12n).map((l) => l.logIndex), ["0x1", "0x3"]);
    assert.deepEqual(sessionEventLogs(receipt, "RoundRecorded").map((l) => l.logIndex), ["0x0", "0x1", "0x3"]);
    assert.deepEqual(sessionEventLogs(receipt, "SessionSettled", 12n).map((l) => l.logIndex), ["0x2"]);
    assert.deepEqual(sessionEventLogs(receipt, "SessionSettled", 3n), []);
    // Topics as a node may case them.
    const upper = receipt.map((l) => ({ ...l, topics: l.topics.map((t) => t.toUpperCase().replace("0X", "0x")) as [Hex, ...Hex[]] }));
    assert.equal(sessionEventLogs(upper, "RoundRecorded", 12n).length, 2);
  });

  it("decodes the same events as before: round filter, settlement of the session", () => {
    assert.deepEqual(parseRoundRecordedLogs({ logs: receipt, sessionId: 12n, round: 3 }).map((e) => [e.sessionId, e.round]), [[12n, 3]]);
    assert.deepEqual(parseRoundRecordedLogs({ logs: receipt, sessionId: 3n }).map((e) => [e.sessionId, e.round, e.winnerProposalHash]), [[3n, 2, hash(103)]]);
    const [s] = parseSessionSettledLogs({ logs: receipt, sessionId: 12n });
    assert.deepEqual([s?.sessionId, s?.payouts, s?.fee, s?.unearned], [12n, [1n, 2n, 3n], 4n, 5n]);
    assert.deepEqual(parseSessionSettledLogs({ logs: receipt, sessionId: 3n }), []);
  });

  it("narrows the ABI to the one event it decodes, once, and decodes exactly as the whole ABI does", () => {
    const narrowed = sessionsEventAbi("RoundRecorded");
    assert.deepEqual(narrowed.map((e) => [e.type, e.name]), [["event", "RoundRecorded"]]);
    assert.equal(sessionsEventAbi("RoundRecorded"), narrowed, "kept, not rebuilt");
    for (const eventName of ["RoundRecorded", "SessionSettled"] as const) {
      const whole = parseEventLogs({ abi: sessionsAbi, eventName, logs: receipt, strict: true });
      const one = parseEventLogs({ abi: sessionsEventAbi(eventName), eventName, logs: receipt, strict: true });
      assert.equal(one.length, whole.length);
      assert.deepEqual(one, whole);
    }
    assert.throws(() => sessionsEventAbi("NoSuchEvent" as never), /no NoSuchEvent event/);
  });

  it("decodes strictly: a log of the event whose data does not decode is no event", () => {
    const broken = { ...recorded(12n, 4, 9), data: "0x01" as Hex };
    assert.deepEqual(parseRoundRecordedLogs({ logs: [broken, recorded(12n, 5, 10)], sessionId: 12n }).map((e) => e.round), [5]);
  });
});
