// How much a chat gateway may spend of its payer's money in a rolling window (a day by default):
// a leaked or busy token cannot empty the payer. A request reserves its bounty before its session
// is created, so concurrent requests cannot overshoot together, and gives it back if nothing was
// paid (a preflight refusal). Kept in this process: a restart starts a fresh window.

export type Reservation = { readonly release: () => void };

export type AllowanceAnswer =
  | { readonly granted: true; readonly reservation: Reservation }
  /** `retryAt`: when the oldest spend in the window leaves it, in ms since the epoch. */
  | { readonly granted: false; readonly spent: bigint; readonly limit: bigint; readonly retryAt: number };

export class SpendAllowance {
  private spends: { at: number; amount: bigint }[] = [];
  /** The most the window may hold, in wei. */
  readonly limit: bigint;
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(limit: bigint, windowMs = 24 * 60 * 60 * 1000, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** What was spent (or reserved) within the window. */
  spent(): bigint {
    const since = this.now() - this.windowMs;
    this.spends = this.spends.filter((s) => s.at > since);
    return this.spends.reduce((sum, s) => sum + s.amount, 0n);
  }

  /** Reserves `amount` if the window has room for it. */
  reserve(amount: bigint): AllowanceAnswer {
    const spent = this.spent();
    if (spent + amount > this.limit) {
      const oldest = this.spends[0];
      return { granted: false, spent, limit: this.limit, retryAt: (oldest?.at ?? this.now()) + this.windowMs };
    }
    const entry = { at: this.now(), amount };
    this.spends.push(entry);
    return { granted: true, reservation: { release: () => void (this.spends = this.spends.filter((s) => s !== entry)) } };
  }
}
