// Uploaded lesson images, by content hash: the bytes under a name never
// change, so browsers and proxies may keep them for a year.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/auth/auth.server";
import { getMedia } from "~/models/authoring-media.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const m = /^([a-f0-9]{64})\.(webp|jpg)$/.exec(params.file ?? "");
  if (!m) notFound();
  const found = await getMedia(m[1]!);
  if (!found || found.ext !== m[2]) notFound();
  return new Response(new Uint8Array(found.bytes), {
    headers: {
      "Content-Type": found.mime,
      "Content-Length": String(found.bytes.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
