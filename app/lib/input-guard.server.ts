// The one place where request input is cleaned of control characters (see
// control-chars.ts): server.js wraps every route loader and action of the
// build with it, so no route can forget it. Before a route runs:
//   - query-string values and form fields (URL-encoded or multipart, file
//     names too) lose their control characters; the route gets a new Request
//     with the cleaned body, so `request.formData()` everywhere reads clean text;
//   - a path parameter holding one answers 404 (no id contains one).
// The names of the cleaned fields are remembered for the request: the root
// loader shows a Vietnamese notice naming them, and each TextField marks
// itself, while the form keeps what was typed minus those characters.
import type { ServerBuild } from "@remix-run/node";
import { wrapRouteHandlers } from "./route-handlers.server";
import { requestMemo } from "~/request-scope.server";
import { hasControlChars, stripControlChars } from "./control-chars";

type Handler = (args: { request: Request; params: Record<string, string | undefined>; context: unknown }) => unknown;

const STRIPPED = "input.stripped";
const stripped = () => requestMemo(STRIPPED, () => new Set<string>());

/** Fields of this request that held control characters (in the order met). */
export function strippedFields(): string[] {
  return [...stripped()];
}

function note(name: string) {
  stripped().add(stripControlChars(name) || "?");
}

function cleanUrl(url: URL): URL | null {
  if (!url.search) return null;
  let dirty = false;
  const clean = new URLSearchParams();
  for (const [key, value] of url.searchParams) {
    if (hasControlChars(key) || hasControlChars(value)) {
      dirty = true;
      note(key);
    }
    clean.append(stripControlChars(key), stripControlChars(value));
  }
  if (!dirty) return null;
  const next = new URL(url);
  next.search = clean.toString();
  return next;
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

async function cleanBody(request: Request): Promise<FormData | null> {
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return null;
  if (!FORM_TYPES.test(request.headers.get("content-type") ?? "")) return null;
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    throw new Response("Dữ liệu gửi lên không đọc được.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  let dirty = false;
  const clean = new FormData();
  for (const [key, value] of form) {
    const name = stripControlChars(key);
    if (typeof value === "string") {
      if (hasControlChars(key) || hasControlChars(value)) {
        dirty = true;
        note(key);
      }
      clean.append(name, stripControlChars(value));
    } else {
      // Uploaded file: its name is text we may store (the roster keeps it).
      if (hasControlChars(key) || hasControlChars(value.name)) {
        dirty = true;
        note(key);
      }
      clean.append(name, value, stripControlChars(value.name));
    }
  }
  return dirty ? clean : null;
}

async function guardArgs<A extends Parameters<Handler>[0]>(args: A): Promise<A> {
  for (const value of Object.values(args.params)) {
    if (value !== undefined && hasControlChars(value)) throw new Response("Not Found", { status: 404 });
  }
  const url = cleanUrl(new URL(args.request.url));
  const body = await cleanBody(args.request);
  if (!url && !body) return args;
  const { request } = args;
  const headers = new Headers(request.headers);
  let init: RequestInit = { method: request.method, headers, signal: request.signal };
  if (body) {
    headers.delete("content-length");
    if (/^application\/x-www-form-urlencoded/i.test(headers.get("content-type") ?? "")) {
      init = { ...init, body: new URLSearchParams(body as unknown as Record<string, string>) };
    } else {
      // A multipart body gets a new boundary from FormData.
      headers.delete("content-type");
      init = { ...init, body };
    }
  } else if (request.body) {
    init = { ...init, body: request.body, duplex: "half" } as RequestInit;
  }
  return { ...args, request: new Request(url ?? request.url, init) };
}

function guard(handler: Handler): Handler {
  return async (args) => handler(await guardArgs(args));
}

/** The build with every route loader and action behind the input guard. */
export function guardBuild<B extends ServerBuild>(build: B): B {
  return wrapRouteHandlers(build, (handler) => guard(handler));
}
