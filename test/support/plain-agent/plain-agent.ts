// An agent from docs/protocol.md alone ("What an agent does"): signed heartbeats every 2 s, an
// answer to the acceptance probe, and the propose, evaluate and attest tasks answered on
// JetStream with the subject as message id, every payload signed in the Concord-Signature header.
import { randomBytes } from "node:crypto";
import { connect, headers, jwtAuthenticator, type Msg } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { bytesToHex, type Hex, type LocalAccount } from "viem";
import type { AgentEndpoints } from "./stack-record.ts";
import { packVotes, proposalHash, quadraticVotes, signBallot, signPayload } from "./wire-crypto.ts";

export interface PlainAgentOptions {
  name: string;
  modelId: string;
  account: LocalAccount;
  endpoints: AgentEndpoints;
  /** The agent's "model": its solution to a task. */
  solve(task: string): string;
}

/** What the agent sent, for the test to compare with what the chain recorded. */
export interface SentResult {
  subject: string;
  body: Record<string, unknown>;
}

export interface PlainAgent {
  ready: Promise<void>;
  sent: SentResult[];
  probesAnswered: number;
  stop(): Promise<void>;
}

interface Candidate { label: string; thoughtProcess: string; solution: string; salt: Hex; proposalHash: Hex; sameOperator?: true }
/** What an evaluate task left behind, so an attest task can re-sign without solving again. */
interface Evaluated { ownHash: Hex; credits: number; endorsements: Map<Hex, number>; candidates: Candidate[] }

