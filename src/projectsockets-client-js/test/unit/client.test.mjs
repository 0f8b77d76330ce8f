import { test } from "node:test";
import assert from "node:assert/strict";
import { ProjectSocketsClient, CommandError, ConnectionError, CommandTimeoutError, ProjectSocketsError } from "../../dist/index.js";
import { FakeClock, fakeWebSocket, event, nextTask, flush } from "../support/fakes.mjs";

function setup(options = {}) {
  const clock = new FakeClock();
  const WebSocket = fakeWebSocket();
  const states = [];
  const client = new ProjectSocketsClient({
    url: "ws://server/ws", WebSocket, clock, random: () => 0,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000 }, ...options,
  });
  client.on("state", (change) => states.push(change));
  const socket = (i = -1) => WebSocket.sockets.at(i);
  return { client, clock, WebSocket, states, socket };
}

async function connected(options) {
  const t = setup(options);
  const connecting = t.client.connect();
  await flush();
  t.socket().accept();
  await connecting;
  return t;
}

async function subscribed(t, project, options, position = { seq: 0, epoch: "e1", recovered: false }) {
  const pending = t.client.subscribe(project, options);
  t.socket().answer("subscribe", { project, ...position });
  const subscription = await pending;
  return subscription;
}

test("connect: offers projectsockets.v1, resolves on welcome and exposes the connection id and heartbeat", async () => {
  const { client, socket, states } = await connected();

  assert.equal(socket().protocols, "projectsockets.v1");
  assert.equal(client.state, "open");
  assert.equal(client.connectionId, "c-1");
  assert.deepEqual(client.heartbeat, { intervalMs: 30000, timeoutMs: 90000 });
  assert.deepEqual(states.map((s) => s.state), ["connecting", "open"]);
});

test("connect: a socket that closes before welcome rejects with connect_failed and the client is closed", async () => {
  const { client, socket } = setup();
  const connecting = client.connect();
  await flush();
  socket().refuse();

  await assert.rejects(connecting, (e) => e instanceof ConnectionError && e.code === "connect_failed");
  assert.equal(client.state, "closed");
});

test("connect: no welcome within connectTimeoutMs gives the attempt up", async () => {
  const { client, socket, clock } = setup({ connectTimeoutMs: 500 });
  const connecting = client.connect();
  await flush();
  clock.advance(500);

  await assert.rejects(connecting, (e) => e.code === "connect_failed");
  assert.equal(socket().closedWith.code, 4000);
});

test("frames: a batch of newline-joined messages is split and each delivered in order", async () => {
  const t = await connected();
  const sub = await subscribed(t, "p1");
  const seen = [];
  sub.on("*", (e) => seen.push(e.seq));
  t.socket().receive(event("p1", 1), event("p1", 2), event("p1", 3));
  await nextTask();

  assert.deepEqual(seen, [1, 2, 3]);
});

test("heartbeat: a server ping is answered with pong", async () => {
  const t = await connected();
  t.socket().receive({ type: "ping" });

  assert.deepEqual(t.socket().sent.at(-1), { type: "pong" });
});

test("heartbeat: after one quiet interval the client pings; a server silent for the timeout is given up and the client reconnects", async () => {
  const t = await connected();
  t.clock.advance(30000);
  assert.deepEqual(t.socket().sent.at(-1), { type: "ping" });

  t.clock.advance(60000);
  assert.equal(t.socket(0).closedWith.code, 4000);
  assert.equal(t.client.state, "reconnecting");
  t.clock.advance(100);
  assert.equal(t.WebSocket.sockets.length, 2);
});

test("subscribe: sends the filter, resolves on the result, and delivers to handlers and to an async iterator", async () => {
  const t = await connected();
  const pending = t.client.subscribe("p1", { events: ["task_*", "agent_output"] });
  const sent = t.socket().answer("subscribe", { project: "p1", seq: 5, epoch: "e1", recovered: false }, event("p1", 6, "task_started"));
  const sub = await pending;
  const handled = [];
  sub.on("task_*", (e) => handled.push(e.event));
  const iterator = sub[Symbol.asyncIterator]();
  await nextTask();
  t.socket().receive(event("p1", 7, "agent_output"));

  assert.deepEqual(sent.args, { events: ["task_*", "agent_output"] });
  assert.equal(sent.project, "p1");
  assert.deepEqual(handled, ["task_started"]);
  assert.equal((await iterator.next()).value.seq, 6);
  assert.equal((await iterator.next()).value.seq, 7);
  assert.equal(sub.lastSeq, 7);
});

