// Graceful stop of an HTTP server. server.close() alone stops accepting new
// connections but leaves kept-alive ones open: a connection that was busy
// when the signal came goes idle afterwards and keeps being served until the
// forced exit. Here every response from the signal on says `Connection:
// close`, and each finished response closes whatever is then idle, so the
// close callback runs as soon as the last request ends.

/**
 * Tracks in-flight responses from the start, so a stop can mark them.
 * @param {import("node:http").Server} server
 */
export function trackConnections(server) {
  /** @type {Set<import("node:http").ServerResponse>} */
  const inFlight = new Set();
  let closing = false;
  const closeIdle = () => setImmediate(() => server.closeIdleConnections());

  server.prependListener("request", (_req, res) => {
    inFlight.add(res);
    if (closing) res.setHeader("Connection", "close");
    res.on("close", () => {
      inFlight.delete(res);
      if (closing) closeIdle();
    });
  });

  return {
    /**
     * Stops accepting, finishes in-flight requests, closes idle connections.
     * Resolves `true` when all connections ended, `false` on timeout.
     * @param {number} timeoutMs
     * @returns {Promise<boolean>}
     */
    close(timeoutMs) {
      closing = true;
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve(true);
        });
        for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
        server.closeIdleConnections();
      });
    },
    get inFlight() {
      return inFlight.size;
    },
  };
}
