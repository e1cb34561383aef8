// Shapes one session for its page: the chain's record (authoritative for rounds, scores, winners,
// status) merged with the public transcript (proposals, ballots, halting), then into what the
// page draws: vote heat-map cells with a colour scale, score series, the evidence curve.
// Framework-free so every rule here is unit-tested without a browser.
import type { Hex } from "viem";
import type { SessionTranscript, TranscriptCurrentRound, TranscriptRound, TranscriptSealedRound } from "@concord/agent-sdk/protocol";

/** A RoundRecorded event, decoded (scores unpacked into the session's agent order). */
export type ChainRound = {
  readonly round: number;
  readonly scores: readonly bigint[];
  readonly winnerIndex: number;
  readonly winnerProposalHash: Hex;
  readonly txHash: Hex;
  /** The block its RoundRecorded event is in. */
  readonly blockNumber?: bigint;
  /** Each agent's level in [0, 2L] (0 when absent): what its payout is made of. */
  readonly levels: readonly number[];
  /** Bitmap of the agents that attested, by agent index. */
  readonly present: bigint;
};

export type RoundView = {
  readonly round: number;
  /** On chain already. */
  readonly recorded: boolean;
  /** Panel-indexed; empty while neither the chain nor the transcript has published them. */
  readonly scores: readonly number[];
  /** Undefined while neither the chain nor the transcript has published it. */
  readonly winnerIndex?: number;
  readonly txHash?: Hex;
  /** The block that recorded it, when read from the chain. */
  readonly blockNumber?: bigint;
  /** The transcript's side of the round once deliberation ended: authors and ballots. */
  readonly detail?: TranscriptRound;
  /** The transcript's side of the round while the session deliberates: proposals without authors. */
  readonly sealed?: TranscriptSealedRound;
};

export type AgentLabel = { readonly name: string; readonly agentId?: bigint; readonly label: string };

/** Names from the transcript, ids from the chain; either may be missing. */
export function agentLabels(agentIds: readonly bigint[] | undefined, names: readonly (string | undefined)[] | undefined): AgentLabel[] {
  const count = Math.max(agentIds?.length ?? 0, names?.length ?? 0);
  return Array.from({ length: count }, (_, i) => {
    const agentId = agentIds?.[i];
    const name = names?.[i] ?? (agentId !== undefined ? `Agent #${agentId}` : `Agent ${i + 1}`);
    return { name, agentId, label: names?.[i] !== undefined && agentId !== undefined ? `${name} (#${agentId})` : name };
  });
}

/**
 * Rounds in order: every round the chain recorded (its scores and winner win over the
 * transcript's, though they agree), then any the transcript has that the chain's read lags behind.
 */
export function mergeRounds(chainRounds: readonly ChainRound[], transcript: SessionTranscript | undefined): RoundView[] {
  const detail = new Map((transcript?.rounds ?? []).map((r) => [r.round, r]));
  const sealed = new Map((transcript?.sealed ?? []).map((r) => [r.round, r]));
  const views = new Map<number, RoundView>();
  for (const r of chainRounds) {
    views.set(r.round, {
      round: r.round, recorded: true, scores: r.scores.map(Number), winnerIndex: r.winnerIndex, txHash: r.txHash, blockNumber: r.blockNumber,
      detail: detail.get(r.round), sealed: sealed.get(r.round),
    });
  }
  for (const r of transcript?.rounds ?? []) {
    // Tallied by the orchestrator; on chain once its record (sent while the next round runs) has a transaction.
    if (!views.has(r.round)) views.set(r.round, { round: r.round, recorded: r.txHash !== undefined, scores: r.scores, winnerIndex: r.winnerIndex, txHash: r.txHash, detail: r });
  }
  for (const r of transcript?.sealed ?? []) {
    // Sealed: scores only once on chain, and no winner until the chain's read has it.
    if (!views.has(r.round)) views.set(r.round, { round: r.round, recorded: r.txHash !== undefined, scores: r.scores ?? [], txHash: r.txHash, sealed: r });
  }
  return [...views.values()].sort((a, b) => a.round - b.round);
}

/** The round in progress, unless the chain has recorded it meanwhile. */
export function currentRound(rounds: readonly RoundView[], transcript: SessionTranscript | undefined): TranscriptCurrentRound | undefined {
  const current = transcript?.current;
  return current && !rounds.some((r) => r.round === current.round) ? current : undefined;
}

