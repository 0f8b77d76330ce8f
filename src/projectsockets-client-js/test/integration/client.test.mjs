// The client against the real AgentDashboard sample, through a TCP proxy that can cut connections like a network.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { ProjectSocketsClient, CommandError, ConnectionError } from "../../dist/index.js";
import { startDashboard, PRIVATE_PROJECT, PRIVATE_TOKEN } from "../support/server.mjs";
import { startProxy } from "../support/proxy.mjs";
import { waitFor, nextClientEvent } from "../support/wait.mjs";
import { runTasks } from "../support/tasks.mjs";

let server;
let proxy;
const clients = [];
let projectCounter = 0;
const uniqueProject = (name) => `${name}-${process.pid}-${++projectCounter}`;

before(async () => {
  server = await startDashboard({ stepDelayMs: 20 });
  proxy = await startProxy(server.port);
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy?.close();
  await server?.stop();
});

/** A client on the proxy (cuttable) or straight on the server. */
function client({ direct = false, path = "/ws", ...options } = {}) {
  const c = new ProjectSocketsClient({
    url: `${direct ? server.ws : proxy.ws}${path}`,
    WebSocket,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    ...options,
  });
  clients.push(c);
  return c;
}

function recordStates(c) {
  const states = [];
  c.on("state", (s) => states.push(s));
  return states;
}

test("resume across forced disconnects: a few thousand events, none lost, none duplicated, in seq order", { timeout: 120000 }, async () => {
  const project = uniqueProject("resume");
  const watcher = client();
  const states = recordStates(watcher);
  await watcher.connect();
  const sub = await watcher.subscribe(project);
  const seqs = [];
  let cuts = 0;
  const acceptedBefore = proxy.accepted;
  sub.on("*", (e) => {
    seqs.push(e.seq);
    // Cut every connection through the proxy each 500 events: the watcher must resume where it stopped.
    if (seqs.length % 500 === 0) {
      proxy.cut();
      cuts++;
    }
  });
  const drivers = [client({ direct: true }), client({ direct: true }), client({ direct: true })];
  await Promise.all(drivers.map((d) => d.connect()));
  const observer = await drivers[0].subscribe(project, { events: ["task_completed"] });

  const total = 450;
  await runTasks({ drivers, observer, project, total });
  const last = total * 7;
  await waitFor(() => sub.lastSeq >= last, `the watcher to reach seq ${last}`, 60000, () => `at ${sub.lastSeq}, state ${watcher.state}`);

  assert.equal(seqs.length, last, "every event delivered exactly once");
  assert.ok(seqs.every((seq, i) => seq === i + 1), "in seq order with no gap and no repeat");
  assert.equal(cuts, 6);
  assert.ok(proxy.accepted - acceptedBefore >= cuts, `a new connection after each cut (saw ${proxy.accepted - acceptedBefore})`);
  assert.ok(states.some((s) => s.state === "reconnecting"));
});

test("reconnect: every project is subscribed again with its own filter", { timeout: 60000 }, async () => {
  const [a, b, c] = [uniqueProject("filter-a"), uniqueProject("filter-b"), uniqueProject("filter-c")];
  const watcher = client();
  await watcher.connect();
  const seen = { [a]: [], [b]: [], [c]: [] };
  const subs = [
    await watcher.subscribe(a, { events: ["task_*"] }),
    await watcher.subscribe(b, { events: ["agent_output"] }),
    await watcher.subscribe(c),
  ];
  for (const s of subs) s.on("*", (e) => seen[s.project].push(e.event));
  const resumed = [];
  watcher.on("subscribed", (p) => { if (p.resumed) resumed.push(p.project); });

  proxy.cut();
  await waitFor(() => resumed.length === 3 && watcher.state === "open", "the three subscriptions to be resumed");
  const driver = client({ direct: true });
  await driver.connect();
  for (const project of [a, b, c]) {
    const observer = await driver.subscribe(project, { events: ["task_completed"] });
    await runTasks({ drivers: [driver], observer, project, total: 1 });
  }
  await waitFor(() => seen[c].length === 7 && seen[a].length === 2 && seen[b].length === 3, "each project's events", 30000, () => JSON.stringify(seen));

  assert.deepEqual(resumed.sort(), [a, b, c].sort());
  assert.deepEqual(seen[a], ["task_started", "task_completed"]);
  assert.deepEqual(seen[b], ["agent_output", "agent_output", "agent_output"]);
  assert.deepEqual(seen[c], ["task_started", "agent_output", "agent_output", "agent_output", "gate_running", "signal_detected", "task_completed"]);
});

