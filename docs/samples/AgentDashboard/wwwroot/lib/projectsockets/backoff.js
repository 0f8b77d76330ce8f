/** Close codes after which the protocol says not to reconnect (docs/protocol.md, "Close codes"). */
const FINAL_CLOSE_CODES = new Set([1000, 1003, 1007, 1008, 1009]);
export function resolveReconnect(options) {
    const o = options === false ? { enabled: false } : options ?? {};
    const resolved = {
        enabled: o.enabled ?? true,
        initialDelayMs: o.initialDelayMs ?? 1000,
        maxDelayMs: o.maxDelayMs ?? 30000,
        multiplier: o.multiplier ?? 2,
        jitter: o.jitter ?? 0.5,
        maxAttempts: o.maxAttempts,
    };
    check(resolved.initialDelayMs >= 0, "reconnect.initialDelayMs must be 0 or more");
    check(resolved.maxDelayMs >= resolved.initialDelayMs, "reconnect.maxDelayMs must be at least reconnect.initialDelayMs");
    check(resolved.multiplier >= 1, "reconnect.multiplier must be 1 or more");
    check(resolved.jitter >= 0 && resolved.jitter <= 1, "reconnect.jitter must be between 0 and 1");
    check(resolved.maxAttempts === undefined || resolved.maxAttempts >= 1, "reconnect.maxAttempts must be 1 or more");
    return resolved;
}
/** The wait before attempt `attempt` (1 for the first): `min(max, initial × multiplier^(attempt-1))`, less up to `jitter` of it. */
export function reconnectDelay(options, attempt, random) {
    const exponential = options.initialDelayMs * Math.pow(options.multiplier, Math.min(attempt - 1, 64));
    const capped = Math.min(options.maxDelayMs, exponential);
    return Math.max(0, capped * (1 - options.jitter * random));
}
/**
 * Whether a connection that ended this way is worth opening again: the server's advice in `disconnected` wins;
 * otherwise 1000, 1003, 1007, 1008 and 1009 say no, anything else (1001, 1011, 4001, 4002, a drop) says yes.
 */
export function shouldReconnect(closeCode, advice) {
    if (advice !== undefined)
        return advice;
    return closeCode === undefined || !FINAL_CLOSE_CODES.has(closeCode);
}
function check(condition, message) {
    if (!condition)
        throw new RangeError(message);
}
