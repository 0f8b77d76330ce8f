import { reconnectDelay, resolveReconnect, shouldReconnect, type ResolvedReconnect } from "./backoff.js";
import { Emitter } from "./emitter.js";
import { CommandError, CommandTimeoutError, ConnectionError, ProjectSocketsError } from "./errors.js";
import { isValidName, isValidProject, validatePatterns } from "./names.js";
import { Session, type SessionEnd } from "./session.js";
import { Subscription } from "./subscription.js";
import {
  SUBPROTOCOL,
  type ClientOptions, type Clock, type CommandOutcome, type ConnectionState, type Heartbeat, type InvokeOptions, type ProjectEvent,
  type ResetInfo, type ServerError, type StateChange, type SubscribeOptions, type SubscriptionPosition,
  type TokenSource, type WebSocketConstructor,
} from "./types.js";

/** The client's events, for {@link ProjectSocketsClient.on}. */
export interface ClientEvents {
  /** The connection state changed. */
  state: (change: StateChange) => void;
  /** An event was delivered, of any subscription (or sent to this connection alone). */
  event: (event: ProjectEvent) => void;
  /** The server confirmed a subscription: at first, and again after each reconnect (`resumed`, `recovered`). */
  subscribed: (position: SubscriptionPosition) => void;
  /** A subscription could not be resumed: reload the project's state. */
  reset: (info: ResetInfo) => void;
  /** The server could not read a message of this client. */
  serverError: (error: ServerError) => void;
}

