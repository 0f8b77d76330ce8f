// The AgentDashboard in headless Chromium: the page as a user sees it, on the browser client package.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { ProjectSocketsClient } from "../../dist/index.js";
import { startDashboard, PRIVATE_PROJECT, PRIVATE_TOKEN } from "../support/server.mjs";
import { startProxy } from "../support/proxy.mjs";
import { launchBrowser, openPage } from "../support/browser.mjs";
import { waitFor } from "../support/wait.mjs";

const artifacts = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");
const OUTPUT = ["Reading the repository layout", "Planning the change", "Editing files"];
const LAPTOP = { width: 1366, height: 850 };
let server;
let proxy;
let browser;
let counter = 0;
const project = (name) => `${name}-${process.pid}-${++counter}`;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  // Steps of 300 ms: slow enough to click Cancel on a running task and to cut the connection mid-task.
  server = await startDashboard({ stepDelayMs: 300 });
  proxy = await startProxy(server.port);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
});

async function newPage(url, options) {
  const context = await browser.newContext({ viewport: LAPTOP });
  const opened = await openPage(context, url, options);
  await opened.page.waitForSelector("#connection[data-state=open]");
  // Every followed project has its answer (live, or refused) before the test acts.
  await opened.page.waitForFunction(() => document.querySelectorAll("#project-list [data-status=connecting]").length === 0
    && document.querySelectorAll("#project-list [data-status]").length > 0);
  return { ...opened, context };
}

const card = (page, taskId) => page.locator(`[data-task-id="${taskId}"]`);
const lines = (page, taskId) => card(page, taskId).locator(".output .line").allTextContents();

async function startTask(page, title) {
  await page.fill("#task-title", title);
  await page.click("#start-form button[type=submit]");
  await page.waitForFunction(() => /^Started t-/.test(document.querySelector("#start-result").textContent));
  return (await page.textContent("#start-result")).replace("Started ", "");
}

async function waitForState(page, taskId, state) {
  await page.waitForSelector(`[data-column="${state}"] [data-task-id="${taskId}"]`, { timeout: 30000 });
}

