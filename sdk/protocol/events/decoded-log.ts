// What the event decoders take from a strictly decoded viem log of a mined block.
import type { Hex } from "viem";

export type DecodedLog<args> = { args: args; blockNumber: bigint; transactionHash: Hex };
