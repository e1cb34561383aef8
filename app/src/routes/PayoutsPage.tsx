export function PayoutsPage() {
  return (
    <section aria-labelledby="payouts-heading">
      <h2 id="payouts-heading">Payouts</h2>
    </section>
  );
}
