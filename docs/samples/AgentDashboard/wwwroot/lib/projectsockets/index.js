export { ProjectSocketsClient } from "./client.js";
export { Subscription } from "./subscription.js";
export { ProjectSocketsError, CommandError, ConnectionError, CommandTimeoutError } from "./errors.js";
export { isValidProject, isValidPattern, matchesPattern } from "./names.js";
export { shouldReconnect } from "./backoff.js";
export { SUBPROTOCOL, } from "./types.js";
