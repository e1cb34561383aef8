export function SubmitPage() {
  return (
    <section aria-labelledby="submit-heading">
      <h2 id="submit-heading">Submit a task</h2>
    </section>
  );
}
