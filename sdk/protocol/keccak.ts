// The keccak256 that the protocol's hashes are computed with: viem's by default, which runs
// anywhere (the dApp too). Node code on a round's hot path passes the WASM one instead (keccakHex
// of @concord/agent-sdk/secp256k1, ten times faster on a proposal): the same digests.
import { keccak256, type Hex } from "viem";

export type Keccak = (data: Uint8Array | Hex) => Hex;

export const viemKeccak: Keccak = (data) => keccak256(data);
