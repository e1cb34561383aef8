// A receipt's logs narrowed to one event of Sessions (and one session) by their topics, before any
// decoding: a batch's receipt holds several sessions' events, and viem's parseEventLogs decodes
// every log before it filters by arguments, so each of the batch's callers would decode them all.
import { numberToHex, toEventSelector, type Abi, type AbiEvent, type Hex, type Log, type RpcLog } from "viem";
import { sessionsAbi } from "../../abis/index.ts";

type SessionEventName = "RoundRecorded" | "SessionSettled" | "SessionFailed";

interface EventTopics {
  selector: Hex;
  /** Which topic holds the indexed sessionId (1 + its place among the indexed inputs). */
  sessionTopic: number;
}

const topicsOf = new Map<SessionEventName, EventTopics>();

function eventTopics(eventName: SessionEventName): EventTopics {
  let topics = topicsOf.get(eventName);
  if (!topics) {
    const [item] = sessionsEventAbi(eventName) as readonly AbiEvent[];
    const indexed = item!.inputs.filter((input) => input.indexed);
    const place = indexed.findIndex((input) => input.name === "sessionId");
    if (place < 0) throw new Error(`${eventName} has no indexed sessionId`);
    topics = { selector: toEventSelector(item!).toLowerCase() as Hex, sessionTopic: 1 + place };
    topicsOf.set(eventName, topics);
  }
  return topics;
}

/** The logs that are `eventName` events (of session `sessionId` when given); the rest untouched and undecoded. */
export function sessionEventLogs<L extends Log | RpcLog>(logs: readonly L[], eventName: SessionEventName, sessionId?: bigint): L[] {
  const { selector, sessionTopic } = eventTopics(eventName);
  const session = sessionId === undefined ? undefined : numberToHex(sessionId, { size: 32 });
  return logs.filter((log) => log.topics[0]?.toLowerCase() === selector &&
    (session === undefined || log.topics[sessionTopic]?.toLowerCase() === session));
}

/** An event of the Sessions ABI, by name. */
type SessionsAbiEvent<N extends string> = Extract<(typeof sessionsAbi)[number], { type: "event"; name: N }>;
type SessionsEventName = SessionsAbiEvent<string>["name"];
const eventAbis = new Map<string, readonly AbiEvent[]>();

/**
 * The Sessions ABI narrowed to one event, for parseEventLogs: viem computes the selector of every
 * event of the ABI it is given (formatting its signature, then a keccak) on each call, which for
 * the whole Sessions ABI cost more than decoding a receipt's logs.
 */
export function sessionsEventAbi<N extends SessionsEventName>(eventName: N): readonly [SessionsAbiEvent<N>] {
  let narrowed = eventAbis.get(eventName);
  if (!narrowed) {
    const item = (sessionsAbi as Abi).find((i): i is AbiEvent => i.type === "event" && i.name === eventName);
    if (!item) throw new Error(`Sessions has no ${eventName} event`);
    narrowed = [item];
    eventAbis.set(eventName, narrowed);
  }
  return narrowed as unknown as readonly [SessionsAbiEvent<N>];
}