interface PendingCommand {
  readonly command: string;
  readonly project?: string;
  /** The connection it was last sent on; none while it waits for the next connection to be sent again. */
  session?: Session;
  readonly onResult?: (data: unknown) => void;
  /** The message, when the command may be sent again after a reconnect (commands of `invoke`). */
  readonly resendable?: string;
  readonly firstSent: number;
  attempts: number;
  resolve(outcome: CommandOutcome): void;
  reject(error: unknown): void;
  timer?: unknown;
  detach?: () => void;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

const systemClock: Clock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** A random base64url key of `bytes` random bytes. */
function randomKey(bytes: number): string {
  const random = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(random);
  let text = "";
  for (const b of random) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Bytes of `text` in UTF-8, without allocating. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

/**
 * A ProjectSockets client: one WebSocket that reconnects with jittered backoff, answers heartbeats, resumes every
 * subscription where it stopped (each event once, in `seq` order), and sends commands with results.
 *
 * ```js
 * const client = new ProjectSocketsClient({ url: "/ws" });
 * await client.connect();
 * const p1 = await client.subscribe("p1", { events: ["task_*"] });
 * p1.on("task_started", (e) => console.log(e.seq, e.data));
 * const { taskId } = await client.invoke("start_task", { title: "build" }, { project: "p1" });
 * ```
 */
export class ProjectSocketsClient {
  private readonly url: string;
  private readonly token: TokenSource;
  private readonly tokenParameter: string;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly reconnect: ResolvedReconnect;
  private readonly connectTimeoutMs: number;
  private readonly commandTimeoutMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly sessionKey: string;
  private readonly resendCommands: boolean;
  private readonly idPrefix = randomKey(9) + "-";
  private readonly emitter = new Emitter<ClientEvents>();
  private readonly subs = new Map<string, Subscription>();
  private readonly firstConfirmations = new Map<Subscription, Waiter<Subscription>>();
  private readonly pending = new Map<string, PendingCommand>();

  private _state: ConnectionState = "idle";
  private session?: Session;
  private connectWaiter?: Waiter<void>;
  private connectTimer: unknown;
  private reconnectTimer: unknown;
  private attempt = 0;
  private generation = 0;
  private nextId = 1;
  private _duplicatesDropped = 0;

  constructor(options: ClientOptions) {
    if (!options || typeof options.url !== "string" || options.url === "") throw new TypeError("options.url is required.");
    const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof WebSocketImpl !== "function") {
      throw new TypeError("No WebSocket implementation: pass options.WebSocket (for example the 'ws' package in Node).");
    }
    this.url = options.url;
    this.token = options.token;
    this.tokenParameter = options.tokenParameter ?? "access_token";
    this.WebSocketImpl = WebSocketImpl;
    this.reconnect = resolveReconnect(options.reconnect);
    this.connectTimeoutMs = positive(options.connectTimeoutMs ?? 15000, "connectTimeoutMs");
    this.commandTimeoutMs = positive(options.commandTimeoutMs ?? 35000, "commandTimeoutMs");
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    if (options.sessionKey !== undefined && !/^[A-Za-z0-9_-]{16,64}$/.test(options.sessionKey)) {
      throw new TypeError("sessionKey must be 16 to 64 of A-Z a-z 0-9 _ -.");
    }
    this.sessionKey = options.sessionKey ?? randomKey(16);
    this.resendCommands = options.resendCommands ?? true;
    this.buildUrl(undefined); // a malformed URL fails here, not on the first attempt
  }

  /** Where the connection stands. */
  get state(): ConnectionState {
    return this._state;
  }

  /** The server's id of the current connection (from `welcome`), while connected. */
  get connectionId(): string | undefined {
    return this._state === "open" ? this.session?.connectionId : undefined;
  }

  /** The server's heartbeat figures, while connected. */
  get heartbeat(): Heartbeat | undefined {
    return this._state === "open" ? this.session?.heartbeat : undefined;
  }

  /** The largest message the server takes, while connected. */
  get maxMessageBytes(): number | undefined {
    return this._state === "open" ? this.session?.maxMessageBytes : undefined;
  }

  /** How many events were dropped as duplicates (seen again around a resume). */
  get duplicatesDropped(): number {
    return this._duplicatesDropped;
  }

  /** The subscriptions, the route project's included. */
  get subscriptions(): Subscription[] {
    return [...this.subs.values()];
  }

  /** The subscription of `project`, if any (the route project's is there once connected). */
  subscription(project: string): Subscription | undefined {
    return this.subs.get(project);
  }

  /**
   * Listens to one of the client's events: `state`, `event`, `subscribed`, `reset`, `serverError`.
   * @returns A function that removes the listener.
   */
  on<K extends keyof ClientEvents>(name: K, listener: ClientEvents[K]): () => void {
    return this.emitter.on(name, listener);
  }

  /**
   * Opens the connection and resolves once the server's `welcome` arrived. A first connection that fails rejects
   * with a {@link ConnectionError} (`connect_failed`); once connected, the client reconnects by itself.
   */
  connect(): Promise<void> {
    if (this._state !== "idle" && this._state !== "closed") {
      return Promise.reject(new Error(`The client is already ${this._state}.`));
    }
    const promise = new Promise<void>((resolve, reject) => { this.connectWaiter = { resolve, reject }; });
    this.attempt = 0;
    this.setState("connecting");
    void this.openSocket(++this.generation);
    return promise;
  }

  /** Closes the connection (code 1000) and ends every subscription; `connect` may be called again later. */
  close(): Promise<void> {
    if (this._state === "idle" || this._state === "closed") return Promise.resolve();
    this.stop(undefined, new ConnectionError("closed", "The client was closed."), true);
    return Promise.resolve();
  }

  /**
   * Subscribes to a project. Resolves with the subscription once the server confirmed it; while the client is
   * connecting or reconnecting, the request waits for the connection. Rejects with a {@link CommandError}
   * (`forbidden`, `limit_exceeded`, …) when the server refuses.
   */
  subscribe(project: string, options: SubscribeOptions = {}): Promise<Subscription> {
    try {
      if (!isValidProject(project)) throw new TypeError(`'${String(project)}' is not a valid project id.`);
      const events = options.events === undefined ? undefined : validatePatterns(options.events);
      if ((options.since === undefined) !== (options.epoch === undefined)) throw new TypeError("'since' and 'epoch' go together.");
      if (options.since !== undefined && !(Number.isSafeInteger(options.since) && options.since >= 0)) {
        throw new TypeError("'since' must be a non-negative integer.");
      }
      if (this._state === "idle" || this._state === "closed") {
        throw new ConnectionError("not_connected", "Connect before subscribing.");
      }
      const existing = this.subs.get(project);
      if (existing?.isRoute) return Promise.resolve(existing);
      if (existing) throw new Error(`Project '${project}' is already subscribed; unsubscribe that subscription first.`);

      const subscription = new Subscription(this, project, events, false);
      if (options.since !== undefined) {
        subscription._positioned = true;
        subscription._lastSeq = options.since;
        subscription._epoch = options.epoch;
      }
      this.subs.set(project, subscription);
      const promise = new Promise<Subscription>((resolve, reject) => this.firstConfirmations.set(subscription, { resolve, reject }));
      // Sent now on a welcomed connection (also while others are still being restored); otherwise on the next welcome.
      if (this.session?.welcomed) void this.sendSubscribe(this.session, subscription);
      return promise;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Runs a command and resolves with its result data. Rejects with a {@link CommandError} carrying the protocol
   * error code, a {@link ConnectionError} (`not_connected`, `connection_lost`), a {@link CommandTimeoutError}, or the
   * signal's reason when aborted. A command whose connection drops before its result is sent again, with the same
   * id, on the next connection when the server announced a session (it then runs at most once); see `resendCommands`.
   */
  invoke<T = unknown>(command: string, args?: unknown, options: InvokeOptions = {}): Promise<T> {
    return this.invokeWithOutcome<T>(command, args, options).then((outcome) => outcome.data);
  }

  /** Runs a command as `invoke` does, and tells whether it was sent again and answered from the server's memory. */
  invokeWithOutcome<T = unknown>(command: string, args?: unknown, options: InvokeOptions = {}): Promise<CommandOutcome<T>> {
    try {
      if (!isValidName(command)) throw new TypeError(`'${String(command)}' is not a valid command name.`);
      if (options.project !== undefined && !isValidProject(options.project)) {
        throw new TypeError(`'${String(options.project)}' is not a valid project id.`);
      }
      options.signal?.throwIfAborted();
      const session = this.session;
      if (this._state !== "open" || !session) {
        throw new ConnectionError("not_connected", `Not connected (${this._state}): '${command}' was not sent.`);
      }
      const timeoutMs = positive(options.timeoutMs ?? this.commandTimeoutMs, "timeoutMs");
      return this.sendCommand(session, command, args, options.project, timeoutMs, options.signal, undefined, true) as Promise<CommandOutcome<T>>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** @internal */
  async unsubscribe(subscription: Subscription): Promise<void> {
    if (this.subs.get(subscription.project) !== subscription) {
      subscription._end();
      return;
    }
    if (subscription.isRoute) {
      throw new Error(`'${subscription.project}' is the route project of the URL: it stays subscribed while the client lives.`);
    }
    this.subs.delete(subscription.project);
    this.firstConfirmations.get(subscription)?.reject(new ProjectSocketsError("unsubscribed", "Unsubscribed before the server confirmed."));
    this.firstConfirmations.delete(subscription);
    subscription._end();
    const session = this.session;
    if (this._state === "open" && session) {
      await this.sendCommand(session, "unsubscribe", undefined, subscription.project, this.commandTimeoutMs).catch(() => {
        // Forgotten here already: a lost connection unsubscribes as well.
      });
    }
  }

  /** @internal Runs `callback` in a later task. */
  defer(callback: () => void): void {
    globalThis.setTimeout(callback, 0);
  }

  private async openSocket(generation: number): Promise<void> {
    let socket;
    try {
      const token = typeof this.token === "function" ? await this.token() : this.token;
      if (generation !== this.generation) return;
      socket = new this.WebSocketImpl(this.buildUrl(token ?? undefined), SUBPROTOCOL);
    } catch (error) {
      if (generation === this.generation) this.attemptFailed(undefined, error as Error);
      return;
    }
    const session = new Session(socket, this.clock, {
      message: (s, message) => this.onMessage(s, message),
      ended: (s, end) => this.onSessionEnded(s, end),
    });
    this.session = session;
    this.connectTimer = this.clock.setTimeout(
      () => session.abandon(4000, `no welcome within ${this.connectTimeoutMs} ms`),
      this.connectTimeoutMs);
  }

  private buildUrl(token: string | undefined): string {
    const location = (globalThis as { location?: { href: string } }).location;
    const url = new URL(this.url, location?.href);
    if (url.protocol === "http:") url.protocol = "ws:";
    else if (url.protocol === "https:") url.protocol = "wss:";
    if (url.protocol !== "ws:" && url.protocol !== "wss:") throw new TypeError(`'${this.url}' is not a ws:, wss:, http: or https: URL.`);
    for (const name of ["since", "epoch", "session", this.tokenParameter]) url.searchParams.delete(name);
    for (const subscription of this.subs.values()) {
      const resume = subscription.isRoute ? subscription._resumeArgs() : undefined;
      if (resume) {
        url.searchParams.set("since", String(resume.since));
        url.searchParams.set("epoch", resume.epoch);
      }
    }
    url.searchParams.set("session", this.sessionKey);
    if (token) url.searchParams.set(this.tokenParameter, token);
    return url.toString();
  }

  private onMessage(session: Session, message: Record<string, unknown>): void {
    switch (message.type) {
      case "welcome":
        this.onWelcome(session, message);
        break;
      case "event":
        this.onEvent(message);
        break;
      case "result":
        this.onResult(message);
        break;
      case "error": {
        const error = (message.error ?? {}) as Record<string, unknown>;
        this.emitter.emit("serverError", { code: String(error.code ?? "unknown"), message: String(error.message ?? "") });
        break;
      }
    }
  }

  private onWelcome(session: Session, message: Record<string, unknown>): void {
    if (session.welcomed) return;
    session.welcomed = true;
    session.connectionId = typeof message.connectionId === "string" ? message.connectionId : undefined;
    session.maxMessageBytes = typeof message.maxMessageBytes === "number" ? message.maxMessageBytes : undefined;
    const announced = (message.session ?? {}) as Record<string, unknown>;
    session.sessionWindowMs = typeof announced.windowMs === "number" ? announced.windowMs : undefined;
    const heartbeat = (message.heartbeat ?? {}) as Record<string, unknown>;
    session.startHeartbeat({ intervalMs: Number(heartbeat.intervalMs) || 0, timeoutMs: Number(heartbeat.timeoutMs) || 0 });

    const routeEvents = new URL(this.url, (globalThis as { location?: { href: string } }).location?.href).searchParams.get("events");
    for (const entry of Array.isArray(message.subscriptions) ? message.subscriptions : []) {
      const position = entry as Record<string, unknown>;
      if (!isValidProject(position.project)) continue;
      let subscription = this.subs.get(position.project);
      if (!subscription) {
        subscription = new Subscription(this, position.project, routeEvents ? routeEvents.split(",") : undefined, true);
        this.subs.set(position.project, subscription);
      }
      this.applyPosition(subscription, position);
    }

    // Every other subscription is restored (or sent for the first time) before the client calls itself open.
    const restoring = [...this.subs.values()].filter((s) => !s.isRoute).map((s) => this.sendSubscribe(session, s));
    void Promise.all(restoring).then(() => {
      if (this.session !== session || !session.isOpen) return;
      this.clock.clearTimeout(this.connectTimer);
      this.attempt = 0;
      this.setState("open");
      this.resendWaiting(session);
      const waiter = this.connectWaiter;
      this.connectWaiter = undefined;
      waiter?.resolve();
      this.defer(() => { for (const s of this.subs.values()) if (s.isRoute) s._release(); });
    });
  }

  /** Sends `subscribe` (resuming when the subscription has a position); settles the first `subscribe` call. */
  private sendSubscribe(session: Session, subscription: Subscription): Promise<void> {
    const args: Record<string, unknown> = {};
    if (subscription.events) args.events = subscription.events;
    const resume = subscription._resumeArgs();
    if (resume) Object.assign(args, resume);
    const onResult = (data: unknown): void => {
      if (this.subs.get(subscription.project) === subscription) this.applyPosition(subscription, (data ?? {}) as Record<string, unknown>);
    };
    return this.sendCommand(session, "subscribe", args, subscription.project, this.commandTimeoutMs, undefined, onResult).then(
      () => {
        const waiter = this.firstConfirmations.get(subscription);
        if (!waiter) return;
        this.firstConfirmations.delete(subscription);
        waiter.resolve(subscription);
        this.defer(() => subscription._release());
      },
      (error: unknown) => {
        if (!(error instanceof CommandError) || this.subs.get(subscription.project) !== subscription) return;
        // The server refuses the subscription (at first, or on a reconnect: the authorizer may have changed its mind).
        this.subs.delete(subscription.project);
        const waiter = this.firstConfirmations.get(subscription);
        this.firstConfirmations.delete(subscription);
        waiter?.reject(error);
        subscription._end(error);
      });
  }

  /** Takes a position from the server, synchronously: the events that follow it in the same frame depend on it. */
  private applyPosition(subscription: Subscription, data: Record<string, unknown>): void {
    if (typeof data.seq !== "number" || typeof data.epoch !== "string") return;
    const { position, reset } = subscription._applyPosition(data.seq, data.epoch, data.recovered === true);
    this.emitter.emit("subscribed", position);
    if (reset) this.reportReset(subscription, reset);
  }

  private reportReset(subscription: Subscription, info: ResetInfo): void {
    subscription._reset(info);
    this.emitter.emit("reset", info);
  }

  private onEvent(message: Record<string, unknown>): void {
    if (typeof message.event !== "string") return;
    const event: ProjectEvent = {
      project: typeof message.project === "string" ? message.project : undefined,
      event: message.event,
      seq: typeof message.seq === "number" ? message.seq : undefined,
      epoch: typeof message.epoch === "string" ? message.epoch : undefined,
      time: typeof message.time === "string" ? message.time : undefined,
      data: message.data,
    };
    if (event.project === undefined || event.seq === undefined || event.epoch === undefined) {
      // Sent to this connection alone: outside every sequence.
      this.emitter.emit("event", event);
      return;
    }
    const subscription = this.subs.get(event.project);
    if (!subscription || !subscription._positioned || subscription.ended) return;
    if (subscription._epoch !== event.epoch) {
      // The project's history was lost while connected: report the gap and go on from this event.
      const info: ResetInfo = {
        project: event.project, reason: "epoch", previousEpoch: subscription._epoch, epoch: event.epoch,
        lastSeq: subscription._lastSeq, seq: event.seq - 1,
      };
      subscription._epoch = event.epoch;
      subscription._lastSeq = event.seq - 1;
      this.reportReset(subscription, info);
    } else if (event.seq <= subscription._lastSeq) {
      this._duplicatesDropped++;
      return;
    }
    subscription._lastSeq = event.seq;
    subscription._deliver(event);
    this.emitter.emit("event", event);
  }

  private onResult(message: Record<string, unknown>): void {
    const entry = typeof message.id === "string" ? this.pending.get(message.id) : undefined;
    if (!entry) return;
    this.settle(message.id as string, entry);
    const replayed = message.replayed === true;
    if (message.ok === true) {
      entry.onResult?.(message.data);
      entry.resolve({ data: message.data, replayed, attempts: entry.attempts });
    } else {
      const error = (message.error ?? {}) as Record<string, unknown>;
      entry.reject(new CommandError(entry.command, entry.project,
        typeof error.code === "string" ? error.code : "handler_error",
        typeof error.message === "string" ? error.message : "", replayed));
    }
  }

  private sendCommand(session: Session, command: string, args: unknown, project: string | undefined, timeoutMs: number,
    signal?: AbortSignal, onResult?: (data: unknown) => void, resendable = false): Promise<CommandOutcome> {
    // Unique to this client, so never the id of an earlier client that used the same session key.
    const id = this.idPrefix + String(this.nextId++);
    const message: Record<string, unknown> = { type: "command", id, command };
    if (project !== undefined) message.project = project;
    if (args !== undefined) message.args = args;
    const text = JSON.stringify(message);
    if (session.maxMessageBytes !== undefined && utf8Length(text) > session.maxMessageBytes) {
      return Promise.reject(new ProjectSocketsError("message_too_large",
        `The command is larger than the server's limit of ${session.maxMessageBytes} bytes: it was not sent.`));
    }
    return new Promise((resolve, reject) => {
      const entry: PendingCommand = {
        command, project, session, onResult, resolve, reject, attempts: 1, firstSent: this.clock.now(),
        resendable: resendable ? text : undefined,
      };
      this.pending.set(id, entry);
      entry.timer = this.clock.setTimeout(() => {
        this.settle(id, entry);
        reject(new CommandTimeoutError(command, timeoutMs));
      }, timeoutMs);
      if (signal) {
        const onAbort = (): void => {
          this.settle(id, entry);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        entry.detach = () => signal.removeEventListener("abort", onAbort);
      }
      if (!session.send(text)) {
        this.settle(id, entry);
        reject(new ConnectionError("not_connected", `The connection could not take '${command}': it was not sent.`));
      }
    });
  }

  private settle(id: string, entry: PendingCommand): void {
    this.pending.delete(id);
    this.clock.clearTimeout(entry.timer);
    entry.detach?.();
  }

  private failPending(session: Session | undefined, error: ConnectionError): void {
    for (const [id, entry] of [...this.pending]) {
      if (session && entry.session !== session) continue;
      if (session && this.maySendAgain(session, entry)) {
        entry.session = undefined; // waits for the next connection
        continue;
      }
      this.settle(id, entry);
      entry.reject(error);
    }
  }

  /** A command lost with `session` goes out again when allowed, the server announced a session, and its window is not over. */
  private maySendAgain(session: Session, entry: PendingCommand): boolean {
    return this.resendCommands && entry.resendable !== undefined && this.reconnect.enabled
      && session.sessionWindowMs !== undefined && this.clock.now() - entry.firstSent < session.sessionWindowMs;
  }

  /** Sends the commands lost with the previous connection again, with their ids, once the new one is open. */
  private resendWaiting(session: Session): void {
    for (const [id, entry] of [...this.pending]) {
      if (entry.session !== undefined) continue;
      if (session.sessionWindowMs === undefined || !session.send(entry.resendable!)) {
        this.settle(id, entry);
        entry.reject(new ConnectionError("connection_lost",
          `The connection was lost before the result of '${entry.command}' arrived, and it could not be sent again: it may or may not have run.`));
        continue;
      }
      entry.session = session;
      entry.attempts++;
    }
  }

  private onSessionEnded(session: Session, end: SessionEnd): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.clock.clearTimeout(this.connectTimer);
    this.failPending(session, new ConnectionError("connection_lost",
      "The connection was lost before the result arrived: the command may or may not have run.", end.closeCode));
    const describe = `closed with ${end.closeCode ?? "no code"}${end.reason ? ` (${end.reason})` : ""}`;
    if (this._state === "connecting" && !session.welcomed) {
      this.stop(end, new ConnectionError("connect_failed", `Could not connect: ${describe}.`, end.closeCode), false);
      return;
    }
    if (session.welcomed && !shouldReconnect(end.closeCode, end.reconnect)) {
      this.stop(end, new ConnectionError("closed", `The server ended the connection: ${describe}.`, end.closeCode), false);
      return;
    }
    this.attemptFailed(end);
  }

  /** A connection ended or an attempt failed: schedule the next attempt, or stop. */
  private attemptFailed(end: SessionEnd | undefined, error?: Error): void {
    if (this._state === "connecting") {
      this.stop(end, new ConnectionError("connect_failed", `Could not connect: ${error?.message ?? "no connection"}.`), false);
      return;
    }
    if (!this.reconnect.enabled) {
      this.stop(end, new ConnectionError("closed", "The connection was lost and reconnecting is off.", end?.closeCode), false);
      return;
    }
    this.attempt++;
    if (this.reconnect.maxAttempts !== undefined && this.attempt > this.reconnect.maxAttempts) {
      this.stop(end, new ConnectionError("connect_failed", `Gave up after ${this.reconnect.maxAttempts} reconnect attempts.`, end?.closeCode), false);
      return;
    }
    if (this._state !== "reconnecting") this.setState("reconnecting", end);
    const generation = this.generation;
    const delay = reconnectDelay(this.reconnect, this.attempt, this.random());
    this.reconnectTimer = this.clock.setTimeout(() => {
      if (generation === this.generation) void this.openSocket(generation);
    }, delay);
  }

  /** Stops for good: on `close()` (subscriptions end normally) or on a failure (they end with `error`). */
  private stop(end: SessionEnd | undefined, error: ConnectionError, byClient: boolean): void {
    this.generation++;
    this.clock.clearTimeout(this.reconnectTimer);
    this.clock.clearTimeout(this.connectTimer);
    const session = this.session;
    this.session = undefined;
    session?.abandon(1000, "client closing");
    this.failPending(undefined, byClient ? error : new ConnectionError("connection_lost", error.message, error.closeCode));
    const subscriptions = [...this.subs.values()];
    this.subs.clear();
    const waiters = [...this.firstConfirmations.values()];
    this.firstConfirmations.clear();
    for (const waiter of waiters) waiter.reject(error);
    for (const subscription of subscriptions) subscription._end(byClient ? undefined : error);
    this.setState("closed", end, byClient ? undefined : error);
    const waiter = this.connectWaiter;
    this.connectWaiter = undefined;
    waiter?.reject(error);
  }

  private setState(state: ConnectionState, end?: SessionEnd, error?: Error): void {
    const previous = this._state;
    this._state = state;
    const change: StateChange = { state, previous };
    if (end?.closeCode !== undefined) change.closeCode = end.closeCode;
    if (end?.reason) change.reason = end.reason;
    if (error) change.error = error;
    this.emitter.emit("state", change);
  }
}

function positive(value: number, name: string): number {
  if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) throw new RangeError(`${name} must be a positive number of milliseconds.`);
  return value;
}
