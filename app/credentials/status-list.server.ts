// Revocation as a W3C Bitstring Status List: one bit per certificate, the
// list GZIP-compressed and base64url-encoded (multibase "u" prefix) inside a
// signed BitstringStatusListCredential that the app serves at a fixed URL.
import { gunzipSync } from "node:zlib";
import { createList, decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { VC_V2_CONTEXT_URL } from "./contexts.server";
import { toDateTimeStamp } from "./datetime.server";

/** The spec's minimum size (16 KiB of bits), which gives holders herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;
// A list this app reads back is at most this large once decompressed (16M
// entries); anything bigger is a decompression bomb, not a status list.
const MAX_DECODED_BYTES = 2 * 1024 * 1024;

export interface BitstringStatusListEntry {
  id: string;
  type: "BitstringStatusListEntry";
  statusPurpose: "revocation";
  /** Base-10 string, as the spec requires. */
  statusListIndex: string;
  statusListCredential: string;
}

export interface BitstringStatusListCredential {
  "@context": string[];
  id: string;
  type: ["VerifiableCredential", "BitstringStatusListCredential"];
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: "BitstringStatusList";
    statusPurpose: "revocation";
    encodedList: string;
  };
}

function assertIndex(index: number, length: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`Status list index ${index} is outside 0…${length - 1}`);
  }
}

/** An all-clear list: nothing revoked. */
export async function createEncodedStatusList(length = STATUS_LIST_LENGTH): Promise<string> {
  if (!Number.isSafeInteger(length) || length < STATUS_LIST_LENGTH || length % 8 !== 0) {
    throw new RangeError(`A status list needs at least ${STATUS_LIST_LENGTH} entries, in whole bytes`);
  }
  return (await createList({ length })).encode();
}

async function decode(encodedList: string) {
  if (typeof encodedList !== "string" || !encodedList.startsWith("u")) {
    throw new Error('encodedList must be a multibase base64url string starting with "u"');
  }
  // Bounded inflate first; the library's own decoder has no size limit.
  gunzipSync(Buffer.from(encodedList.slice(1), "base64url"), { maxOutputLength: MAX_DECODED_BYTES });
  return decodeList({ encodedList });
}

/** Sets (revoked = true) or clears one entry, returning the re-encoded list. */
export async function setStatus(encodedList: string, index: number, revoked: boolean): Promise<string> {
  const list = await decode(encodedList);
  assertIndex(index, list.length);
  list.setStatus(index, revoked);
  return list.encode();
}

export async function getStatus(encodedList: string, index: number): Promise<boolean> {
  const list = await decode(encodedList);
  assertIndex(index, list.length);
  return list.getStatus(index);
}

export function statusListEntry(statusListCredential: string, index: number): BitstringStatusListEntry {
  assertIndex(index, Number.MAX_SAFE_INTEGER);
  return {
    id: `${statusListCredential}#${index}`,
    type: "BitstringStatusListEntry",
    statusPurpose: "revocation",
    statusListIndex: String(index),
    statusListCredential,
  };
}

/** The unsigned status list credential; sign it with signCredential(…, issuer key). */
export function buildStatusListCredential(input: {
  id: string;
  issuer: string;
  encodedList: string;
  validFrom?: Date;
  validUntil?: Date;
}): BitstringStatusListCredential {
  return {
    "@context": [VC_V2_CONTEXT_URL],
    id: input.id,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: input.issuer,
    validFrom: toDateTimeStamp(input.validFrom ?? new Date()),
    ...(input.validUntil ? { validUntil: toDateTimeStamp(input.validUntil) } : {}),
    credentialSubject: {
      id: `${input.id}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: input.encodedList,
    },
  };
}
