import { EventStream } from "./event-stream.js";
import { reportListenerError } from "./emitter.js";
import { matchesPattern } from "./names.js";
/**
 * One subscribed project. Its events arrive once each and in `seq` order, across reconnects, to the `on` handlers
 * and to every async iterator (`for await (const e of subscription)`). Events start flowing in the task after
 * `subscribe` resolved: handlers and iterators attached right after it miss nothing.
 */
export class Subscription {
    /** @internal */
    constructor(owner, project, events, isRoute) {
        this.owner = owner;
        /** @internal The seq of the last event delivered (or the position delivery starts after). */
        this._lastSeq = 0;
        /** @internal Whether delivery has a position (confirmed by the server, or given by `since`). */
        this._positioned = false;
        /** @internal Whether the server has confirmed it at least once. */
        this._confirmed = false;
        this.handlers = new Set();
        this.resetHandlers = new Set();
        this.endHandlers = new Set();
        this.streams = new Set();
        this.held = [];
        this.endedWith = null;
        this.project = project;
        this.events = events;
        this.isRoute = isRoute;
    }
    /** The seq of the last event delivered, or the project's seq when the subscription started. */
    get lastSeq() {
        return this._lastSeq;
    }
    /** The project's history epoch, once known. */
    get epoch() {
        return this._epoch;
    }
    /** Whether the subscription has ended (unsubscribed, refused on resume, or the client closed). */
    get ended() {
        return this.endedWith !== null;
    }
    /**
     * Calls `handler` for each event whose name matches `pattern` (`task_started`, `agent_*`, `*`).
     * @returns A function that removes the handler.
     */
    on(pattern, handler) {
        if (typeof handler !== "function")
            throw new TypeError("The handler must be a function.");
        const entry = { pattern, handler: handler };
        this.handlers.add(entry);
        return () => { this.handlers.delete(entry); };
    }
    /**
     * Calls `handler` when the subscription could not be resumed (`recovered: false`): events were missed, and the
     * application should reload what it shows of the project.
     */
    onReset(handler) {
        this.resetHandlers.add(handler);
        return () => { this.resetHandlers.delete(handler); };
    }
    /** Calls `handler` once when the subscription ends: with an error when the server refused it on a reconnect, or the client closed on a failure. */
    onEnd(handler) {
        if (this.endedWith) {
            const { error } = this.endedWith;
            this.owner.defer(() => handler(error));
            return () => { };
        }
        this.endHandlers.add(handler);
        return () => { this.endHandlers.delete(handler); };
    }
    /** Ends the subscription: the client forgets it at once and tells the server when connected. */
    unsubscribe() {
        return this.owner.unsubscribe(this);
    }
    /** Iterates the events from now on; ends when the subscription ends (throwing if it ended on an error). */
    [Symbol.asyncIterator]() {
        const stream = new EventStream((s) => this.streams.delete(s));
        if (this.endedWith)
            stream.end(this.endedWith.error);
        else
            this.streams.add(stream);
        return stream;
    }
    /** @internal Starts delivering: what was held since creation (events, resets) goes out first, in order. */
    _release() {
        const held = this.held;
        if (held === null)
            return;
        this.held = null;
        for (const action of held)
            action();
    }
    /** @internal Delivers one event (already deduplicated), or holds it until released. */
    _deliver(event) {
        if (this.endedWith)
            return;
        if (this.held !== null)
            this.held.push(() => this.dispatch(event));
        else
            this.dispatch(event);
    }
    /** @internal */
    _reset(info) {
        if (this.held !== null) {
            this.held.push(() => this._reset(info));
            return;
        }
        for (const handler of [...this.resetHandlers]) {
            try {
                handler(info);
            }
            catch (error) {
                reportListenerError(error);
            }
        }
    }
    /** @internal Ends the subscription once. */
    _end(error) {
        if (this.endedWith)
            return;
        this._release();
        this.endedWith = { error };
        for (const stream of this.streams)
            stream.end(error);
        this.streams.clear();
        for (const handler of [...this.endHandlers]) {
            try {
                handler(error);
            }
            catch (e) {
                reportListenerError(e);
            }
        }
        this.endHandlers.clear();
    }
    /** @internal The position to resume from, for a `subscribe` or the URL. */
    _resumeArgs() {
        return this._positioned && this._epoch !== undefined ? { since: this._lastSeq, epoch: this._epoch } : undefined;
    }
    /**
     * @internal Takes the server's confirmation (subscribe result or `welcome`); returns the reset to report, if the
     * resume failed.
     */
    _applyPosition(seq, epoch, recovered) {
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
        if (!resumed)
            return { position };
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
    dispatch(event) {
        for (const { pattern, handler } of [...this.handlers]) {
            if (!matchesPattern(pattern, event.event))
                continue;
            try {
                handler(event);
            }
            catch (error) {
                reportListenerError(error);
            }
        }
        for (const stream of this.streams)
            stream.push(event);
    }
}
