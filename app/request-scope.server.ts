// Per-request memo. Remix gives every loader of one navigation its own
// Request object, so "once per request" needs a scope of its own: server.js
// runs each request inside `runInRequestScope`.
import { AsyncLocalStorage } from "node:async_hooks";

const storage = new AsyncLocalStorage<Map<string, unknown>>();

export function runInRequestScope<T>(fn: () => T): T {
  return storage.run(new Map(), fn);
}

/** `make()` once per request for this key; outside a request scope, every call. */
export function requestMemo<T>(key: string, make: () => T): T {
  const store = storage.getStore();
  if (!store) return make();
  if (!store.has(key)) store.set(key, make());
  return store.get(key) as T;
}
