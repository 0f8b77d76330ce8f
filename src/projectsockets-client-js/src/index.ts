export { ProjectSocketsClient, type ClientEvents } from "./client.js";
export { Subscription } from "./subscription.js";
export { ProjectSocketsError, CommandError, ConnectionError, CommandTimeoutError } from "./errors.js";
export { isValidProject, isValidPattern, matchesPattern } from "./names.js";
export { shouldReconnect } from "./backoff.js";
export {
  SUBPROTOCOL,
  type ClientOptions, type Clock, type CommandOutcome, type ConnectionState, type Heartbeat, type InvokeOptions, type ProjectEvent,
  type ReconnectOptions, type ResetInfo, type ServerError, type StateChange, type SubscribeOptions,
  type SubscriptionPosition, type TokenSource, type WebSocketConstructor, type WebSocketLike,
} from "./types.js";
