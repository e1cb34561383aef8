import { Link } from "./Link.tsx";

/** Previous / next and the page numbers around the current one; plain links, so each page has a URL. */
export function Pagination({ page, pages, hrefFor }: { page: number; pages: number; hrefFor: (page: number) => string }) {
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav aria-label="Pages" className="pagination">
      {page > 1 ? <Link href={hrefFor(page - 1)} rel="prev">← Newer</Link> : <span aria-hidden="true">← Newer</span>}
      <ol>
        {shown.map((p) => (
          <li key={p}>
            {p === page ? <span aria-current="page">{p}</span> : <Link href={hrefFor(p)} aria-label={`Page ${p}`}>{p}</Link>}
          </li>
        ))}
      </ol>
      {page < pages ? <Link href={hrefFor(page + 1)} rel="next">Older →</Link> : <span aria-hidden="true">Older →</span>}
    </nav>
  );
}