test("subscribe: a refusal rejects with a CommandError carrying the protocol code", async () => {
  const t = await connected();
  const pending = t.client.subscribe("vault");
  t.socket().fail("subscribe", "forbidden", "not allowed");

  await assert.rejects(pending, (e) => e instanceof CommandError && e.code === "forbidden" && e.command === "subscribe" && e.project === "vault");
  assert.equal(t.client.subscription("vault"), undefined);
});

test("subscribe: invalid input is refused before anything is sent", async () => {
  const t = await connected();

  await assert.rejects(t.client.subscribe("bad project"), TypeError);
  await assert.rejects(t.client.subscribe("p1", { events: [] }), TypeError);
  await assert.rejects(t.client.subscribe("p1", { events: ["a*b"] }), TypeError);
  assert.equal(t.socket().commands("subscribe").length, 0);
});

test("reconnect: every subscription is resumed with its filter, since and epoch; the route project through the URL", async () => {
  const t = setup({ url: "ws://server/ws/route?events=task_*" });
  const connecting = t.client.connect();
  await flush();
  t.socket().accept({ subscriptions: [{ project: "route", seq: 3, epoch: "r1", recovered: false }] });
  await connecting;
  const a = await subscribed(t, "a", { events: ["agent_*"] }, { seq: 10, epoch: "ea", recovered: false });
  const b = await subscribed(t, "b", undefined, { seq: 0, epoch: "eb", recovered: false });
  await nextTask();
  t.socket().receive(event("a", 11, "agent_output", {}, "ea"), event("route", 4, "task_started", {}, "r1"));

  t.socket().drop(1006);
  assert.equal(t.client.state, "reconnecting");
  t.clock.advance(100);
  await flush();
  const second = t.socket();
  assert.equal(second.url.searchParams.get("since"), "4");
  assert.equal(second.url.searchParams.get("epoch"), "r1");
  assert.equal(second.url.searchParams.get("events"), "task_*");
  second.accept({ subscriptions: [{ project: "route", seq: 4, epoch: "r1", recovered: true }] });
  const resubscribes = second.commands("subscribe");

  assert.deepEqual(resubscribes.map((c) => [c.project, c.args]), [
    ["a", { events: ["agent_*"], since: 11, epoch: "ea" }],
    ["b", { since: 0, epoch: "eb" }],
  ]);
  assert.equal(t.client.state, "reconnecting", "open only once every subscription is restored");
  for (const c of resubscribes) second.receive({ type: "result", id: c.id, ok: true, data: { project: c.project, seq: 11, epoch: c.args.epoch, recovered: true } });
  await flush();
  assert.equal(t.client.state, "open");
  assert.equal(a.ended || b.ended, false);
});

test("reconnect: replayed duplicates are dropped and every event is delivered once, in seq order", async () => {
  const t = await connected();
  const sub = await subscribed(t, "p1");
  const seen = [];
  sub.on("*", (e) => seen.push(e.seq));
  await nextTask();
  t.socket().receive(event("p1", 1), event("p1", 2));
  t.socket().drop();
  t.clock.advance(100);
  await flush();
  t.socket().accept();
  const resume = t.socket().commands("subscribe")[0];
  // The server replays after `since`; a copy of an event already seen (2) is dropped all the same.
  t.socket().receive({ type: "result", id: resume.id, ok: true, data: { project: "p1", seq: 4, epoch: "e1", recovered: true } },
    event("p1", 2), event("p1", 3), event("p1", 4));
  t.socket().receive(event("p1", 4), event("p1", 5));

  assert.equal(resume.args.since, 2);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.equal(t.client.duplicatesDropped, 2);
});

test("reset: recovered false after a resume is reported to the subscription and the client, and delivery goes on", async () => {
  const t = await connected();
  const sub = await subscribed(t, "p1");
  const resets = [];
  sub.onReset((info) => resets.push(info));
  const clientResets = [];
  t.client.on("reset", (info) => clientResets.push(info));
  await nextTask();
  t.socket().receive(event("p1", 1));
  t.socket().drop();
  t.clock.advance(100);
  await flush();
  t.socket().accept();
  t.socket().answer("subscribe", { project: "p1", seq: 5000, epoch: "e1", recovered: false });
  const seen = [];
  sub.on("*", (e) => seen.push(e.seq));
  t.socket().receive(event("p1", 5001));

  assert.deepEqual(resets, [{ project: "p1", reason: "history", previousEpoch: "e1", epoch: "e1", lastSeq: 1, seq: 5000 }]);
  assert.equal(clientResets.length, 1);
  assert.deepEqual(seen, [5001]);
});

