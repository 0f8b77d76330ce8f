// Starts the AgentDashboard sample (the prebuilt dll) on 127.0.0.1 with a port the OS picks, and stops it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const running = new Set();
process.on("exit", () => { for (const child of running) child.kill("SIGKILL"); });

export const PRIVATE_PROJECT = "vault";
export const PRIVATE_TOKEN = "vault-token-5c1e";

function findDll() {
  const candidates = [
    process.env.AGENTDASHBOARD_DLL,
    join(repo, "docs/samples/AgentDashboard/bin/Release/net10.0/AgentDashboard.dll"),
    join(repo, "docs/samples/AgentDashboard/bin/Debug/net10.0/AgentDashboard.dll"),
  ].filter(Boolean);
  const dll = candidates.find((path) => existsSync(path));
  if (!dll) {
    throw new Error(`The AgentDashboard sample is not built (looked for ${candidates.join(", ")}). ` +
      "Run `dotnet build docs/samples/AgentDashboard -c Release` (build/test.sh does), or set AGENTDASHBOARD_DLL.");
  }
  return dll;
}

/**
 * Starts the sample; resolves once it listens. `stepDelayMs` paces the simulated tasks.
 * @returns {Promise<{ port: number, http: string, ws: string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startDashboard({ stepDelayMs = 20, args = [] } = {}) {
  const child = spawn("dotnet", [findDll(),
    "--urls", "http://127.0.0.1:0",
    "--Logging:LogLevel:Default=Warning",
    "--Logging:LogLevel:AgentDashboard=Information",
    "--Logging:LogLevel:AgentDashboard.Tasks=Warning",
    `--Sample:StepDelayMs=${stepDelayMs}`,
    `--Sample:Tokens:${PRIVATE_PROJECT}=${PRIVATE_TOKEN}`,
    ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOTNET_NOLOGO: "1" } });
  running.add(child);
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", (code) => { running.delete(child); resolve(code); }));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The sample did not start within 60 s:\n${output}`)), 60000);
    const onData = (chunk) => {
      output += chunk;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exited.then((code) => { clearTimeout(timer); reject(new Error(`The sample exited with ${code}:\n${output}`)); });
  });
  return {
    port,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15000);
      await exited;
      clearTimeout(timer);
    },
  };
}
