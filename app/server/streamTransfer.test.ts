// The patched StreamTransfer of Remix's single fetch (.patches/README.md): a chunk of a page's
// loader data is written into the page as scripts of at most 16 KB of it each, so that no text
// made from it reaches V8's large-object space (64K two-byte characters), and the scripts give
// the client's stream the same text as the one script of the unpatched code.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";

type Props = {
  context: { renderMeta?: { didRenderScripts?: boolean; streamCache?: Record<number, unknown> } };
  identifier: number;
  reader: { read(): Promise<{ done: boolean; value?: Uint8Array }> };
  textDecoder: TextDecoder;
  nonce?: string;
};
type Transfer = (props: Props) => ReactElement | null;

async function builds(): Promise<[string, Transfer][]> {
  const require = createRequire(import.meta.url);
  const resolved = require.resolve("@remix-run/react");
  const dir = resolved.slice(0, resolved.lastIndexOf("/") + 1);
  const cjs = require(`${dir}single-fetch.js`) as { StreamTransfer: Transfer };
  const esm = (await import(/* @vite-ignore */ pathToFileURL(`${dir}esm/single-fetch.js`).href)) as { StreamTransfer: Transfer };
  return [
    ["dist/single-fetch.js", cjs.StreamTransfer],
    ["dist/esm/single-fetch.js", esm.StreamTransfer],
  ];
}

/** StreamTransfer as React renders it: a thrown promise is awaited and the render retried. */
async function render(transfer: Transfer, props: Props): Promise<ReactElement | null> {
  for (;;) {
    try {
      return transfer(props);
    } catch (thrown) {
      if (!(thrown instanceof Promise)) throw thrown;
      await thrown;
    }
  }
}

type Script = { __html: string };
const isElement = (x: unknown): x is ReactElement => typeof x === "object" && x !== null && "props" in x;

/** Every chunk's scripts in order, running them as the browser would against a stand-in controller. */
async function transferAll(transfer: Transfer, chunks: Uint8Array[]) {
  let next = 0;
  const reader = { read: async () => (next < chunks.length ? { done: false, value: chunks[next++] } : { done: true, value: undefined }) };
  const props: Props = {
    context: { renderMeta: { didRenderScripts: true } },
    identifier: 1,
    reader,
    textDecoder: new TextDecoder(),
    nonce: "n0nce",
  };
  const scripts: string[] = [];
  for (let level = 0; level < chunks.length + 1; level++) {
    const element = await render(transfer, { ...props, identifier: props.identifier + level });
    if (!element) throw new Error("no element");
    const children = ([] as unknown[]).concat(element.props.children).flat();
    let more = false;
    for (const child of children) {
      if (!isElement(child)) continue;
      if (child.type === "script") {
        expect(child.props.nonce).toBe("n0nce");
        scripts.push((child.props.dangerouslySetInnerHTML as Script).__html);
      } else more = true; // the Suspense around the next chunk's StreamTransfer
    }
    if (!more) break;
  }
  const enqueued: string[] = [];
  let closed = false;
  const window = { __remixContext: { streamController: { enqueue: (s: string) => enqueued.push(s), close: () => (closed = true) } } };
  for (const script of scripts) new Function("window", script)(window);
  return { scripts, enqueued, closed };
}

describe("StreamTransfer writes loader data in pieces", () => {
  // A page's loader data: two-byte text (an em dash), a 3-byte character and a surrogate pair
  // (4 bytes) across the 16,384-byte boundaries, and what a script must escape.
  const row = '[\\"cmx7s3xdl1lsmmh7dlem8w5ei\\",\\"Completed Fri 6 Nov 2026\\",\\"EE 32 · DP 21\\"],';
  const text = `${"x".repeat(16383)}—${"y".repeat(16380)}😀${row.repeat(900)}</script><!-- & \u2028\u2029 —\n`;
  const bytes = new TextEncoder().encode(text);

  it("gives the client's stream the text of every chunk, in scripts of at most 16 KB each", async () => {
    for (const [name, transfer] of await builds()) {
      const { scripts, enqueued, closed } = await transferAll(transfer, [bytes, new TextEncoder().encode("P1:[2]\n")]);
      expect(enqueued.join(""), name).toBe(`${text}P1:[2]\n`);
      expect(closed, name).toBe(true);
      // 98 KB in pieces of 16 KB (the last of the first chunk shorter), the second chunk one piece.
      // A piece holds at most 16,384 bytes and the up to 3 of a character the one before began.
      expect(enqueued.length, name).toBe(Math.ceil(bytes.length / 16384) + 1);
      for (const piece of enqueued) expect(new TextEncoder().encode(piece).length, name).toBeLessThanOrEqual(16384 + 3);
      for (const script of scripts) {
        expect(script.length, name).toBeLessThan(32768);
        expect(script, name).not.toMatch(/<\/script|<!--/i);
      }
    }
  });

  it("still writes nothing for an empty chunk, and one script for a short one", async () => {
    for (const [name, transfer] of await builds()) {
      const short = await transferAll(transfer, [new TextEncoder().encode('[{"a":1}]\n')]);
      expect(short.enqueued, name).toEqual(['[{"a":1}]\n']);
      const empty = await transferAll(transfer, [new Uint8Array(0)]);
      expect(empty.enqueued, name).toEqual([]);
      expect(empty.closed, name).toBe(true);
    }
  });

  it("is the patched StreamTransfer in both builds", async () => {
    for (const [name, transfer] of await builds()) expect(String(transfer), name).toContain("decodePieces");
  });
});
