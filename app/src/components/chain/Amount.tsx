// An amount rounded for reading (lib/format.ts), exact on hover; the exact base units in
// data-amount for tests and tools.
import { amountText } from "../../lib/format.ts";

export function Amount({ amount, currency, testId }: { amount: bigint; currency: { readonly symbol: string; readonly decimals: number }; testId?: string }) {
  const { text, exact } = amountText(amount, currency);
  return <span className="amount" title={exact} data-amount={amount.toString()} data-testid={testId}>{text}</span>;
}
