import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { generateIssuerKey } from "~/credentials/keys.server";
import { signCredential } from "~/credentials/issue.server";
import { verifyProof } from "~/credentials/proof.server";
import {
  STATUS_LIST_LENGTH,
  buildStatusListCredential,
  createEncodedStatusList,
  getStatus,
  setStatus,
  statusListEntry,
} from "~/credentials/status-list.server";

// Decoded independently of the library: multibase "u" + base64url(gzip(bits)).
const bits = (encoded: string) => gunzipSync(Buffer.from(encoded.slice(1), "base64url"));

describe("bitstring status list", () => {
  it("starts empty with 131,072 entries, gzip + base64url with a multibase prefix", async () => {
    const encoded = await createEncodedStatusList();
    expect(STATUS_LIST_LENGTH).toBe(131_072);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const raw = bits(encoded);
    expect(raw.length * 8).toBe(131_072);
    expect(raw.every((byte) => byte === 0)).toBe(true);
  });

  it("reads the spec's example empty list", async () => {
    // encodedList of the Bitstring Status List specification's example.
    const example = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";
    expect(bits(example).length).toBe(16_384);
    expect(await getStatus(example, 94_567)).toBe(false);
  });

  it("refuses lists below the minimum size", async () => {
    await expect(createEncodedStatusList(1024)).rejects.toThrow(/at least 131072/);
  });

  it("sets and clears bits, index 0 being the left-most bit", async () => {
    let encoded = await createEncodedStatusList();
    encoded = await setStatus(encoded, 0, true);
    encoded = await setStatus(encoded, 131_071, true);
    encoded = await setStatus(encoded, 42, true);
    const raw = bits(encoded);
    expect(raw[0]).toBe(0x80);
    expect(raw[raw.length - 1]).toBe(0x01);
    expect(await getStatus(encoded, 42)).toBe(true);
    expect(await getStatus(encoded, 43)).toBe(false);
    encoded = await setStatus(encoded, 42, false);
    expect(await getStatus(encoded, 42)).toBe(false);
    expect(await getStatus(encoded, 0)).toBe(true);
  });

  it("rejects out-of-range indexes", async () => {
    const encoded = await createEncodedStatusList();
    await expect(setStatus(encoded, 131_072, true)).rejects.toThrow(RangeError);
    await expect(getStatus(encoded, -1)).rejects.toThrow(RangeError);
    await expect(getStatus(encoded, 1.5)).rejects.toThrow(RangeError);
  });

  it("refuses a decompression bomb", async () => {
    const bomb = "u" + gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString("base64url");
    await expect(getStatus(bomb, 0)).rejects.toThrow();
  });

  it("builds an entry with the index as a base-10 string", () => {
    expect(statusListEntry("https://h.vn/status/1", 94_567)).toEqual({
      id: "https://h.vn/status/1#94567",
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: "94567",
      statusListCredential: "https://h.vn/status/1",
    });
  });

  it("builds and signs a BitstringStatusListCredential", async () => {
    const key = await generateIssuerKey();
    const encodedList = await setStatus(await createEncodedStatusList(), 5, true);
    const unsigned = buildStatusListCredential({
      id: "https://h.vn/status/1",
      issuer: key.controller,
      encodedList,
      validFrom: new Date("2025-03-01T08:00:00.123Z"),
    });
    expect(unsigned).toMatchObject({
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      validFrom: "2025-03-01T08:00:00Z",
      credentialSubject: { id: "https://h.vn/status/1#list", type: "BitstringStatusList", statusPurpose: "revocation", encodedList },
    });
    const signed = await signCredential(unsigned, key);
    expect(signed.proof).toMatchObject({ type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", verificationMethod: key.id });
    expect((await verifyProof(signed)).verified).toBe(true);
  });
});
