// Module load hook (see register.js and docs/decisions/012): patches four
// defects of the `postgres` 3.x driver in src/connection.js as it is loaded.
//
// 1. `nextWrite` runs from a setImmediate (or synchronously for a large
//    write) and dereferences `socket`, which `closed()` has set to null when
//    the server went away. Typical trigger: the ROLLBACK the driver itself
//    sends on a transaction whose connection just died. The TypeError is
//    thrown outside any promise and kills the process. Patched: with no
//    socket, drop the buffered bytes and fail the connection's queries with
//    CONNECTION_CLOSED, as a close would have.
// 2. `closed()` cancels a pending write but leaves `chunk` and the timer id
//    set, so after the reconnect the startup message is appended to stale
//    bytes and never sent: that pool connection then hangs until
//    connect_timeout on every use. Patched: forget both on close.
// 3. A query running when the server shuts down receives its "terminating
//    connection" error (57P01), which is kept until a ReadyForQuery that never
//    comes; the close rejects the query but leaves that error, and the query,
//    in place. On the reconnected socket the first ReadyForQuery (end of
//    start-up) then fails the new query with the old 57P01. Patched: a new
//    socket starts with no current query, error or result.
// 4. Every new connection first reads the array types (`fetchArrayTypes`, an
//    async function called without a catch). If the connection closes during
//    that query while its first query is still waiting, `closed()` reconnects
//    and the next socket error rejects the types query: an unhandled
//    rejection, which ends the process. Patched: that rejection is caught
//    (the same error reaches the waiting query through `errored()`).
import fs from "node:fs";

const FIXES = [
  {
    name: "nextWrite-null-socket",
    from: "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    to:
      "  function nextWrite(fn) {\n" +
      "    if (!socket) {\n" +
      "      chunk = nextWriteTimer = null\n" +
      "      error(Errors.connection('CONNECTION_CLOSED', options))\n" +
      "      return true\n" +
      "    }\n" +
      "    const x = socket.write(chunk, fn)",
  },
  {
    name: "connected-forgets-old-query",
    from: "  function connected() {\n    try {\n      statements = {}\n",
    to: "  function connected() {\n    try {\n      query = errorResponse = results = null\n      result = new Result()\n      statements = {}\n",
  },
  {
    name: "array-types-failure-handled",
    from: "        return fetchArrayTypes()\n",
    to: "        return fetchArrayTypes().catch(noop)\n",
  },
  {
    name: "closed-forgets-pending-write",
    from: "    incomings = null\n    clearImmediate(nextWriteTimer)\n",
    to: "    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n",
  },
];

const TARGET = /\/node_modules\/postgres\/(cjs\/)?src\/connection\.js$/;

/** Applies the fixes to the source of postgres/src/connection.js; `missing` lists those whose text was not found. */
export function patchConnectionSource(source) {
  let patched = source;
  const missing = [];
  for (const fix of FIXES) {
    if (patched.includes(fix.to)) continue;
    if (patched.split(fix.from).length !== 2) missing.push(fix.name);
    else patched = patched.replace(fix.from, fix.to);
  }
  return { source: patched, missing };
}

function majorVersion(url) {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL(url.includes("/cjs/") ? "../../package.json" : "../package.json", url), "utf8"));
    return Number(String(pkg.version).split(".")[0]);
  } catch {
    return NaN;
  }
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!TARGET.test(url) || result.source == null || majorVersion(url) !== 3) return result;
  const source = typeof result.source === "string" ? result.source : Buffer.from(result.source).toString("utf8");
  const { source: patched, missing } = patchConnectionSource(source);
  if (missing.length) {
    // A 3.x release that changed these lines: say so loudly, load it as is.
    process.stderr.write(`[postgres-fix] ${url}: not patched (${missing.join(", ")}): see docs/decisions/012-database-outages.md\n`);
  }
  return { ...result, source: patched };
}
