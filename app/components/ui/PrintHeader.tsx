// The header a printed page carries: hidden on screen, at the top of the first sheet when
// printed, and its title repeated in the top margin of every later sheet (an @page margin
// box, which Chromium has supported since version 131; the page numbers come from app.css).

/** A CSS string literal for `content:` (quotes, backslashes, line breaks and `<` escaped). */
function cssString(text: string) {
  return `"${text.replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

export function PrintHeader({ title, lines }: { title: string; lines: (string | null | undefined | false)[] }) {
  const shown = lines.filter((l): l is string => Boolean(l));
  return (
    <>
      {/* Raw text (React would HTML-escape the quotes); cssString escapes `<`, so it cannot close the element. */}
      <style
        dangerouslySetInnerHTML={{
          __html: `@page { @top-left { content: ${cssString(title)}; } } @page :first { @top-left { content: ""; } }`,
        }}
      />
      <header className="print-header">
        <p className="print-header__title">{title}</p>
        {shown.map((l) => (
          <p key={l} className="print-header__line">
            {l}
          </p>
        ))}
      </header>
    </>
  );
}
