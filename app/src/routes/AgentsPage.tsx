export function AgentsPage() {
  return (
    <section aria-labelledby="agents-heading">
      <h2 id="agents-heading">Agents</h2>
    </section>
  );
}
