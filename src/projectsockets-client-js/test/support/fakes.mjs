// A fake clock and a fake WebSocket for unit tests: time moves only when a test advances it, and the test plays
// the server's part message by message.

export class FakeClock {
  #now = 0;
  #timers = new Map();
  #nextHandle = 1;

  now() {
    return this.#now;
  }

  setTimeout(callback, ms) {
    const handle = this.#nextHandle++;
    this.#timers.set(handle, { at: this.#now + Math.max(0, ms), callback });
    return handle;
  }

  clearTimeout(handle) {
    this.#timers.delete(handle);
  }

  /** Moves time forward, running every timer that falls due, in order. */
  advance(ms) {
    const end = this.#now + ms;
    for (;;) {
      let next;
      for (const [handle, timer] of this.#timers) {
        if (timer.at <= end && (!next || timer.at < next[1].at)) next = [handle, timer];
      }
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].callback();
    }
    this.#now = end;
  }

  get pendingTimers() {
    return this.#timers.size;
  }
}

/** Returns a WebSocket class whose instances the test drives; `sockets` lists them in creation order. */
export function fakeWebSocket() {
  const sockets = [];
  class FakeSocket {
    static sockets = sockets;
    readyState = 0;
    onopen = null;
    onmessage = null;
    onclose = null;
    onerror = null;
    sent = [];
    closedWith = undefined;

    constructor(url, protocols) {
      this.url = new URL(url);
      this.protocols = protocols;
      sockets.push(this);
    }

    send(text) {
      if (this.readyState !== 1) throw new Error("not open");
      this.sent.push(JSON.parse(text));
    }

    close(code, reason) {
      this.closedWith = { code, reason };
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.onclose?.({ code: code ?? 1005, reason: reason ?? "" });
    }

    // The server's side.
    accept(welcome = {}) {
      this.readyState = 1;
      this.onopen?.({});
      this.receive({ type: "welcome", connectionId: "c-" + sockets.length, protocol: 1,
        heartbeat: { intervalMs: 30000, timeoutMs: 90000 }, maxMessageBytes: 65536, subscriptions: [], ...welcome });
    }

    /** Sends messages in one frame, joined by newlines as the server batches them. */
    receive(...messages) {
      this.onmessage?.({ data: messages.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join("\n") });
    }

    drop(code = 1006, reason = "") {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }

    refuse() {
      this.readyState = 3;
      this.onerror?.({});
      this.onclose?.({ code: 1006, reason: "" });
    }

    /** The commands sent so far, optionally only those named `command`. */
    commands(command) {
      return this.sent.filter((m) => m.type === "command" && (!command || m.command === command));
    }

    /** Answers the last command named `command` with ok and `data`. */
    answer(command, data, ...following) {
      const sent = this.commands(command).at(-1);
      if (!sent) throw new Error(`no '${command}' was sent`);
      this.receive({ type: "result", id: sent.id, ok: true, data }, ...following);
      return sent;
    }

    fail(command, code, message = "no") {
      const sent = this.commands(command).at(-1);
      this.receive({ type: "result", id: sent.id, ok: false, error: { code, message } });
      return sent;
    }
  }
  return FakeSocket;
}

export function event(project, seq, name = "agent_output", data = {}, epoch = "e1") {
  return { type: "event", project, event: name, seq, epoch, time: "2026-12-01T00:00:00Z", data };
}

/** Resolves after the current task: subscriptions deliver from the task after `subscribe` resolved. */
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Waits for promise callbacks already queued (token factories, results) to run. */
export const flush = async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); };
