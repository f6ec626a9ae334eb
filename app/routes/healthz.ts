// Liveness: the process is up. Also the benchmark's "framework floor".
export function loader() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