test("reset: a new epoch (history lost on the server) is reported as reason epoch", async () => {
  const t = await connected();
  const sub = await subscribed(t, "p1");
  const resets = [];
  sub.onReset((info) => resets.push(info));
  await nextTask();
  t.socket().receive(event("p1", 1));
  t.socket().receive(event("p1", 1, "agent_output", {}, "e2"));

  assert.deepEqual(resets, [{ project: "p1", reason: "epoch", previousEpoch: "e1", epoch: "e2", lastSeq: 1, seq: 0 }]);
  assert.equal(sub.epoch, "e2");
});

test("subscribe with since: a resume the server cannot honour is a reset, even before any handler could be attached", async () => {
  const t = await connected();
  const pending = t.client.subscribe("p1", { since: 7, epoch: "old" });
  const sent = t.socket().answer("subscribe", { project: "p1", seq: 9, epoch: "new", recovered: false });
  const sub = await pending;
  const resets = [];
  sub.onReset((info) => resets.push(info.reason));
  await nextTask();

  assert.deepEqual(sent.args, { since: 7, epoch: "old" });
  assert.deepEqual(resets, ["epoch"]);
});

test("token: a token factory is called before every attempt and sent as access_token", async () => {
  let calls = 0;
  const t = setup({ token: async () => `token-${++calls}` });
  const connecting = t.client.connect();
  await flush();
  t.socket().accept();
  await connecting;
  t.socket().drop();
  t.clock.advance(100);
  await flush();

  assert.equal(calls, 2);
  assert.equal(t.socket(0).url.searchParams.get("access_token"), "token-1");
  assert.equal(t.socket(1).url.searchParams.get("access_token"), "token-2");
});

for (const [code, reconnects] of [[1000, false], [1003, false], [1007, false], [1008, false], [1009, false],
  [1001, true], [1011, true], [4001, true], [4002, true], [1006, true]]) {
  test(`close codes: ${code} ${reconnects ? "reconnects" : "closes the client for good"}`, async () => {
    const t = await connected();
    t.socket().drop(code, "bye");
    t.clock.advance(1000);
    await flush();

    assert.equal(t.client.state, reconnects ? "reconnecting" : "closed");
    assert.equal(t.WebSocket.sockets.length, reconnects ? 2 : 1);
    assert.equal(t.states.find((s) => s.previous === "open").closeCode, code);
  });
}

test("close codes: the server's disconnected advice wins over the close code", async () => {
  const t = await connected();
  t.socket().receive({ type: "disconnected", code: 1000, reason: "moving you", reconnect: true });
  t.socket().drop(1000, "moving you");
  const other = await connected();
  other.socket().receive({ type: "disconnected", code: 4002, reason: "nope", reconnect: false });
  other.socket().drop(1006);

  assert.equal(t.client.state, "reconnecting");
  assert.equal(other.client.state, "closed");
  assert.equal(other.states.at(-1).closeCode, 4002);
});

test("close: a closed client's subscriptions end and their iterators finish", async () => {
  const t = await connected();
  const sub = await subscribed(t, "p1");
  const iterator = sub[Symbol.asyncIterator]();
  const next = iterator.next();
  await t.client.close();

  assert.deepEqual(await next, { value: undefined, done: true });
  assert.equal(t.socket().closedWith.code, 1000);
  assert.equal(t.client.state, "closed");
  assert.equal(sub.ended, true);
});

test("resubscribe refused on a reconnect: the subscription ends with the CommandError and its iterator throws it", async () => {
  const t = await connected();
  const sub = await subscribed(t, "p1");
  const iterator = sub[Symbol.asyncIterator]();
  t.socket().drop();
  t.clock.advance(100);
  await flush();
  t.socket().accept();
  t.socket().fail("subscribe", "forbidden");
  await flush();

  await assert.rejects(iterator.next(), (e) => e instanceof CommandError && e.code === "forbidden");
  assert.equal(t.client.subscription("p1"), undefined);
  assert.equal(t.client.state, "open");
});

