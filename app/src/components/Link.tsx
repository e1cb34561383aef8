// An anchor that navigates within the app; modified clicks (new tab, download) stay the browser's.
import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { navigate } from "../hooks/useRoute.ts";

export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { onClick, ...rest } = props;
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (props.target !== undefined && props.target !== "_self") return;
    event.preventDefault();
    navigate(props.href);
  };
  return <a {...rest} onClick={follow} />;
}
