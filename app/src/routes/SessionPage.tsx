export function SessionPage({ id }: { id: bigint }) {
  return (
    <section aria-labelledby="session-heading">
      <h2 id="session-heading">Session {id.toString()}</h2>
    </section>
  );
}
