/** The subprotocol the client offers: ProjectSockets wire protocol version 1. */
export const SUBPROTOCOL = "projectsockets.v1";

/** Where the connection stands. */
export type ConnectionState = "idle" | "connecting" | "open" | "reconnecting" | "closed";

/**
 * The part of the WebSocket API the client uses: the browser's `WebSocket` and Node's `ws` package both fit.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: any) => void) | null;
}

/** Creates a WebSocket: `globalThis.WebSocket` by default, `ws` in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** A token, or a function that returns one; the function is called before every connection attempt. */
export type TokenSource = string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

/** Timers, injectable so that tests can drive time. */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** Automatic reconnect: exponential backoff with jitter. */
export interface ReconnectOptions {
  /** Whether the client reconnects after losing a connection. Default `true`. */
  enabled?: boolean;
  /** Wait before the first attempt, in ms. Default 1000. */
  initialDelayMs?: number;
  /** Longest wait between two attempts, in ms. Default 30000. */
  maxDelayMs?: number;
  /** Factor by which the wait grows after each failed attempt. Default 2. */
  multiplier?: number;
  /** Random part of each wait, 0 to 1: the wait is drawn between `delay × (1 - jitter)` and `delay`. Default 0.5. */
  jitter?: number;
  /** Attempts after one lost connection before giving up; `undefined` for no limit (the default). */
  maxAttempts?: number;
}

/** Options of {@link ProjectSocketsClient}. */
export interface ClientOptions {
  /**
   * The endpoint: `ws://host/ws` (no project) or `ws://host/ws/p1` (connects with `p1` as the route project). A
   * relative URL (`/ws`) is resolved against the page's address, `http` becoming `ws`.
   */
  url: string;
  /** A token sent as the `access_token` query parameter (browsers cannot set headers on a WebSocket). */
  token?: TokenSource;
  /** The query parameter that carries the token. Default `access_token`. */
  tokenParameter?: string;
  /** The WebSocket implementation. Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Reconnect settings, or `false` to never reconnect. */
  reconnect?: ReconnectOptions | false;
  /** How long a connection attempt may take until the server's `welcome`, in ms. Default 15000. */
  connectTimeoutMs?: number;
  /** Default timeout of `invoke`, in ms. Default 35000: just over the server's 30 s command timeout, so that its own `timeout` answer arrives first. */
  commandTimeoutMs?: number;
  /** Timers; tests pass a fake. Default: the global timers and `Date.now`. */
  clock?: Clock;
  /** Random numbers in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
  /**
   * The session key sent at every connect (the `session` query parameter): 16 to 64 of `A-Z a-z 0-9 _ -`. The server
   * ties it to the user and remembers each command id's outcome for a window, so a command sent again after a
   * reconnect runs at most once. Keep it secret like a token. Default: a random key made with the client.
   */
  sessionKey?: string;
  /**
   * Whether a command still waiting for its result when the connection drops is sent again, with the same id, on the
   * next connection. Only when the server announced a session in `welcome` (it then runs the command at most once);
   * otherwise, or with `false`, the command fails with a `connection_lost` {@link ConnectionError}. Default `true`.
   */
  resendCommands?: boolean;
}

/** What `invokeWithOutcome` resolves with. */
export interface CommandOutcome<T = unknown> {
  /** The result's data. */
  data: T;
  /** Whether the server answered with the remembered outcome of an earlier copy (the handler ran once, for that copy). */
  replayed: boolean;
  /** How many times the command was sent: 1, plus one for each reconnect it was sent again after. */
  attempts: number;
}

/** Options of `subscribe`. */
export interface SubscribeOptions {
  /** Event patterns: names, prefixes followed by `*` (`agent_*`), or `*`; 1 to 32. Every event when absent. */
  events?: readonly string[];
  /**
   * Resume from a position the application kept (for example across a page reload): the seq of the last event it
   * has, with `epoch`. When the server cannot resume, the subscription reports a reset.
   */
  since?: number;
  /** The epoch that goes with `since`. */
  epoch?: string;
}

/** Options of `invoke`. */
export interface InvokeOptions {
  /** The project the command is about; none when absent. */
  project?: string;
  /** How long to wait for the result, in ms. Default: the client's `commandTimeoutMs`. */
  timeoutMs?: number;
  /** Stops waiting (the command may still run on the server). */
  signal?: AbortSignal;
}

/** One event of a project. */
export interface ProjectEvent<T = unknown> {
  /** The project; absent for an event sent to this connection alone. */
  project?: string;
  /** The event name, for example `task_started`. */
  event: string;
  /** The project's sequence number; absent for an event sent to this connection alone. */
  seq?: number;
  /** The project's history epoch. */
  epoch?: string;
  /** When it was published (ISO 8601). */
  time?: string;
  /** The payload. */
  data: T;
}

/** The server's heartbeat figures, from `welcome`. */
export interface Heartbeat {
  intervalMs: number;
  timeoutMs: number;
}

/** A change of {@link ConnectionState}. */
export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** The close code that ended the previous connection, when one did. */
  closeCode?: number;
  /** The reason given with it. */
  reason?: string;
  /** The error that ended the client, when it closed for good on a failure. */
  error?: Error;
}

/**
 * A subscription could not be resumed (`recovered: false`, or the project's history epoch changed): events between
 * `lastSeq` and `seq` are gone, and the application should reload its state of the project.
 */
export interface ResetInfo {
  project: string;
  /** Why: the project's history was lost (`epoch`), or no longer holds every missed event (`history`). */
  reason: "epoch" | "history";
  previousEpoch?: string;
  epoch: string;
  /** The last event the application had. */
  lastSeq: number;
  /** The position delivery goes on from. */
  seq: number;
}

/** How a subscription stands after the server confirmed it. */
export interface SubscriptionPosition {
  project: string;
  seq: number;
  epoch: string;
  /** `true` when a resume found every missed event; `false` for a fresh subscription or a failed resume. */
  recovered: boolean;
  /** Whether this confirmation resumed an earlier position (reconnect or `since`). */
  resumed: boolean;
}

/** An `error` message from the server (a message it could not read). */
export interface ServerError {
  code: string;
  message: string;
}
