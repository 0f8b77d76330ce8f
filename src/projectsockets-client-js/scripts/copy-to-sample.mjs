// Copies the built client (dist/*.js) into the AgentDashboard sample (wwwroot/lib/projectsockets: no hyphen, since
// embedded resource names would mangle one), which serves it to the browser as is.
// The sample's copy is committed so that `dotnet run` needs no npm step; test/unit/package.test.mjs checks it
// equals a fresh build.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const dist = join(root, "dist");
export const sampleCopy = join(root, "..", "..", "docs", "samples", "AgentDashboard", "wwwroot", "lib", "projectsockets");

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(sampleCopy, { recursive: true, force: true });
  mkdirSync(sampleCopy, { recursive: true });
  const files = readdirSync(dist).filter((f) => f.endsWith(".js"));
  for (const file of files) copyFileSync(join(dist, file), join(sampleCopy, file));
  console.log(`copied ${files.length} files to ${sampleCopy}`);
}
