// The project's documents the page links to (the payout rule, the protocol): on the web where the
// dApp server's operator configured them (`concord dapp --docs URL`), else the dApp's own page
// /docs/NAME, which renders the server's read-only copy /docs/NAME.md.

export const docNames = ["economics", "protocol"] as const;
export type DocName = (typeof docNames)[number];

export const docTitles: Readonly<Record<DocName, string>> = { economics: "Economics", protocol: "Protocol" };

export function isDocName(name: string): name is DocName {
  return (docNames as readonly string[]).includes(name);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingSlug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").trim().replace(/\s/g, "-");
}

/** Where the dApp server serves the document's markdown (text/markdown). */
export function docSourcePath(doc: DocName): string {
  return `/docs/${doc}.md`;
}

/**
 * A link to `doc`, at its heading `heading` when given (by the anchor GitHub and the dApp's page
 * both give it); `internal` when it is the dApp's own page (followed within the app).
 */
export function docLink(doc: DocName, heading?: string, configured?: { readonly url: string }): { readonly href: string; readonly internal: boolean } {
  const anchor = heading === undefined ? "" : `#${headingSlug(heading)}`;
  if (configured === undefined) return { href: `/docs/${doc}${anchor}`, internal: true };
  return { href: `${configured.url.replace(/\/+$/, "")}/${doc}.md${anchor}`, internal: false };
}

/**
 * Where a link inside a document leads on the dApp: a web address as is, an anchor of the same
 * page, another served document by its page; undefined for a path in the repository the dApp
 * does not serve (shown as text).
 */
export function docLinkTarget(href: string): { readonly href: string; readonly internal: boolean } | undefined {
  if (/^https?:\/\//i.test(href)) return { href, internal: false };
  if (/^#[^\s]*$/.test(href)) return { href, internal: true };
  const doc = /^(?:\.\/)?([a-z-]+)\.md(#[^\s]*)?$/.exec(href);
  if (doc !== null && isDocName(doc[1]!)) return { href: `/docs/${doc[1]}${doc[2] ?? ""}`, internal: true };
  return undefined;
}
