// Agent Dashboard client: plain JavaScript, no build step. It speaks the ProjectSockets protocol v1 directly.
"use strict";

const $ = (id) => document.getElementById(id);
const MAX_LOG_ENTRIES = 500;

let socket = null;
let nextCommandId = 1;
let wantConnected = false;
let reconnectDelayMs = 500;
const pending = new Map();          // command id -> description, to label results
const lastSeq = new Map();          // project -> { seq, epoch }, to resume after a reconnect
const subscriptions = new Set();

function connectedProject() {
  return $("project").value.trim();
}

function socketUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const project = connectedProject();
  const params = new URLSearchParams();
  const token = $("token").value.trim();
  if (token) params.set("access_token", token);   // browsers cannot set headers on a WebSocket
  const position = lastSeq.get(project);
  if (position) {                                  // resume: replay what was missed while disconnected
    params.set("since", String(position.seq));
    params.set("epoch", position.epoch);
  }
  const query = params.toString();
  return `${scheme}//${location.host}/ws/${encodeURIComponent(project)}${query ? "?" + query : ""}`;
}

function connect(isReconnect = false) {
  wantConnected = true;
  const ws = new WebSocket(socketUrl(), "projectsockets.v1");
  let welcomed = false;
  socket = ws;
  setStatus(`Connecting to ${connectedProject()}…`);
  ws.onmessage = (message) => {
    // The server batches messages that were waiting: one JSON object per line.
    for (const line of String(message.data).split("\n")) {
      const parsed = JSON.parse(line);
      if (parsed.type === "welcome") welcomed = true;
      handle(parsed);
    }
  };
  ws.onclose = (close) => {
    if (socket !== ws) return;
    socket = null;
    setConnected(false);
    subscriptions.clear();
    renderSubscriptions();
    if (!welcomed && !isReconnect) {
      // The upgrade was refused (browsers do not say why): 403 for a private project without its token,
      // 400 for a bad project id, 503 when the server is full or stopping.
      wantConnected = false;
      setStatus("Could not connect: check the project id, and the token for a private project.", "bad");
      return;
    }
    // 1006: the connection dropped without a close frame (or the server is not back yet).
    const reconnect = wantConnected && [1001, 1006, 1011, 4001, 4002].includes(close.code);
    setStatus(`Closed with ${close.code}${close.reason ? " (" + close.reason + ")" : ""}.` +
      (reconnect ? ` Reconnecting in ${reconnectDelayMs} ms…` : ""), "bad");
    if (reconnect) {
      setTimeout(() => { if (wantConnected && !socket) connect(true); }, reconnectDelayMs);
      reconnectDelayMs = Math.min(reconnectDelayMs * 2, 10000);
    }
  };
}

function disconnect() {
  wantConnected = false;
  if (socket) socket.close(1000, "bye");
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function command(name, project, args) {
  const id = String(nextCommandId++);
  pending.set(id, `${name}${project ? " on " + project : ""}`);
  send({ type: "command", id, command: name, project, args });
  return id;
}

function handle(message) {
  switch (message.type) {
    case "welcome":
      reconnectDelayMs = 500;
      setConnected(true);
      setStatus(`Connected as ${message.connectionId.slice(0, 8)}…, heartbeat every ${message.heartbeat.intervalMs / 1000} s.`, "ok");
      for (const sub of message.subscriptions) {
        subscriptions.add(sub.project);
        track(sub.project, sub.seq, sub.epoch, sub.recovered);
      }
      renderSubscriptions();
      break;
    case "event":
      if (message.seq !== undefined) lastSeq.set(message.project, { seq: message.seq, epoch: message.epoch });
      log("event", `#${message.seq ?? "-"} ${message.project ?? ""} `, message.event, message.data);
      break;
    case "result":
      onResult(message);
      break;
    case "error":
      log("error", "error ", message.error.code, message.error.message);
      break;
    case "ping":
      send({ type: "pong" });       // keeps the connection alive when nothing else is sent
      break;
    case "disconnected":
      log("info", "disconnected ", String(message.code), message.reason);
      break;
  }
}

function onResult(message) {
  const what = pending.get(message.id) ?? message.id;
  pending.delete(message.id);
  if (!message.ok) {
    log("error", `${what}: `, message.error.code, message.error.message);
    return;
  }
  if (what.startsWith("start_task") && message.data?.taskId) $("task-id").value = message.data.taskId;
  if (what.startsWith("subscribe")) {
    subscriptions.add(message.data.project);
    track(message.data.project, message.data.seq, message.data.epoch, message.data.recovered);
    renderSubscriptions();
  }
  if (what.startsWith("unsubscribe")) {
    subscriptions.delete(message.data.project);
    renderSubscriptions();
  }
  log("result", `${what}: `, "ok", message.data);
}

function track(project, seq, epoch, recovered) {
  const known = lastSeq.get(project);
  if (known && !recovered && known.seq !== seq) log("info", "", project, "history could not be resumed: showing new events only");
  lastSeq.set(project, { seq, epoch });
}

function log(kind, prefix, name, detail) {
  const item = document.createElement("li");
  item.className = kind;
  const time = new Date().toLocaleTimeString();
  item.append(`${time} ${prefix}`);
  const strong = document.createElement("span");
  strong.className = "name";
  strong.textContent = name;
  item.append(strong);
  if (detail !== undefined && detail !== null) item.append(" " + (typeof detail === "string" ? detail : JSON.stringify(detail)));
  const list = $("log");
  list.prepend(item);
  while (list.children.length > MAX_LOG_ENTRIES) list.lastChild.remove();
}

function setStatus(text, kind) {
  const status = $("status");
  status.textContent = text;
  status.className = "status" + (kind ? " " + kind : "");
}

function setConnected(connected) {
  $("connect").disabled = connected;
  $("disconnect").disabled = !connected;
  $("project").disabled = connected;
  $("token").disabled = connected;
  for (const button of document.querySelectorAll("[data-needs-connection]")) button.disabled = !connected;
}

function renderSubscriptions() {
  $("subscriptions").textContent = subscriptions.size ? [...subscriptions].join(", ") : "none";
}

$("connect-form").addEventListener("submit", (e) => { e.preventDefault(); if (!socket) { reconnectDelayMs = 500; connect(); } });
$("disconnect").addEventListener("click", disconnect);
$("subscribe-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const events = $("sub-events").value.split(",").map((s) => s.trim()).filter(Boolean);
  command("subscribe", $("sub-project").value.trim(), events.length ? { events } : {});
});
$("unsubscribe").addEventListener("click", () => command("unsubscribe", $("sub-project").value.trim()));
$("start-form").addEventListener("submit", (e) => {
  e.preventDefault();
  command("start_task", connectedProject(), { title: $("title").value });
});
$("cancel-form").addEventListener("submit", (e) => {
  e.preventDefault();
  command("cancel_execution", connectedProject(), { taskId: $("task-id").value.trim() });
});
$("branch-form").addEventListener("submit", (e) => {
  e.preventDefault();
  command("create_branch", connectedProject(), { name: $("branch").value.trim() });
});
$("clear").addEventListener("click", () => { $("log").replaceChildren(); });
