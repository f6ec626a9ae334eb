// The public base URL: what signed credentials, QR codes and activation
// slips point to. One resolver for all of them (docs/decisions/013):
// PUBLIC_URL when set, else the address an administrator settled (stored in
// app_meta), else — for a newcomer's `npm start` on a laptop — the machine's
// LAN address with the port. Never a loopback, unspecified or link-local
// host: a phone cannot open those, and a credential signed with one would
// carry it for good. No acceptable address → nothing is signed or printed
// with an address until there is one.
import net from "node:net";
import os from "node:os";
import { eq } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { env } from "~/env.server";
import { logger } from "~/logger.server";
import { appMeta } from "../../db/schema";
import { audit } from "./audit.server";

const SETTING = "public_address";
const FORMER = "public_address_former";

export type AddressSource = "env" | "setting" | "lan";

export interface PublicAddress {
  /** Base URL without a trailing slash, or null when no acceptable address exists. */
  base: string | null;
  source: AddressSource | null;
  /** True when PUBLIC_URL or an administrator fixed it; a LAN guess is not settled. */
  settled: boolean;
  /** PUBLIC_URL is set but points to this machine only (ignored). */
  envRejected: boolean;
  /** The LAN address detected now (a suggestion for the administrator). */
  lan: string | null;
}

function ipv4Octets(address: string): number[] | null {
  if (net.isIPv4(address)) return address.split(".").map(Number);
  return null;
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:127.0.0.1, or as URL writes it, ::ffff:7f00:1). */
function mappedIpv4(address: string): number[] | null {
  const match = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/i.exec(address);
  if (!match) return null;
  const rest = match[1]!;
  const dotted = ipv4Octets(rest);
  if (dotted) return dotted;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

function ipv4Acceptable([a, b]: number[]): boolean {
  // 0.0.0.0/8 (unspecified, "this network"), 127/8 loopback, 169.254/16 link-local.
  return !(a === 0 || a === 127 || (a === 169 && b === 254));
}

/** False for hosts a phone on the same network cannot reach: loopback, unspecified, link-local. */
export function isPublicHost(hostname: string): boolean {
  const host = hostname.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (!host) return false;
  if (host === "localhost" || host.endsWith(".localhost") || host === "localhost.localdomain") return false;
  const v4 = ipv4Octets(host);
  if (v4) return ipv4Acceptable(v4);
  if (net.isIPv6(host)) {
    const mapped = mappedIpv4(host);
    if (mapped) return ipv4Acceptable(mapped);
    const first = parseInt(host.split(":")[0] || "0", 16);
    // ::, ::1, fe80::/10 (link-local).
    if (/^[0:]+$/.test(host) || /^[0:]+:0*1$/.test(host)) return false;
    if ((first & 0xffc0) === 0xfe80) return false;
    return true;
  }
  return true;
}

/**
 * An address as stored and used: http(s), an acceptable host, an optional
 * path prefix (behind a proxy), no query or fragment, no trailing slash.
 * Null when it is not acceptable.
 */
export function normaliseBase(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash) return null;
  if (!isPublicHost(url.hostname)) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Whether `base` (an absolute URL prefix) is one a credential may carry. */
export function isAcceptableBase(base: string) {
  return normaliseBase(base) !== null;
}

/**
 * The machine's LAN address: the first non-internal IPv4 that is not
 * link-local, with the port. Only when the server listens on every interface
 * (HOST 0.0.0.0 or ::) or on that very address — a server bound to 127.0.0.1
 * cannot be reached from a phone whatever its LAN address.
 */
export function lanBase(port: number = env.PORT, host: string = env.HOST, interfaces = os.networkInterfaces()): string | null {
  const everywhere = host === "0.0.0.0" || host === "::" || host === "";
  const candidates = Object.values(interfaces)
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === "IPv4" && !i.internal && isPublicHost(i.address));
  const chosen = everywhere ? candidates[0] : candidates.find((i) => i.address === host);
  return chosen ? `http://${chosen.address}:${port}` : null;
}

