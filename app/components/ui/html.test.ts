import { describe, expect, it } from "vitest";
import { SafeHtml, escapeHtml, markup } from "./html";

describe("markup", () => {
  it("escapes every interpolated text, in content and in quoted attributes", () => {
    const name = `<img src=x onerror="alert('x')"> & co`;
    const out = markup`<a href="/p/${'1" onclick="x'}" aria-label="${name}">${name}</a>`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.__html).toBe(
      `<a href="/p/1&quot; onclick=&quot;x" aria-label="&lt;img src=x onerror=&quot;alert(&#x27;x&#x27;)&quot;&gt; &amp; co">` +
        `&lt;img src=x onerror=&quot;alert(&#x27;x&#x27;)&quot;&gt; &amp; co</a>`,
    );
  });

  it("keeps nested markup as markup, joins arrays, and renders nothing for null, undefined and false", () => {
    const cells = (["a<b", 7, null, undefined, false] as const).map((v) => markup`<td>${v}</td>`);
    expect(markup`<tr>${cells}</tr>`.__html).toBe("<tr><td>a&lt;b</td><td>7</td><td></td><td></td><td></td></tr>");
    expect(markup`${[markup`<i>x</i>`, "<b>"]}`.__html).toBe("<i>x</i>&lt;b&gt;");
    expect(String(markup`<p>${0}</p>`)).toBe("<p>0</p>");
  });

  it("escapes the five characters that matter and nothing else", () => {
    expect(escapeHtml(`&<>"' é·—`)).toBe("&amp;&lt;&gt;&quot;&#x27; é·—");
  });
});
