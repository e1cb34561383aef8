// The agents a round's ballots cover, and the one place that translates between an agent's panel
// index (the session's on-chain order) and its position in a ballot (the members, in panel order).
import type { Address, Hex } from "viem";
import { ConcordError, type ProposeResult, roundProposalsHash } from "@concord/agent-sdk/protocol";
import { keccakHex } from "@concord/agent-sdk/secp256k1";
import type { PanelAgent } from "../nats/panel-agent.ts";

export interface Member {
  /** Index in the panel. */
  index: number;
  agent: PanelAgent;
  proposal: ProposeResult;
}

export class RoundMembers {
  /** The members in ballot order, which is panel order. */
  readonly list: readonly Member[];
  /** Their proposals' hashes, in ballot order: what every ballot of the round votes over. */
  readonly hashes: readonly Hex[];
  /** The hash of that list (sorted ascending) that every ballot of the round signs. */
  readonly proposalsHash: Hex;
  readonly #panelSize: number;
  readonly #position: ReadonlyMap<number, number>;
  readonly #byName: ReadonlyMap<string, Member>;

  private constructor(panelSize: number, list: readonly Member[]) {
    this.list = list;
    this.hashes = list.map((m) => m.proposal.proposalHash);
    this.proposalsHash = roundProposalsHash(this.hashes, keccakHex);
    this.#panelSize = panelSize;
    this.#position = new Map(list.map((m, position) => [m.index, position]));
    this.#byName = new Map(list.map((m) => [m.agent.name, m]));
  }

  /**
   * The agents that proposed, among `among` (panel indices) when given.
   * `proposals` is panel-indexed: undefined for an agent without a proposal.
   */
  static ofProposals(panel: readonly PanelAgent[], proposals: readonly (ProposeResult | undefined)[], among?: Iterable<number>): RoundMembers {
    const wanted = among && new Set(among);
    const list = [...panel.entries()].flatMap(([index, agent]) => {
      const proposal = proposals[index];
      return proposal && (!wanted || wanted.has(index)) ? [{ index, agent, proposal }] : [];
    });
    return new RoundMembers(panel.length, list);
  }

  get size(): number {
    return this.list.length;
  }

  /** Panel indices of the members, ascending. */
  get indices(): number[] {
    return this.list.map((m) => m.index);
  }

  /** The members' proposals, panel-indexed: undefined for an agent not in the round. */
  get proposals(): (ProposeResult | undefined)[] {
    return this.onPanel<ProposeResult | undefined>(this.list.map((m) => m.proposal), undefined);
  }

  /** Each member's NATS name → the address its messages must be signed by. */
  get signers(): Map<string, Address> {
    return new Map(this.list.map((m) => [m.agent.name, m.agent.signer]));
  }

  has(index: number): boolean {
    return this.#position.has(index);
  }

  named(name: string): Member | undefined {
    return this.#byName.get(name);
  }

  /** The hash of the member's proposal; undefined for an agent not in the round. */
  hashOf(index: number): Hex | undefined {
    const position = this.#position.get(index);
    return position === undefined ? undefined : this.hashes[position];
  }

  /** The member's position in a ballot; -1 for an agent not in the round. */
  positionOf(index: number): number {
    return this.#position.get(index) ?? -1;
  }

  /** The member at a ballot position (such as the one pickWinner names). */
  at(position: number): Member {
    const member = this.list[position];
    if (!member) throw new ConcordError("BALLOT_LENGTH_MISMATCH", `no member at ballot position ${position} of ${this.size}`);
    return member;
  }

  /** The members for which `keep` holds (the order stays the panel's). */
  filter(keep: (member: Member) => boolean): RoundMembers {
    return new RoundMembers(this.#panelSize, this.list.filter(keep));
  }

  /** A panel-indexed list read in ballot order, `fill` where it has no entry. */
  fromPanel<T>(panelIndexed: readonly T[], fill: T): T[] {
    return this.list.map((m) => panelIndexed[m.index] ?? fill);
  }

  /** A list in ballot order laid out over the panel, `fill` for an agent not in the round. */
  onPanel<T>(inBallotOrder: readonly T[], fill: T): T[] {
    return Array.from({ length: this.#panelSize }, (_, index) => {
      const position = this.#position.get(index);
      return position === undefined ? fill : (inBallotOrder[position] ?? fill);
    });
  }
}
