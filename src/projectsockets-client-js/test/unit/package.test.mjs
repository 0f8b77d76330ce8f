import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dist, sampleCopy } from "../../scripts/copy-to-sample.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("npm pack: the package holds the ESM build, its type declarations, the README and package.json, nothing else", () => {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
  const files = JSON.parse(output)[0].files.map((f) => f.path).sort();

  const modules = readdirSync(join(root, "src")).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, ""));
  const expected = ["README.md", "package.json", ...modules.flatMap((m) => [`dist/${m}.d.ts`, `dist/${m}.js`])].sort();
  assert.deepEqual(files, expected);
});

test("package.json: no runtime dependencies, and the entry points exist", () => {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

  assert.equal(manifest.dependencies, undefined);
  assert.equal(manifest.type, "module");
  for (const path of [manifest.exports["."].import, manifest.exports["."].types]) {
    assert.ok(readdirSync(join(root, "dist")).includes(path.replace("./dist/", "")), `${path} is missing`);
  }
});

test("the AgentDashboard sample serves exactly this build (run `npm run build:sample` after changing src/)", () => {
  const built = readdirSync(dist).filter((f) => f.endsWith(".js")).sort();
  const copied = readdirSync(sampleCopy).sort();

  assert.deepEqual(copied, built);
  for (const file of built) {
    assert.equal(readFileSync(join(sampleCopy, file), "utf8"), readFileSync(join(dist, file), "utf8"), `${file} differs`);
  }
});
