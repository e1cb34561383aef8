// One of the project's documents (docs/economics.md, docs/protocol.md) as the dApp server serves
// it, rendered from its markdown (lib/markdown.ts) and scrolled to the heading the link names.
import { useQuery } from "@tanstack/react-query";
import { Fragment, useEffect, type ReactNode } from "react";
import { Link } from "../components/Link.tsx";
import { docLinkTarget, docSourcePath, docTitles } from "../lib/docs.ts";
import { parseMarkdown, type Block, type Inline } from "../lib/markdown.ts";
import type { Route } from "../lib/routes.ts";
import "../pages.css";

export function DocPage({ route }: { route: Extract<Route, { name: "doc" }> }) {
  const source = docSourcePath(route.doc);
  const doc = useQuery({
    queryKey: ["concord", "doc", route.doc],
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      const response = await fetch(source, { signal, headers: { accept: "text/markdown" } });
      if (!response.ok) throw new Error(`${source} answered HTTP ${response.status}`);
      return parseMarkdown(await response.text());
    },
  });
  // The heading the link names, once it is on the page (the browser looked before it was).
  useEffect(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (doc.data !== undefined && id !== "") document.getElementById(id)?.scrollIntoView();
  }, [doc.data]);
  return (
    <article className="doc" data-testid="doc-page" data-doc={route.doc} aria-label={docTitles[route.doc]}>
      {doc.error && <p role="alert" className="error">Could not read {source}: {doc.error.message}</p>}
      {doc.data === undefined && !doc.error && <p className="muted" role="status">Reading {source}…</p>}
      {doc.data && (
        <>
          <p className="muted small">
            The repository's <code>docs/{route.doc}.md</code>, as this server has it (<a href={source}>markdown source</a>).
          </p>
          <Blocks blocks={doc.data} />
        </>
      )}
    </article>
  );
}

function Blocks({ blocks }: { blocks: readonly Block[] }) {
  return <>{blocks.map((b, i) => <BlockView key={i} block={b} />)}</>;
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case "heading": {
      // The page's own h1 is the site's; a document's levels sit one below it.
      const Tag = `h${Math.min(6, block.level + 1)}` as "h2";
      return <Tag id={block.id}><Inlines content={block.content} /></Tag>;
    }
    case "paragraph":
      return <p><Inlines content={block.content} /></p>;
    case "list": {
      const items = block.items.map((item, i) => <li key={i}><Blocks blocks={item} /></li>);
      return block.ordered ? <ol start={block.start}>{items}</ol> : <ul>{items}</ul>;
    }
    case "code":
      return <pre><code>{block.text}</code></pre>;
    case "table":
      return (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Table">
          <table>
            <thead><tr>{block.header.map((c, i) => <th key={i} scope="col"><Inlines content={c} /></th>)}</tr></thead>
            <tbody>{block.rows.map((row, r) => <tr key={r}>{row.map((c, i) => <td key={i}><Inlines content={c} /></td>)}</tr>)}</tbody>
          </table>
        </div>
      );
    case "quote":
      return <blockquote><Blocks blocks={block.blocks} /></blockquote>;
    case "rule":
      return <hr />;
  }
}

function Inlines({ content }: { content: readonly Inline[] }): ReactNode {
  return content.map((node, i) => <Fragment key={i}>{inline(node)}</Fragment>);
}

function inline(node: Inline): ReactNode {
  switch (node.kind) {
    case "text": return node.text;
    case "code": return <code>{node.text}</code>;
    case "strong": return <strong><Inlines content={node.children} /></strong>;
    case "em": return <em><Inlines content={node.children} /></em>;
    case "link": {
      const target = docLinkTarget(node.href);
      if (target === undefined) return <Inlines content={node.children} />;
      if (target.href.startsWith("#")) return <a href={target.href}><Inlines content={node.children} /></a>;
      if (target.internal) return <Link href={target.href}><Inlines content={node.children} /></Link>;
      return <a href={target.href} rel="noopener noreferrer"><Inlines content={node.children} /></a>;
    }
  }
}
