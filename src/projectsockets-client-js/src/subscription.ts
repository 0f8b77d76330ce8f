import { EventStream } from "./event-stream.js";
import { reportListenerError } from "./emitter.js";
import { matchesPattern } from "./names.js";
import type { ProjectEvent, ResetInfo, SubscriptionPosition } from "./types.js";

/** What a subscription needs from its client. */
export interface SubscriptionOwner {
  unsubscribe(subscription: Subscription): Promise<void>;
  defer(callback: () => void): void;
}

type Handler = (event: ProjectEvent<any>) => void;

/**
 * One subscribed project. Its events arrive once each and in `seq` order, across reconnects, to the `on` handlers
 * and to every async iterator (`for await (const e of subscription)`). Events start flowing in the task after
 * `subscribe` resolved: handlers and iterators attached right after it miss nothing.
 */
export class Subscription implements AsyncIterable<ProjectEvent> {
  /** The project id. */
  readonly project: string;
  /** The filter, or `undefined` for every event. */
  readonly events?: readonly string[];
  /** Whether this is the URL's route project (subscribed by the connection itself, for the client's life). */
  readonly isRoute: boolean;

  /** @internal The seq of the last event delivered (or the position delivery starts after). */
  _lastSeq = 0;
  /** @internal The project's epoch as last seen. */
  _epoch?: string;
  /** @internal Whether delivery has a position (confirmed by the server, or given by `since`). */
  _positioned = false;
  /** @internal Whether the server has confirmed it at least once. */
  _confirmed = false;

  private readonly handlers = new Set<{ pattern: string; handler: Handler }>();
  private readonly resetHandlers = new Set<(info: ResetInfo) => void>();
  private readonly endHandlers = new Set<(error?: Error) => void>();
  private readonly streams = new Set<EventStream<ProjectEvent>>();
  private held: Array<() => void> | null = [];
  private endedWith: { error?: Error } | null = null;

  /** @internal */
  constructor(private readonly owner: SubscriptionOwner, project: string, events: readonly string[] | undefined, isRoute: boolean) {
    this.project = project;
    this.events = events;
    this.isRoute = isRoute;
  }

  /** The seq of the last event delivered, or the project's seq when the subscription started. */
  get lastSeq(): number {
    return this._lastSeq;
  }

  /** The project's history epoch, once known. */
  get epoch(): string | undefined {
    return this._epoch;
  }

  /** Whether the subscription has ended (unsubscribed, refused on resume, or the client closed). */
  get ended(): boolean {
    return this.endedWith !== null;
  }

  /**
   * Calls `handler` for each event whose name matches `pattern` (`task_started`, `agent_*`, `*`).
   * @returns A function that removes the handler.
   */
  on<T = unknown>(pattern: string, handler: (event: ProjectEvent<T>) => void): () => void {
    if (typeof handler !== "function") throw new TypeError("The handler must be a function.");
    const entry = { pattern, handler: handler as Handler };
    this.handlers.add(entry);
    return () => { this.handlers.delete(entry); };
  }

  /**
   * Calls `handler` when the subscription could not be resumed (`recovered: false`): events were missed, and the
   * application should reload what it shows of the project.
   */
  onReset(handler: (info: ResetInfo) => void): () => void {
    this.resetHandlers.add(handler);
    return () => { this.resetHandlers.delete(handler); };
  }

  /** Calls `handler` once when the subscription ends: with an error when the server refused it on a reconnect, or the client closed on a failure. */
  onEnd(handler: (error?: Error) => void): () => void {
    if (this.endedWith) {
      const { error } = this.endedWith;
      this.owner.defer(() => handler(error));
      return () => {};
    }
    this.endHandlers.add(handler);
    return () => { this.endHandlers.delete(handler); };
  }

  /** Ends the subscription: the client forgets it at once and tells the server when connected. */
  unsubscribe(): Promise<void> {
    return this.owner.unsubscribe(this);
  }

  /** Iterates the events from now on; ends when the subscription ends (throwing if it ended on an error). */
  [Symbol.asyncIterator](): AsyncIterableIterator<ProjectEvent> {
    const stream = new EventStream<ProjectEvent>((s) => this.streams.delete(s));
    if (this.endedWith) stream.end(this.endedWith.error);
    else this.streams.add(stream);
    return stream;
  }

  /** @internal Starts delivering: what was held since creation (events, resets) goes out first, in order. */
  _release(): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    for (const action of held) action();
  }

  /** @internal Delivers one event (already deduplicated), or holds it until released. */
  _deliver(event: ProjectEvent): void {
    if (this.endedWith) return;
    if (this.held !== null) this.held.push(() => this.dispatch(event));
    else this.dispatch(event);
  }

  /** @internal */
  _reset(info: ResetInfo): void {
    if (this.held !== null) {
      this.held.push(() => this._reset(info));
      return;
    }
    for (const handler of [...this.resetHandlers]) {
      try { handler(info); } catch (error) { reportListenerError(error); }
    }
  }

  /** @internal Ends the subscription once. */
  _end(error?: Error): void {
    if (this.endedWith) return;
    this._release();
    this.endedWith = { error };
    for (const stream of this.streams) stream.end(error);
    this.streams.clear();
    for (const handler of [...this.endHandlers]) {
      try { handler(error); } catch (e) { reportListenerError(e); }
    }
    this.endHandlers.clear();
  }

  /** @internal The position to resume from, for a `subscribe` or the URL. */
  _resumeArgs(): { since: number; epoch: string } | undefined {
    return this._positioned && this._epoch !== undefined ? { since: this._lastSeq, epoch: this._epoch } : undefined;
  }

  /**
   * @internal Takes the server's confirmation (subscribe result or `welcome`); returns the reset to report, if the
   * resume failed.
   */
  _applyPosition(seq: number, epoch: string, recovered: boolean): { position: SubscriptionPosition; reset?: ResetInfo } {
    const resumed = this._positioned;
    this._confirmed = true;
    if (resumed && recovered) {
      return { position: { project: this.project, seq, epoch, recovered, resumed } };
    }
    const previous = { epoch: this._epoch, lastSeq: this._lastSeq };
    this._positioned = true;
    this._epoch = epoch;
    this._lastSeq = seq;
    const position = { project: this.project, seq, epoch, recovered, resumed };
    if (!resumed) return { position };
    return {
      position,
      reset: {
        project: this.project,
        reason: previous.epoch === epoch ? "history" : "epoch",
        previousEpoch: previous.epoch,
        epoch,
        lastSeq: previous.lastSeq,
        seq,
      },
    };
  }

  private dispatch(event: ProjectEvent): void {
    for (const { pattern, handler } of [...this.handlers]) {
      if (!matchesPattern(pattern, event.event)) continue;
      try { handler(event); } catch (error) { reportListenerError(error); }
    }
    for (const stream of this.streams) stream.push(event);
  }
}
