// The stream React's renderToPipeableStream writes a page into.
//
// React 18.2/18.3's Node stream config (facebook/react#24985): when a string
// does not fit in its 2048-byte buffer, TextEncoder.encodeInto stops before
// the multi-byte character that would straddle the end, and React then sends
// the whole buffer, so its 1–3 never-written bytes go out as 0x00. Every
// character still arrives (the rest is encoded into the next buffer), so
// removing the padding restores React's output exactly.
//
// Dropping every 0x00 byte does that and nothing else that matters: in UTF-8
// a 0x00 byte is only ever U+0000 (continuation bytes are 0x80–0xBF), so no
// other character is touched and the stream stays valid UTF-8; and U+0000 is
// never meaningful in HTML (a parse error the browser drops or turns into
// U+FFFD) — React's own serialisation never emits it on purpose.
import { Transform } from "node:stream";

function withoutNul(chunk: Buffer): Buffer {
  let at = chunk.indexOf(0);
  if (at === -1) return chunk;
  const out = Buffer.allocUnsafe(chunk.length);
  let length = 0;
  let from = 0;
  while (at !== -1) {
    length += chunk.copy(out, length, from, at);
    from = at + 1;
    at = chunk.indexOf(0, from);
  }
  length += chunk.copy(out, length, from);
  return out.subarray(0, length);
}

/** A PassThrough for HTML that leaves out NUL bytes (see above). */
export function createHtmlStream(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, withoutNul(chunk));
    },
  });
}