export type HeatCell = {
  readonly vote: number | null;
  readonly endorsement: number | null;
  /** CSS background; null for an empty cell (self, or not in the round). */
  readonly background: string | null;
  readonly color: string;
  /** What a screen reader hears for the cell. */
  readonly label: string;
};

export type HeatMap = { readonly rows: readonly { readonly evaluator: number; readonly cells: readonly HeatCell[] }[]; readonly maxAbs: number };

/**
 * A diverging colour for a vote: blue for support, red for opposition, stronger with |vote|
 * relative to the round's largest. Colour is never the only carrier: the cell shows the number,
 * in black or white, whichever contrasts more with the background (by WCAG luminance; one of the
 * two always reaches at least 4.58:1).
 */
export function voteColour(vote: number, maxAbs: number): { background: string; color: string } {
  const strength = maxAbs === 0 ? 0 : Math.min(Math.abs(vote) / maxAbs, 1);
  const hue = vote >= 0 ? 215 : 5;
  const lightness = Math.round(96 - strength * 54);
  const luminance = relativeLuminance(hslToRgb(hue, 0.7, lightness / 100));
  const onWhite = 1.05 / (luminance + 0.05);
  const onBlack = (luminance + 0.05) / 0.05;
  return { background: `hsl(${hue} 70% ${lightness}%)`, color: onWhite >= onBlack ? "#ffffff" : "#000000" };
}

/** sRGB channels in [0, 1] of an HSL colour (hue in degrees, saturation and lightness in [0, 1]). */
export function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    return lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [channel(0), channel(8), channel(4)];
}

/** WCAG 2 relative luminance of an sRGB colour (channels in [0, 1]). */
export function relativeLuminance([r, g, b]: readonly [number, number, number]): number {
  const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function heatMap(round: TranscriptRound, agents: readonly AgentLabel[]): HeatMap {
  const maxAbs = Math.max(0, ...round.votes.flat().map((v) => Math.abs(v ?? 0)));
  const rows = round.votes.map((row, e) => ({
    evaluator: e,
    cells: row.map((vote, p): HeatCell => {
      const endorsement = round.endorsements[e]?.[p] ?? null;
      const who = `${agents[e]?.name ?? `agent ${e + 1}`} on ${agents[p]?.name ?? `agent ${p + 1}`}`;
      if (vote === null) return { vote, endorsement, background: null, color: "inherit", label: e === p ? `${who}: own proposal, not scored` : `${who}: not in the round` };
      return { vote, endorsement, ...voteColour(vote, maxAbs), label: `${who}: vote ${vote}${endorsement === null ? "" : `, endorsement ${endorsement}`}` };
    }),
  }));
  return { rows, maxAbs };
}

export type Point = { readonly x: number; readonly y: number };
export type Series = { readonly agent: number; readonly label: string; readonly points: readonly Point[] };

/** Each agent's score per round (x = round), leaving out rounds it was absent from. */
export function scoreSeries(rounds: readonly RoundView[], agents: readonly AgentLabel[]): Series[] {
  return agents.map((agent, i) => ({
    agent: i,
    label: agent.name,
    points: rounds.flatMap((r) => {
      const present = (r.detail ?? r.sealed)?.present.includes(i) ?? true;
      const score = r.scores[i];
      return present && score !== undefined ? [{ x: r.round, y: score }] : [];
    }),
  }));
}

export type HaltingCurve = { readonly points: readonly Point[]; readonly cost: number | undefined };

/**
 * What another round was expected to add after each round, against what a round costs:
 * deliberation stops once the curve is at or below the cost (or the panel is unanimous).
 */
export function haltingCurve(transcript: SessionTranscript | undefined): HaltingCurve {
  if (!transcript) return { points: [], cost: undefined };
  const points = [...transcript.rounds, ...(transcript.sealed ?? [])]
    .flatMap((r) => (r.halting ? [{ x: r.round, y: r.halting.gain }] : []))
    .sort((a, b) => a.x - b.x);
  return { points, cost: transcript.halting.cost };
}

export type Scale = (value: number) => number;

/** A linear map from [d0, d1] onto [r0, r1]; a flat domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** Round-number ticks from lo to hi (at most `count`+1 of them), for chart axes. */
export function ticks(lo: number, hi: number, count = 4): number[] {
  if (hi <= lo) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toFixed(10)));
  return out;
}

/** An SVG path through the points, already scaled. */
export function svgPath(points: readonly Point[], x: Scale, y: Scale): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ");
}