test("unsubscribe: sends unsubscribe and stops delivery at once", async () => {
  const t = await connected();
  const sub = await subscribed(t, "p1");
  const seen = [];
  sub.on("*", (e) => seen.push(e.seq));
  await nextTask();
  const done = sub.unsubscribe();
  t.socket().answer("unsubscribe", { project: "p1" });
  await done;
  t.socket().receive(event("p1", 1));

  assert.deepEqual(seen, []);
  assert.equal(t.socket().commands("unsubscribe")[0].project, "p1");
});

test("subscribe while reconnecting waits for the connection and is sent after the resumes", async () => {
  const t = await connected();
  t.socket().drop();
  const pending = t.client.subscribe("late");
  t.clock.advance(100);
  await flush();
  t.socket().accept();
  t.socket().answer("subscribe", { project: "late", seq: 2, epoch: "e", recovered: false });

  assert.equal((await pending).project, "late");
});

test("invoke: resolves with the result data", async () => {
  const t = await connected();
  const pending = t.client.invoke("start_task", { title: "x" }, { project: "p1" });
  const sent = t.socket().answer("start_task", { taskId: "t-1" });

  assert.deepEqual(await pending, { taskId: "t-1" });
  assert.deepEqual({ command: sent.command, project: sent.project, args: sent.args }, { command: "start_task", project: "p1", args: { title: "x" } });
});

test("invoke: a failed command rejects with a CommandError carrying the protocol error code", async () => {
  const t = await connected();
  const pending = t.client.invoke("cancel_execution", { taskId: "nope" }, { project: "p1" });
  t.socket().fail("cancel_execution", "task_not_found", "No running task");

  await assert.rejects(pending, (e) => e instanceof CommandError && e instanceof ProjectSocketsError
    && e.code === "task_not_found" && e.message === "No running task");
});

test("invoke: no result within timeoutMs rejects with client_timeout; a late result is ignored", async () => {
  const t = await connected();
  const pending = t.client.invoke("slow", undefined, { timeoutMs: 50 });
  t.clock.advance(50);
  t.socket().answer("slow", 1);

  await assert.rejects(pending, (e) => e instanceof CommandTimeoutError && e.code === "client_timeout");
});

test("invoke: an aborted signal rejects with its reason", async () => {
  const t = await connected();
  const controller = new AbortController();
  const pending = t.client.invoke("slow", undefined, { signal: controller.signal });
  controller.abort(new Error("user left"));

  await assert.rejects(pending, /user left/);
});

test("invoke: a connection lost before the result rejects with connection_lost; while reconnecting with not_connected", async () => {
  const t = await connected();
  const pending = t.client.invoke("start_task", {}, { project: "p1" });
  t.socket().drop();

  await assert.rejects(pending, (e) => e instanceof ConnectionError && e.code === "connection_lost");
  await assert.rejects(t.client.invoke("start_task"), (e) => e instanceof ConnectionError && e.code === "not_connected");
  assert.equal(t.socket().commands().length, 1);
});

test("session: every connection carries the same session key, the option's or a random one", async () => {
  const t = await connected({ sessionKey: "my-session-key-0123" });
  t.socket().drop();
  t.clock.advance(100);
  await flush();

  assert.equal(t.socket(0).url.searchParams.get("session"), "my-session-key-0123");
  assert.equal(t.socket(1).url.searchParams.get("session"), "my-session-key-0123");
  const random = await connected();
  assert.match(random.socket().url.searchParams.get("session"), /^[A-Za-z0-9_-]{16,64}$/);
  assert.throws(() => setup({ sessionKey: "short" }), TypeError);
});

test("invoke: with a session announced, a command lost with its connection is sent again with the same id and resolves once", async () => {
  const t = setup();
  const connecting = t.client.connect();
  await flush();
  t.socket().accept({ session: { windowMs: 120000 } });
  await connecting;
  const pending = t.client.invokeWithOutcome("start_task", { title: "x" }, { project: "p1" });
  const first = t.socket().commands("start_task")[0];
  t.socket().drop();
  t.clock.advance(100);
  await flush();
  t.socket().accept({ session: { windowMs: 120000 } });
  await flush();
  const again = t.socket().commands("start_task")[0];
  t.socket().receive({ type: "result", id: again.id, ok: true, data: { taskId: "t-1" }, replayed: true });

  assert.deepEqual(await pending, { data: { taskId: "t-1" }, replayed: true, attempts: 2 });
  assert.equal(again.id, first.id);
  assert.deepEqual(again.args, first.args);
});

