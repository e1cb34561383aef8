export function BootError({ message }: { message: string }) {
  return (
    <main>
      <h1>Concord</h1>
      <section role="alert" className="error" data-testid="boot-error">
        <h2>The dApp could not start</h2>
        <p>{message}</p>
        <p>It needs its config (inlined in the page, or at <code>/config.json</code>), served by the Concord dApp server.</p>
      </section>
    </main>
  );
}