test("reset: when more events passed than history holds, the resume reports recovered false and delivery goes on", { timeout: 120000 }, async () => {
  const project = uniqueProject("history");
  const watcher = client();
  await watcher.connect();
  const sub = await watcher.subscribe(project);
  const resets = [];
  sub.onReset((info) => resets.push(info));
  const driver = client({ direct: true });
  await driver.connect();
  const observer = await driver.subscribe(project, { events: ["task_completed"] });
  await runTasks({ drivers: [driver], observer, project, total: 1 });
  await waitFor(() => sub.lastSeq === 7, "the first task's events");
  const position = { since: sub.lastSeq, epoch: sub.epoch };

  // Several drivers: each connection has its own command rate (a burst of 200), and exceeding a large history
  // takes hundreds of tasks.
  const drivers = [driver];
  for (let i = 0; i < 5; i++) {
    const extra = client({ direct: true });
    await extra.connect();
    drivers.push(extra);
  }

  proxy.refuse();
  proxy.cut();
  // Run tasks until the server's history no longer reaches back to the watcher's position (whatever its size).
  let exceeded = false;
  try {
    for (let wave = 0; wave < 40 && !exceeded; wave++) {
      await runTasks({ drivers, observer, project, total: 50 });
      const probe = client({ direct: true });
      await probe.connect();
      const answer = nextClientEvent(probe, "subscribed");
      await probe.subscribe(project, position);
      exceeded = !(await answer).recovered;
      await probe.close();
    }
  } finally {
    // The proxy is shared by the tests that follow: it must accept again whatever happened here.
    proxy.accept();
  }
  assert.ok(exceeded, "history was exceeded");
  const seqBefore = sub.lastSeq;
  await waitFor(() => resets.length === 1, "the reset");
  const next = [];
  sub.on("task_started", (e) => next.push(e.seq));
  await runTasks({ drivers: [driver], observer, project, total: 1 });
  await waitFor(() => next.length === 1, "an event after the reset");

  assert.equal(resets[0].reason, "history");
  assert.equal(resets[0].lastSeq, seqBefore);
  assert.ok(resets[0].seq > seqBefore + 1000);
  assert.equal(next[0], resets[0].seq + 1);
});

test("commands: errors reject with the protocol error code", async () => {
  const c = client({ direct: true });
  await c.connect();
  const project = uniqueProject("errors");
  const code = (promise) => promise.then(() => "ok", (e) => (e instanceof CommandError ? e.code : String(e)));

  assert.equal(await code(c.invoke("cancel_execution", { taskId: "t-none" }, { project })), "task_not_found");
  assert.equal(await code(c.invoke("start_task", {}, { project })), "invalid_args");
  assert.equal(await code(c.invoke("no_such_command", {}, { project })), "unknown_command");
  assert.equal(await code(c.invoke("start_task", { title: "x" }, { project: PRIVATE_PROJECT })), "forbidden");
  assert.equal(await code(c.subscribe(PRIVATE_PROJECT)), "forbidden");
  const { taskId } = await c.invoke("start_task", { title: "real" }, { project });
  assert.match(taskId, /^t-/);
});

test("token: the factory is called on every connection, and the private route project follows through a reconnect", { timeout: 60000 }, async () => {
  let calls = 0;
  const watcher = client({ path: `/ws/${PRIVATE_PROJECT}`, token: async () => { calls++; return PRIVATE_TOKEN; } });
  await watcher.connect();
  const route = watcher.subscription(PRIVATE_PROJECT);
  assert.ok(route?.isRoute);
  const seen = [];
  route.on("task_completed", (e) => seen.push(e.seq));
  const resumed = nextClientEvent(watcher, "subscribed", (p) => p.resumed && p.recovered);

  proxy.cut();
  await resumed;
  await waitFor(() => watcher.state === "open", "the reconnect");
  const driver = client({ direct: true, token: PRIVATE_TOKEN });
  await driver.connect();
  const observer = await driver.subscribe(PRIVATE_PROJECT, { events: ["task_completed"] });
  await runTasks({ drivers: [driver], observer, project: PRIVATE_PROJECT, total: 1 });
  await waitFor(() => seen.length === 1, "the private project's event after the reconnect");

  assert.equal(calls, 2);
  const wrong = client({ path: `/ws/${PRIVATE_PROJECT}`, token: "wrong" });
  await assert.rejects(wrong.connect(), (e) => e instanceof ConnectionError && e.code === "connect_failed");
});

