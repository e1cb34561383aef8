export function BootError({ message }: { message: string }) {
  return (
    <main>
      <h1>Concord</h1>
      <section role="alert" className="error" data-testid="boot-error">
        <h2>The dApp could not start</h2>
        <p>{message}</p>
        <p>It needs the deployment record at <code>/deployment.json</code>, served by the Concord dApp server.</p>
      </section>
    </main>
  );
}
