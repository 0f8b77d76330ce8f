// Drives a running AgentDashboard with the `ws` package: connect, subscribe, start_task, and check the events.
// Usage: node agent-dashboard-check.js ws://127.0.0.1:5180
// Prints what it saw and "PASS"; exits 0 when the protocol behaved, 1 otherwise.
"use strict";

const WebSocket = require("ws");

const base = process.argv[2];
if (!base) {
  console.error("FAIL: usage: node agent-dashboard-check.js <ws://host:port>");
  process.exit(1);
}

const project = `node-${process.pid}`;
const expected = ["task_started", "agent_output", "agent_output", "agent_output", "gate_running", "signal_detected", "task_completed"];
const events = [];
let taskId = null;
let finished = false;

const timer = setTimeout(() => fail("no task_completed within 30 s"), 30000);
const ws = new WebSocket(`${base}/ws`, "projectsockets.v1");

function fail(reason) {
  if (finished) return;
  finished = true;
  console.error(`FAIL: ${reason}`);
  console.error(`events so far: ${events.map((e) => e.event).join(", ")}`);
  process.exit(1);
}

function send(message) {
  ws.send(JSON.stringify(message));
}

function check(condition, reason) {
  if (!condition) fail(reason);
  return condition;
}

function onMessage(message) {
  switch (message.type) {
    case "welcome":
      check(message.protocol === 1, `welcome.protocol is ${message.protocol}`);
      check(ws.protocol === "projectsockets.v1", `subprotocol is '${ws.protocol}'`);
      check(Array.isArray(message.subscriptions) && message.subscriptions.length === 0, "bare /ws has no subscription");
      console.log(`welcome: connection ${message.connectionId}`);
      send({ type: "command", id: "sub-1", command: "subscribe", project, args: { events: ["task_*", "agent_*", "gate_*", "signal_*"] } });
      break;
    case "result":
      if (!check(message.ok === true, `command ${message.id} failed: ${JSON.stringify(message.error)}`)) return;
      if (message.id === "sub-1") {
        check(message.data.project === project && message.data.seq === 0, `subscribe result ${JSON.stringify(message.data)}`);
        console.log(`subscribed to ${project}`);
        send({ type: "command", id: "start-1", command: "start_task", project, args: { title: "node interop" } });
      } else if (message.id === "start-1") {
        taskId = message.data.taskId;
        check(typeof taskId === "string" && taskId.length > 0, "start_task returned no taskId");
        console.log(`start_task: ${taskId}`);
      }
      if (taskId && events.length && events[events.length - 1].event === "task_completed") verify();
      break;
    case "event":
      check(message.project === project, `event of another project: ${message.project}`);
      events.push(message);
      console.log(`event #${message.seq}: ${message.event}`);
      if (message.event === "task_completed" && taskId) verify();
      break;
    case "ping":
      send({ type: "pong" });
      break;
    default:
      fail(`unexpected message ${JSON.stringify(message)}`);
  }
}

function verify() {
  const names = events.map((e) => e.event);
  check(JSON.stringify(names) === JSON.stringify(expected), `events were ${names.join(", ")}`);
  events.forEach((e, i) => {
    check(e.seq === i + 1, `event ${e.event} has seq ${e.seq}, expected ${i + 1}`);
    check(e.data && e.data.taskId === taskId, `event ${e.event} is about task ${e.data && e.data.taskId}`);
    check(typeof e.epoch === "string" && typeof e.time === "string", `event ${e.event} lacks epoch or time`);
  });
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  console.log("PASS");
  ws.close(1000, "done");
}

ws.on("message", (data, isBinary) => {
  if (isBinary) return fail("binary message");
  // The server batches waiting messages: one JSON object per line.
  for (const line of data.toString("utf8").split("\n")) {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      return fail(`not JSON: ${line}`);
    }
    onMessage(message);
  }
});
ws.on("unexpected-response", (_request, response) => fail(`upgrade refused with HTTP ${response.statusCode}`));
ws.on("error", (error) => fail(`socket error: ${error.message}`));
ws.on("close", (code) => {
  if (!finished) fail(`closed with ${code} before the task completed`);
  process.exit(0);
});
