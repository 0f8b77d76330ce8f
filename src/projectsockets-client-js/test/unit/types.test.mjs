import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("types: a TypeScript application type-checks against the published declarations (strict, no skipLibCheck)", () => {
  // The package resolves itself by name through its "exports", as it would from node_modules.
  const result = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(root, "test", "types", "tsconfig.json")], { encoding: "utf8" });

  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});
