// A link to one of the project's documents at a heading (lib/docs.ts): the dApp's own page, or
// the copy on the web the server's operator configured.
import type { ReactNode } from "react";
import { useDappConfig } from "../hooks/useDeployment.ts";
import { docLink, type DocName } from "../lib/docs.ts";
import { Link } from "./Link.tsx";

export function DocLink({ doc, heading, testId, children }: { doc: DocName; heading?: string; testId?: string; children: ReactNode }) {
  const { href, internal } = docLink(doc, heading, useDappConfig().docs);
  return internal
    ? <Link href={href} data-testid={testId}>{children}</Link>
    : <a href={href} rel="noopener noreferrer" data-testid={testId}>{children}</a>;
}