type StoredSetting = { base: string; settledAt: string; settledBy: number | null };

// Tests replace the LAN detection (the machine running them has whatever interfaces it has).
let lanProbe: () => string | null = () => lanBase();
export function setLanProbe(probe: (() => string | null) | null) {
  lanProbe = probe ?? (() => lanBase());
  cache = null;
}

let cache: { at: number; value: PublicAddress } | null = null;
const TTL_MS = 30_000;
let warnedEnv = false;

/** Forget the cached address (after a change, and in tests). */
export function forgetPublicAddress() {
  cache = null;
}

async function storedSetting(): Promise<StoredSetting | null> {
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, SETTING));
  const value = row?.value as StoredSetting | undefined;
  return value?.base ? value : null;
}

/** The public address now: cheap (cached for 30 s per process), safe to call on every request. */
export async function resolvePublicAddress(): Promise<PublicAddress> {
  if (cache && Date.now() - cache.at < TTL_MS) return cache.value;
  const lan = lanProbe();
  let value: PublicAddress;
  const fromEnv = env.PUBLIC_URL ? normaliseBase(env.PUBLIC_URL) : null;
  if (fromEnv) {
    value = { base: fromEnv, source: "env", settled: true, envRejected: false, lan };
  } else {
    const envRejected = !!env.PUBLIC_URL;
    if (envRejected && !warnedEnv) {
      warnedEnv = true;
      logger.error({ event: "public_address.env_rejected", value: env.PUBLIC_URL }, "PUBLIC_URL points to this machine only (loopback/unspecified/link-local): ignored");
    }
    const stored = await storedSetting();
    const setting = stored ? normaliseBase(stored.base) : null;
    if (setting) value = { base: setting, source: "setting", settled: true, envRejected, lan };
    else if (lan) value = { base: lan, source: "lan", settled: false, envRejected, lan };
    else value = { base: null, source: null, settled: false, envRejected, lan };
  }
  cache = { at: Date.now(), value };
  return value;
}

export async function publicBase(): Promise<string | null> {
  return (await resolvePublicAddress()).base;
}

/** Bases credentials were signed with before the current one (shown to the administrator). */
export async function formerBases(tx: Db = db): Promise<string[]> {
  const [row] = await tx.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, FORMER));
  return Array.isArray(row?.value) ? (row.value as string[]) : [];
}

/** Remembers a base credentials carried, so the administrator can keep it pointing here. */
export async function rememberFormerBase(base: string, tx: Db = db) {
  const list = await formerBases(tx);
  if (list.includes(base)) return;
  const value = [...list, base].slice(-20);
  await tx.insert(appMeta).values({ key: FORMER, value }).onConflictDoUpdate({ target: appMeta.key, set: { value } });
}

export type SettleResult = { ok: true; base: string } | { ok: false; reason: "invalid" | "fromEnv" };

/** Settles the address (administrator). Credentials signed with another base are re-signed by the sweep. */
export async function settlePublicAddress(input: string, actor: { id: number; ip?: string | null }): Promise<SettleResult> {
  if (env.PUBLIC_URL && normaliseBase(env.PUBLIC_URL)) return { ok: false, reason: "fromEnv" };
  const base = normaliseBase(input);
  if (!base) return { ok: false, reason: "invalid" };
  const before = await storedSetting();
  const value: StoredSetting = { base, settledAt: new Date().toISOString(), settledBy: actor.id };
  await db.insert(appMeta).values({ key: SETTING, value }).onConflictDoUpdate({ target: appMeta.key, set: { value } });
  await audit({ actorId: actor.id, action: "public_address.settle", entityType: "app_meta", entityId: null, unitId: null, before: before ? { base: before.base } : null, after: { base }, ip: actor.ip });
  forgetPublicAddress();
  return { ok: true, base };
}