test("a started task's card moves through every state, with its output, gate and signal", { timeout: 90000 }, async () => {
  const name = project("board");
  const { page, problems, context } = await newPage(`${server.http}/?projects=${name}`);
  try {
    const taskId = await startTask(page, "Fix the flaky build");
    await waitForState(page, taskId, "completed");

    const states = await page.evaluate((id) => window.__cardStates[id], taskId);
    assert.deepEqual(states, ["running", "gate", "completed"]);
    assert.deepEqual(await lines(page, taskId), OUTPUT);
    assert.deepEqual(await card(page, taskId).locator(".badge.gate").allTextContents(), ["gate: tests"]);
    assert.deepEqual(await card(page, taskId).locator(".badge.signal").allTextContents(), ["⚑ tests_passed"]);
    assert.equal(await card(page, taskId).locator("h4").textContent(), "Fix the flaky build");

    // A board mid-task for the record: one task done, one cancelled, one at its gate, one just started.
    const cancelled = await startTask(page, "Refactor the parser");
    await card(page, cancelled).locator("button.cancel").click();
    await waitForState(page, cancelled, "cancelled");
    const gated = await startTask(page, "Upgrade the test runner");
    await waitForState(page, gated, "gate");
    await startTask(page, "Write the release notes");
    await page.screenshot({ path: join(artifacts, "dashboard-laptop.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(artifacts, "dashboard-phone.png"), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("two tabs on the same project see the same events", { timeout: 60000 }, async () => {
  const name = project("tabs");
  const first = await newPage(`${server.http}/?projects=${name}`);
  const second = await newPage(`${server.http}/?projects=${name}`);
  try {
    const taskId = await startTask(first.page, "Shared work");
    await waitForState(first.page, taskId, "completed");
    await waitForState(second.page, taskId, "completed");
    const log = (page) => page.locator("#log .log-label").allTextContents();

    assert.deepEqual(await lines(second.page, taskId), OUTPUT);
    assert.deepEqual(await log(second.page), await log(first.page));
    assert.equal((await log(first.page)).filter((l) => l.includes(name)).length, 7);
    assert.deepEqual([...first.problems, ...second.problems], []);
  } finally {
    await first.context.close();
    await second.context.close();
  }
});

test("cancel a task and create a branch from the UI, with results and errors shown in place", { timeout: 60000 }, async () => {
  const name = project("actions");
  const { page, problems, context } = await newPage(`${server.http}/?projects=${name}`);
  try {
    const taskId = await startTask(page, "Something to stop");
    await card(page, taskId).locator("button.cancel").click();
    await waitForState(page, taskId, "cancelled");
    assert.equal(await card(page, taskId).locator("button.cancel").count(), 0);

    await page.fill("#branch-name", "feature/from-the-browser");
    await page.click("#branch-form button[type=submit]");
    await page.waitForSelector('#branches [data-branch="feature/from-the-browser"]', { state: "attached" });
    assert.equal(await page.textContent("#branch-result"), "Created feature/from-the-browser");

    await page.fill("#branch-name", "not a branch!");
    await page.click("#branch-form button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#branch-result").classList.contains("bad"));
    assert.match(await page.textContent("#branch-result"), /^invalid_args: /);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a cut connection resumes the board with no output line missing or repeated", { timeout: 90000 }, async () => {
  const name = project("cut");
  // Chromium reports each refused reconnect attempt on the console; those, and only those, are expected here.
  const { page, problems, context } = await newPage(`${proxy.http}/?projects=${name}`,
    { allowConsole: (text) => /WebSocket connection to .* failed/.test(text) });
  const watcher = new ProjectSocketsClient({ url: `${server.ws}/ws`, WebSocket });
  try {
    await watcher.connect();
    const sub = await watcher.subscribe(name);
    const seen = [];
    sub.on("*", (e) => seen.push(e.event));
    const taskId = await startTask(page, "Survive a network cut");
    await page.waitForSelector(`[data-task-id="${taskId}"] .output .line`);

    proxy.refuse();
    proxy.cut();
    await page.waitForSelector("#connection[data-state=reconnecting]");
    // The task finishes while the page is offline: everything after the first line must come from the resume.
    await waitFor(() => seen.includes("task_completed"), "the task to complete on the server");
    const offline = await lines(page, taskId);
    proxy.accept();
    await waitForState(page, taskId, "completed");
    await page.waitForSelector("#connection[data-state=open]");

    assert.ok(offline.length < OUTPUT.length, `the page was offline mid-task (had ${offline.length} lines)`);
    assert.deepEqual(await lines(page, taskId), OUTPUT);
    assert.equal(await page.getAttribute("#connection", "data-resume"), "resumed");
    assert.equal(await page.isVisible("#project-note"), false, "no reset was reported");
    assert.deepEqual(problems, []);
  } finally {
    await watcher.close();
    await context.close();
  }
});

test("a private project is refused without its token and shown as such; with the token it goes live", { timeout: 60000 }, async () => {
  const { page, problems, context } = await newPage(`${server.http}/?projects=${PRIVATE_PROJECT}`);
  try {
    await page.waitForSelector(`#project-list [data-project="${PRIVATE_PROJECT}"][data-status=refused]`);
    assert.match(await page.textContent("#project-note"), /forbidden/);
    assert.equal(await page.textContent("#project-status"), "🔒 Refused");

    await page.fill("#token", PRIVATE_TOKEN);
    await page.click("#token-form button[type=submit]");
    await page.waitForSelector(`#project-list [data-project="${PRIVATE_PROJECT}"][data-status=live]`);
    const taskId = await startTask(page, "Private work");
    await waitForState(page, taskId, "completed");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("following several projects: events of the one not shown are counted, and switching shows its board", { timeout: 60000 }, async () => {
  const [a, b] = [project("multi-a"), project("multi-b")];
  const { page, problems, context } = await newPage(`${server.http}/?projects=${a}`);
  try {
    await page.fill("#follow-name", b);
    await page.click("#follow-form button[type=submit]");
    await page.waitForSelector(`#project-list [data-project="${b}"][data-status=live]`);
    const taskId = await startTask(page, "Work on b");
    await page.click(`#project-list [data-project="${a}"]`);
    await page.waitForSelector(`#project-list [data-project="${b}"] .badge.unread`);
    await page.click(`#project-list [data-project="${b}"]`);
    await waitForState(page, taskId, "completed");

    assert.equal(await page.textContent("#project-name"), b);
    assert.deepEqual(await lines(page, taskId), OUTPUT);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a restarted server (history gone) is followed, and the board says events were missed instead of pretending", { timeout: 120000 }, async () => {
  const first = await startDashboard({ stepDelayMs: 50 });
  const own = await startProxy(first.port);
  let second;
  const name = project("restart");
  const { page, problems, context } = await newPage(`${own.http}/?projects=${name}`,
    { allowConsole: (text) => /WebSocket connection to .* failed/.test(text) });
  try {
    const before = await startTask(page, "Before the restart");
    await waitForState(page, before, "completed");

    own.refuse();
    await first.stop();
    await page.waitForSelector("#connection:is([data-state=reconnecting], [data-state=connecting])");
    second = await startDashboard({ stepDelayMs: 50 });
    own.retarget(second.port);
    own.accept();
    await page.waitForSelector("#connection[data-state=open][data-resume=reset]", { timeout: 60000 });
    const after = await startTask(page, "After the restart");
    await waitForState(page, after, "completed");

    assert.match(await page.textContent("#project-note"), /history was reset/);
    assert.equal(await card(page, before).count(), 0, "the old board was cleared, not shown as if current");
    assert.deepEqual(await lines(page, after), OUTPUT);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await own.close();
    await first.stop();
    await second?.stop();
  }
});
