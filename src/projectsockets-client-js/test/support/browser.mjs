// Headless Chromium from the system (Debian package `chromium`, installed by build/setup.sh), driven by
// playwright-core. No browser is ever downloaded.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`bash build/setup.sh\` (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  // playwright-core gives every launch a fresh temporary profile (its own --user-data-dir) and removes it on close.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/**
 * Opens a page that records console errors, page errors, and every state each task card shows (a MutationObserver
 * installed before the app runs, so no state is missed however fast the task goes).
 */
export async function openPage(context, url, { allowConsole = () => false } = {}) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !allowConsole(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    window.__cardStates = {};
    const record = (card) => {
      const id = card.dataset.taskId;
      const states = (window.__cardStates[id] ??= []);
      if (states.at(-1) !== card.dataset.state) states.push(card.dataset.state);
    };
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        if (m.type === "attributes" && m.target.dataset?.taskId) record(m.target);
        for (const node of m.addedNodes ?? []) if (node.dataset?.taskId) record(node);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
  });
  await page.goto(url);
  return { page, problems };
}
