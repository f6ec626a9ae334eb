// The Content-Security-Policy nonce of the page being rendered, set by
// app/entry.server.tsx; undefined in the browser (the nonce is only needed
// on the server-rendered <script> tags).
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce() {
  return useContext(NonceContext);
}
