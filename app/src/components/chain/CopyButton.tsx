// Copies a value (a whole address or hash shown shortened) to the clipboard, saying so briefly.
import { useEffect, useState } from "react";

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (copied === undefined) return;
    const timer = setTimeout(() => setCopied(undefined), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = () => navigator.clipboard.writeText(value).then(() => setCopied(true), () => setCopied(false));
  const shown = copied === true ? "Copied" : copied === false ? "Copy failed" : "Copy";
  // The accessible name starts with the visible word, whatever the state (WCAG 2.5.3, label in name).
  return (
    <button type="button" className="copy" onClick={() => void copy()} aria-label={`${shown} ${label}`} title={`Copy ${value}`} data-copied={copied === true ? "" : undefined}>
      {shown}
    </button>
  );
}