test("close codes: a server restart (1001, reconnect advised) is followed on the new server, reported as a reset of the epoch", { timeout: 90000 }, async () => {
  const second = await startDashboard({ stepDelayMs: 20 });
  const own = await startProxy(second.port);
  let third;
  try {
    const project = uniqueProject("restart");
    const watcher = new ProjectSocketsClient({ url: `${own.ws}/ws`, WebSocket, reconnect: { initialDelayMs: 20, maxDelayMs: 200 } });
    clients.push(watcher);
    const states = recordStates(watcher);
    await watcher.connect();
    const sub = await watcher.subscribe(project);
    const resets = [];
    sub.onReset((info) => resets.push(info));
    const reconnecting = nextClientEvent(watcher, "state", (s) => s.state === "reconnecting", 60000);

    own.refuse();
    await second.stop();
    const lost = await reconnecting;
    third = await startDashboard({ stepDelayMs: 20 });
    own.retarget(third.port);
    own.accept();
    await waitFor(() => watcher.state === "open" && resets.length === 1, "the client to follow the restarted server");

    assert.equal(lost.closeCode, 1001);
    assert.equal(resets[0].reason, "epoch");
    assert.deepEqual(states.map((s) => s.state).slice(0, 4), ["connecting", "open", "reconnecting", "open"]);
  } finally {
    await own.close();
    await second.stop();
    await third?.stop();
  }
});

test("commands: cut on the way there or on the way back, each is sent again with its id and runs exactly once", { timeout: 120000 }, async () => {
  const project = uniqueProject("once");
  const observer = client({ direct: true });
  await observer.connect();
  const watch = await observer.subscribe(project, { events: ["task_started", "task_completed", "branch_created"] });
  const runs = new Map();
  const count = (key) => runs.set(key, (runs.get(key) ?? 0) + 1);
  const completed = new Set();
  watch.on("task_started", (e) => count(`task ${e.data.title}`));
  watch.on("branch_created", (e) => count(`branch ${e.data.name}`));
  watch.on("task_completed", (e) => completed.add(e.data.taskId));
  const driver = client();
  await driver.connect();
  const total = 30;
  let resent = 0;
  let replayed = 0;
  const taskIds = [];

  for (let i = 0; i < total; i++) {
    await waitFor(() => driver.state === "open", "the driver to be connected");
    if (i % 2 === 0) {
      // Cut while the command is still in the socket's buffer or on its way: it may never reach the server.
      const outcome = driver.invokeWithOutcome("start_task", { title: `once-${i}` }, { project });
      proxy.cut();
      const { data, attempts, replayed: wasReplayed } = await outcome;
      taskIds.push(data.taskId);
      resent += attempts - 1;
      if (wasReplayed) replayed++;
    } else {
      // Cut once the handler has run (its event is out): the result may be lost on its way back.
      const ran = nextClientEvent(observer, "event", (e) => e.event === "branch_created" && e.data.name === `once-${i}`);
      const outcome = driver.invokeWithOutcome("create_branch", { name: `once-${i}` }, { project });
      await ran;
      proxy.cut();
      const { attempts, replayed: wasReplayed } = await outcome;
      resent += attempts - 1;
      if (wasReplayed) replayed++;
    }
  }
  await waitFor(() => taskIds.every((id) => completed.has(id)), "every task to complete", 60000);

  const doubleRuns = [...runs.values()].filter((n) => n > 1).length;
  console.log(`${total} commands, ${total} cuts, ${resent} resends, ${replayed} replayed answers, ${doubleRuns} double runs`);
  assert.equal(runs.size, total);
  assert.equal(doubleRuns, 0, `a command ran twice: ${JSON.stringify([...runs])}`);
  assert.ok(resent > 0, "no command was sent again");
});
