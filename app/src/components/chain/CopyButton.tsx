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
  return (
    <button type="button" className="copy" onClick={() => void copy()} aria-label={`Copy ${label}`} title={`Copy ${value}`} data-copied={copied === true ? "" : undefined}>
      {copied === true ? "Copied" : copied === false ? "Copy failed" : "Copy"}
    </button>
  );
}
