import { Fragment, type ReactNode } from "react";

/** The snippet's `[`…`]` markers as <mark> elements; the text itself stays text. */
export function highlight(snippet: string): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = snippet;
  while (rest.length) {
    const open = rest.indexOf("[");
    const close = open >= 0 ? rest.indexOf("]", open + 1) : -1;
    if (open < 0 || close < 0) {
      out.push(<Fragment key={out.length}>{rest}</Fragment>);
      break;
    }
    if (open > 0) out.push(<Fragment key={out.length}>{rest.slice(0, open)}</Fragment>);
    out.push(<mark key={out.length}>{rest.slice(open + 1, close)}</mark>);
    rest = rest.slice(close + 1);
  }
  return out;
}
