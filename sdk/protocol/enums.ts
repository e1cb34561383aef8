// Enums mirrored from the contracts, once. Contract tests check them against on-chain values.

/** Mirrors `ISessions.Status` (a uint8 on the wire), in declaration order. */
export const sessionStatuses = ["None", "Open", "Settled", "Refunded"] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

export function sessionStatusCode(status: SessionStatus): number {
  return sessionStatuses.indexOf(status);
}
