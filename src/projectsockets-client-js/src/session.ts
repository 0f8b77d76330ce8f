import type { Clock, Heartbeat, WebSocketLike } from "./types.js";

const OPEN = 1;

/** How a session ended. */
export interface SessionEnd {
  closeCode?: number;
  reason?: string;
  /** The server's advice from `disconnected`, when it sent one. */
  reconnect?: boolean;
}

/** What a session reports to its client. */
export interface SessionHandlers {
  message(session: Session, message: Record<string, unknown>): void;
  ended(session: Session, end: SessionEnd): void;
}

/**
 * One WebSocket connection: splits batched frames into messages, answers and sends heartbeats, and reports its end
 * exactly once, whether the socket closed, broke, or was given up (a silent server, a timeout, the client closing).
 */
export class Session {
  welcomed = false;
  connectionId?: string;
  heartbeat?: Heartbeat;
  maxMessageBytes?: number;
  /** How long the server remembers this client's command ids (`welcome`'s `session`), when it announced one. */
  sessionWindowMs?: number;

  private lastHeard: number;
  private lastPing = -Infinity;
  private heartbeatTimer: unknown;
  private advice?: SessionEnd;
  private done = false;

  constructor(private readonly socket: WebSocketLike, private readonly clock: Clock, private readonly handlers: SessionHandlers) {
    this.lastHeard = clock.now();
    socket.onmessage = (event) => this.onFrame(event.data);
    socket.onclose = (event) => this.finish({ closeCode: event.code, reason: event.reason });
    socket.onerror = () => { /* a close event follows and says how it ended */ };
  }

  get isOpen(): boolean {
    return !this.done && this.socket.readyState === OPEN;
  }

  /** Sends one protocol message; false when the socket cannot take it. */
  send(text: string): boolean {
    if (!this.isOpen) return false;
    try {
      this.socket.send(text);
      return true;
    } catch {
      return false;
    }
  }

  /** Starts the heartbeat with the server's figures: one timer per connection, ticking at half the shorter period. */
  startHeartbeat(heartbeat: Heartbeat): void {
    this.heartbeat = heartbeat;
    if (!(heartbeat.intervalMs > 0) || !(heartbeat.timeoutMs > 0)) return;
    const tick = Math.max(10, Math.min(heartbeat.intervalMs, heartbeat.timeoutMs) / 2);
    const run = (): void => {
      if (this.done) return;
      const now = this.clock.now();
      const quiet = now - this.lastHeard;
      if (quiet >= heartbeat.timeoutMs) {
        // Nothing from the server for the whole timeout: the connection is dead even if the socket does not know.
        this.abandon(4000, "heartbeat timeout: the server was silent");
        return;
      }
      if (quiet >= heartbeat.intervalMs && now - this.lastPing >= heartbeat.intervalMs) {
        this.lastPing = now;
        this.send('{"type":"ping"}');
      }
      this.heartbeatTimer = this.clock.setTimeout(run, tick);
    };
    this.heartbeatTimer = this.clock.setTimeout(run, tick);
  }

  /** Gives the connection up at once: the end is reported now, without waiting for a close handshake. */
  abandon(closeCode: number, reason: string): void {
    if (this.done) return;
    try {
      this.socket.close(closeCode, reason);
    } catch {
      // Already closing: nothing more to do.
    }
    this.finish({ closeCode, reason });
  }

  private onFrame(data: unknown): void {
    if (this.done) return;
    this.lastHeard = this.clock.now();
    if (typeof data !== "string") return; // binary messages are not part of the protocol
    // A frame carries one or more compact JSON objects joined by "\n".
    for (const line of data.split("\n")) {
      if (this.done) return;
      if (line.trim() === "") continue;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      if (message === null || typeof message !== "object" || Array.isArray(message)) continue;
      const typed = message as Record<string, unknown>;
      switch (typed.type) {
        case "ping":
          this.send('{"type":"pong"}');
          break;
        case "pong":
          break;
        case "disconnected":
          this.advice = {
            closeCode: typeof typed.code === "number" ? typed.code : undefined,
            reason: typeof typed.reason === "string" ? typed.reason : undefined,
            reconnect: typed.reconnect === true,
          };
          break;
        default:
          this.handlers.message(this, typed);
      }
    }
  }

  private finish(end: SessionEnd): void {
    if (this.done) return;
    this.done = true;
    this.clock.clearTimeout(this.heartbeatTimer);
    // No-ops rather than null: Node's `ws` throws on an 'error' event nobody listens to.
    const ignore = (): void => {};
    this.socket.onmessage = ignore;
    this.socket.onclose = ignore;
    this.socket.onerror = ignore;
    const advice = this.advice;
    this.handlers.ended(this, {
      // The server's `disconnected` names the code even when the close frame itself got lost (1006).
      closeCode: advice?.closeCode ?? end.closeCode,
      reason: advice?.reason || end.reason,
      reconnect: advice?.reconnect,
    });
  }
}
