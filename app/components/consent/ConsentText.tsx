// A consent document's text, from the safe Markdown subset (app/domain/consent): headings,
// paragraphs and lists as React elements; every piece of text is rendered as text, never HTML.
import type { ConsentBlock } from "~/domain/consent";

export function ConsentText({ blocks, headingOffset = 1 }: { blocks: ConsentBlock[]; headingOffset?: number }) {
  return (
    <div className="consent-text">
      {blocks.map((b, i) => {
        if (b.kind === "heading") {
          const level = Math.min(6, b.level + headingOffset);
          const H = `h${level}` as "h2" | "h3" | "h4" | "h5" | "h6";
          return <H key={i}>{b.text}</H>;
        }
        if (b.kind === "list") {
          const L = b.ordered ? "ol" : "ul";
          return (
            <L key={i}>
              {b.items.map((item, j) => (
                <li key={j}>{item}</li>
              ))}
            </L>
          );
        }
        return <p key={i}>{b.text}</p>;
      })}
    </div>
  );
}