test("invoke: a remembered failure rejects with the code and replayed", async () => {
  const t = setup();
  const connecting = t.client.connect();
  await flush();
  t.socket().accept({ session: { windowMs: 120000 } });
  await connecting;
  const pending = t.client.invoke("cancel_execution", {}, { project: "p1" });
  t.socket().drop();
  t.clock.advance(100);
  await flush();
  t.socket().accept({ session: { windowMs: 120000 } });
  await flush();
  const again = t.socket().commands("cancel_execution")[0];
  t.socket().receive({ type: "result", id: again.id, ok: false, error: { code: "task_not_found", message: "no" }, replayed: true });

  await assert.rejects(pending, (e) => e instanceof CommandError && e.code === "task_not_found" && e.replayed === true);
});

test("invoke: with resendCommands false, or a server that announced no session, a lost command rejects with connection_lost", async () => {
  for (const [options, welcome] of [[{ resendCommands: false }, { session: { windowMs: 120000 } }], [{}, {}]]) {
    const t = setup(options);
    const connecting = t.client.connect();
    await flush();
    t.socket().accept(welcome);
    await connecting;
    const pending = t.client.invoke("start_task", {}, { project: "p1" });
    t.socket().drop();

    await assert.rejects(pending, (e) => e instanceof ConnectionError && e.code === "connection_lost");
    t.clock.advance(100);
    await flush();
    t.socket().accept(welcome);
    await flush();
    assert.equal(t.socket().commands("start_task").length, 0);
  }
});

test("invoke: a command larger than the server's maxMessageBytes is refused without being sent", async () => {
  const t = await connected();

  await assert.rejects(t.client.invoke("big", { text: "é".repeat(40000) }), (e) => e.code === "message_too_large");
  assert.equal(t.socket().commands().length, 0);
});

test("backoff: waits grow by the multiplier up to the cap, shortened by the jitter; maxAttempts gives up", async () => {
  const t = setup({ random: () => 1, reconnect: { initialDelayMs: 100, maxDelayMs: 300, multiplier: 2, jitter: 0.5, maxAttempts: 3 } });
  const connecting = t.client.connect();
  await flush();
  t.socket().accept();
  await connecting;
  const waits = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    t.socket().drop();
    const before = t.WebSocket.sockets.length;
    let waited = 0;
    while (t.WebSocket.sockets.length === before) {
      t.clock.advance(10);
      waited += 10;
      await flush();
    }
    waits.push(waited);
  }
  t.socket().drop();
  await flush();

  assert.deepEqual(waits, [50, 100, 150]);
  assert.equal(t.client.state, "closed");
  assert.match(t.states.at(-1).error.message, /Gave up after 3/);
});

test("errors: an error message from the server is surfaced as serverError", async () => {
  const t = await connected();
  const errors = [];
  t.client.on("serverError", (e) => errors.push(e));
  t.socket().receive({ type: "error", error: { code: "bad_request", message: "what" } }, "not json", { type: "unknown" });

  assert.deepEqual(errors, [{ code: "bad_request", message: "what" }]);
});

test("handlers: one that throws does not stop the others or the client", async (context) => {
  const t = await connected();
  const sub = await subscribed(t, "p1");
  const seen = [];
  const original = console.error;
  console.error = () => {};
  context.after(() => { console.error = original; });
  sub.on("*", () => { throw new Error("app bug"); });
  sub.on("*", (e) => seen.push(e.seq));
  await nextTask();
  t.socket().receive(event("p1", 1), event("p1", 2));

  assert.deepEqual(seen, [1, 2]);
});

test("subscribe while the other subscriptions are being restored is sent on the new connection at once", async () => {
  const t = await connected();
  await subscribed(t, "p1");
  t.socket().drop();
  t.clock.advance(100);
  await flush();
  t.socket().accept();
  assert.equal(t.client.state, "reconnecting", "p1 is still being restored");
  const pending = t.client.subscribe("p2");
  t.socket().answer("subscribe", { project: "p2", seq: 0, epoch: "e", recovered: false });

  assert.equal((await pending).project, "p2");
  assert.deepEqual(t.socket().commands("subscribe").map((c) => c.project), ["p1", "p2"]);
});
