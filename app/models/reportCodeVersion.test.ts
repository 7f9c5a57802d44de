import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleFiles } from "./reportCodeVersion.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gk-bundle-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

describe("bundleFiles", () => {
  it("lists a built entry and every chunk it imports, statically or dynamically, transitively, and nothing else", () => {
    write(
      "reportWorker.js",
      'import { a } from "./chunk-A.js";\nimport {\n  b,\n  c\n} from "./chunk-B.js";\nconst l = () => import("./lazy-L.js");\n',
    );
    write("chunk-A.js", 'import "./chunk-C.js";\nexport const a = 1;\n');
    write("chunk-B.js", 'import { a } from "./chunk-A.js";\nexport const b = a, c = 2;\n');
    write("chunk-C.js", "export {};\n");
    write("lazy-L.js", 'export { b } from "./chunk-B.js";\n');
    // The server's and the CLI's own code: not the worker's, so a change there keeps kept reports.
    write("cli.js", 'import "./chunk-D.js";\nimport "./chunk-A.js";\n');
    write("chunk-D.js", 'import "node:fs";\nimport pg from "pg";\nexport {};\n');
    expect(bundleFiles(path.join(dir, "reportWorker.js")).map((f) => path.basename(f))).toEqual([
      "chunk-A.js",
      "chunk-B.js",
      "chunk-C.js",
      "lazy-L.js",
      "reportWorker.js",
    ]);
  });
});