export async function startPlainAgent(options: PlainAgentOptions): Promise<PlainAgent> {
  const { name, account, endpoints } = options;
  // A JWT user proves its nkey by signing the server's nonce with its seed ("The local stack's record").
  const auth = endpoints.natsAuth && ("jwt" in endpoints.natsAuth
    ? { authenticator: jwtAuthenticator(endpoints.natsAuth.jwt, new TextEncoder().encode(endpoints.natsAuth.seed)) }
    : endpoints.natsAuth);
  // Its own inbox prefix: its user may read replies there only ("What an agent does", 1).
  const nc = await connect({ servers: endpoints.natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 500, inboxPrefix: `_INBOX_${name}`, ...auth });
  const js = jetstream(nc);
  const encode = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));
  const signed = async (data: Uint8Array) => {
    const h = headers();
    h.set("Concord-Signature", await signPayload(account, data));
    return h;
  };
  const agent: PlainAgent = { ready: Promise.resolve(), sent: [], probesAnswered: 0, stop };
  const evaluated = new Map<string, Evaluated>();

  const beat = async (status: "ready" | "busy" | "stopping") => {
    const data = encode({ agent: name, signer: account.address, modelId: options.modelId, capabilities: [], status, at: Date.now() });
    nc.publish(`nsed.agent.heartbeat.${name}`, data, { headers: await signed(data) });
  };

  /** A phase's answer: where it goes and what it says. */
  type Answer = { subject: string; body: Record<string, unknown> };

  /** A result on JetStream, tried again until the stream acks it or the task's deadline passes. */
  const publishResult = async (subject: string, body: Record<string, unknown>, deadline: number) => {
    const data = encode(body);
    const h = await signed(data);
    for (let wait = 100; ; wait = Math.min(2_000, wait * 2)) {
      try {
        await js.publish(subject, data, { msgID: subject, headers: h });
        agent.sent.push({ subject, body });
        return;
      } catch (error) {
        if (Date.now() + wait >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };

  const propose = async (task: { sessionId: string; round: number; task: string; deadline: number }) => {
    const solution = options.solve(task.task);
    const thoughtProcess = `solved by ${name}`;
    const salt = bytesToHex(randomBytes(32));
    const body = {
      sessionId: task.sessionId, round: task.round, agent: name, thoughtProcess, solution, salt,
      proposalHash: proposalHash(task.sessionId, task.round, salt, thoughtProcess, solution),
      usage: { promptTokens: Math.ceil(task.task.length / 4), completionTokens: 1 },
    };
    return { subject: `nsed.${task.sessionId}.result.${task.round}.${name}.propose`, body };
  };

  const ballot = async (sessionId: string, round: number, memory: Evaluated, hashes: readonly Hex[]) => {
    // A candidate of this agent's own operator (sameOperator) gets 0 and spends no credits.
    const kept = memory.candidates.filter((c) => hashes.includes(c.proposalHash) && !c.sameOperator);
    const votes = quadraticVotes(kept.map((c) => memory.endorsements.get(c.proposalHash)!), memory.credits);
    const packed = packVotes(hashes, new Map(kept.map((c, i) => [c.proposalHash, votes[i]!])));
    const signature = await signBallot(account, endpoints.chainId, endpoints.sessions, { sessionId, round, ownHash: memory.ownHash, hashes, votes: packed });
    return { packed, signature };
  };

  const evaluate = async (task: {
    sessionId: string; round: number; task: string; deadline: number; voteCredits: number;
    ownProposal: Omit<Candidate, "label">; candidates: Candidate[];
  }) => {
    // The ballot signs hashes: each must stand for the text shown, or the agent signs nothing.
    for (const p of [{ label: "own proposal", ...task.ownProposal }, ...task.candidates]) {
      if (proposalHash(task.sessionId, task.round, p.salt, p.thoughtProcess, p.solution) !== p.proposalHash) {
        throw new Error(`${p.label}'s text does not match its proposal hash ${p.proposalHash}`);
      }
    }
    const mine = task.ownProposal.solution.trim();
    const evaluations = task.candidates.map((c) => {
      const agrees = c.solution.trim() === mine;
      return {
        label: c.label, endorsement: agrees ? 80 : -40, justification: agrees ? `matches ${mine}` : `I get ${mine}`,
        stance: agrees ? "support" : "oppose", claims: [{ claim: `the answer is ${c.solution.trim()}`, verdict: agrees ? "agree" : "disagree" }],
        isFinalSolution: agrees,
      };
    });
    const memory: Evaluated = {
      ownHash: task.ownProposal.proposalHash, credits: task.voteCredits,
      endorsements: new Map(task.candidates.map((c, i) => [c.proposalHash, evaluations[i]!.endorsement])), candidates: task.candidates,
    };
    evaluated.set(`${task.sessionId}/${task.round}`, memory);
    const hashes = [task.ownProposal.proposalHash, ...task.candidates.map((c) => c.proposalHash)];
    const { packed, signature } = await ballot(task.sessionId, task.round, memory, hashes);
    const body = { sessionId: task.sessionId, round: task.round, agent: name, evaluations, votes: packed, signature };
    return { subject: `nsed.${task.sessionId}.result.${task.round}.${name}.evaluate`, body };
  };

  const attest = async (task: { sessionId: string; round: number; deadline: number; proposalHashes: Hex[] }) => {
    const memory = evaluated.get(`${task.sessionId}/${task.round}`);
    if (!memory) throw new Error(`nothing evaluated in session ${task.sessionId} round ${task.round}`);
    const hashes = task.proposalHashes.map((h) => h.toLowerCase() as Hex);
    const { packed, signature } = await ballot(task.sessionId, task.round, memory, hashes);
    const labels = new Set(memory.candidates.filter((c) => hashes.includes(c.proposalHash)).map((c) => c.label));
    // The endorsements already given, for the candidates that stay: the orchestrator re-derives the votes from them.
    const evaluations = memory.candidates.filter((c) => labels.has(c.label)).map((c) => {
      const endorsement = memory.endorsements.get(c.proposalHash)!;
      return { label: c.label, endorsement, justification: "re-attested", stance: endorsement > 0 ? "support" : "oppose", claims: [], isFinalSolution: endorsement > 0 };
    });
    const body = { sessionId: task.sessionId, round: task.round, agent: name, evaluations, votes: packed, signature };
    return { subject: `nsed.${task.sessionId}.result.${task.round}.${name}.attest`, body };
  };

  /**
   * A task answered once, by its subject and its content without the deadline: a resend, or the
   * same phase asked again by an orchestrator that resumed the session, gets the same answer.
   */
  const answers = new Map<string, Promise<Answer>>();
  const answerOf = (phase: string | undefined, task: unknown): Promise<Answer> => {
    if (phase === "propose") return propose(task as Parameters<typeof propose>[0]);
    if (phase === "evaluate") return evaluate(task as Parameters<typeof evaluate>[0]);
    if (phase === "attest") return attest(task as Parameters<typeof attest>[0]);
    return Promise.reject(new Error(`no such phase: ${phase}`));
  };

  const handle = async (msg: Msg) => {
    const phase = msg.subject.split(".").at(-1);
    const text = new TextDecoder().decode(msg.data);
    const task = JSON.parse(text) as { sessionId: string; round: number; deadline: number };
    const { deadline: _deadline, ...content } = task;
    const key = `${msg.subject} ${JSON.stringify(content)}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = answerOf(phase, task);
      answers.set(key, answer);
      answer.catch(() => answers.delete(key));
    }
    let made: Answer;
    try {
      made = await answer;
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
      const body = { sessionId: task.sessionId, round: task.round, agent: name, reason };
      await publishResult(`nsed.${task.sessionId}.result.${task.round}.${name}.${phase}.failed`, body, task.deadline).catch(() => {});
      return;
    }
    // An answer whose publish gives up is not followed by a failure: it may have arrived.
    await publishResult(made.subject, made.body, task.deadline).catch(() => {});
  };

  const tasks = nc.subscribe(`nsed.*.task.${name}.*`);
  void (async () => {
    for await (const msg of tasks) void handle(msg);
  })();
  const probes = nc.subscribe(`nsed.agent.accepts.${name}`);
  void (async () => {
    for await (const msg of probes) {
      if (!msg.reply || !/^_INBOX(_[A-Za-z0-9_-]+)?\./.test(msg.reply)) continue; // only to an inbox ("What an agent does", 4)
      const data = encode({ agent: name, accepts: true });
      msg.respond(data, { headers: await signed(data) });
      agent.probesAnswered += 1;
    }
  })();
  // The subscriptions are on the server once a flush returns: only then say "ready".
  agent.ready = nc.flush().then(() => beat("ready"));
  const timer = setInterval(() => void beat("ready").catch(() => {}), 2_000);

  async function stop() {
    clearInterval(timer);
    await beat("stopping").catch(() => {});
    await nc.drain();
  }
  return agent;
}
