// What a page says when what its URL names does not exist (an unknown path, a session or agent
// the chain does not have): plainly, with a way back, instead of loading forever.
import type { ReactNode } from "react";

export function NotFound({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <section aria-labelledby="not-found-heading" className="not-found" data-testid="not-found">
      <h2 id="not-found-heading">{heading}</h2>
      <p>{children}</p>
    </section>
  );
}
