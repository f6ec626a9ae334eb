// The document loader answers only from the bundle, and a whole issue →
// revoke → verify cycle opens no socket and calls no fetch.
import dns from "node:dns";
import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  OfflineDocumentError,
  bundledContextUrls,
  createDocumentLoader,
  documentLoader,
  VC_V2_CONTEXT_URL,
} from "~/credentials/contexts.server";
import { buildAchievementCredential, signCredential } from "~/credentials/issue.server";
import { didWebDocument, generateIssuerKey } from "~/credentials/keys.server";
import { buildStatusListCredential, createEncodedStatusList, setStatus } from "~/credentials/status-list.server";
import { verifyCredential } from "~/credentials/verify.server";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("document loader", () => {
  it("serves the bundled contexts", async () => {
    expect(bundledContextUrls()).toEqual(
      expect.arrayContaining([
        VC_V2_CONTEXT_URL,
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
      ]),
    );
    const { document, documentUrl } = await documentLoader(VC_V2_CONTEXT_URL);
    expect(documentUrl).toBe(VC_V2_CONTEXT_URL);
    expect(document).toHaveProperty("@context");
  });

  it.each([
    "https://www.w3.org/ns/credentials/examples/v2",
    "https://w3id.org/security/data-integrity/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    "https://evil.example/context.jsonld",
    "http://www.w3.org/ns/credentials/v2",
    "did:web:evil.example",
    "did:example:123",
    "file:///etc/passwd",
  ])("refuses %s", async (url) => {
    await expect(documentLoader(url)).rejects.toBeInstanceOf(OfflineDocumentError);
    await expect(documentLoader(url)).rejects.toThrow(url);
  });

  it("resolves an Ed25519 did:key and its verification method offline", async () => {
    const key = await generateIssuerKey();
    const did = (await documentLoader(key.controller)).document as { id: string; assertionMethod: string[] };
    expect(did.id).toBe(key.controller);
    expect(did.assertionMethod).toContain(key.id);
    const method = (await documentLoader(key.id)).document as { controller: string; publicKeyMultibase: string };
    expect(method).toMatchObject({ controller: key.controller, publicKeyMultibase: key.publicKeyMultibase, type: "Multikey" });
  });

  it("refuses a did:key that is not an Ed25519 key", async () => {
    // A P-256 did:key (zDna…), as used by the employmentAuth example.
    await expect(documentLoader("did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76")).rejects.toBeInstanceOf(OfflineDocumentError);
  });

  it("resolves only the did:web documents the deployment publishes", async () => {
    const key = await generateIssuerKey();
    const did = "did:web:ctxh.example.vn";
    const loader = createDocumentLoader({ didDocuments: (d) => (d === did ? didWebDocument(did, [key.publicKeyMultibase]) : null) });
    const method = (await loader(`${did}#${key.publicKeyMultibase}`)).document;
    expect(method).toMatchObject({ controller: did, publicKeyMultibase: key.publicKeyMultibase });
    await expect(loader(`${did}#z6MkOther`)).rejects.toBeInstanceOf(OfflineDocumentError);
    await expect(loader("did:web:other.example.vn")).rejects.toBeInstanceOf(OfflineDocumentError);
  });

  it("hands out copies, so a caller cannot corrupt the bundle", async () => {
    const first = (await documentLoader(VC_V2_CONTEXT_URL)).document as Record<string, unknown>;
    first["@context"] = "tampered";
    const second = (await documentLoader(VC_V2_CONTEXT_URL)).document as Record<string, unknown>;
    expect(second["@context"]).not.toBe("tampered");
  });
});

describe("no network", () => {
  function forbidNetwork() {
    const refuse = (what: string) => () => {
      throw new Error(`network access attempted: ${what}`);
    };
    return [
      vi.spyOn(globalThis, "fetch").mockImplementation(refuse("fetch")),
      vi.spyOn(net.Socket.prototype, "connect").mockImplementation(refuse("socket connect")),
      vi.spyOn(dns, "lookup").mockImplementation(refuse("dns lookup")),
    ];
  }

  it("the guard itself catches a connection attempt", async () => {
    const [fetchSpy, connectSpy] = forbidNetwork();
    expect(() => fetch("http://127.0.0.1:9/")).toThrow(/network access attempted/);
    expect(() => net.connect(9, "127.0.0.1")).toThrow(/network access attempted/);
    expect(fetchSpy).toHaveBeenCalled();
    expect(connectSpy).toHaveBeenCalled();
  });

  it("issues, revokes and verifies without touching the network", async () => {
    const spies = forbidNetwork();
    const key = await generateIssuerKey();
    const listUrl = "https://ctxh.example.vn/credentials/status/1";
    let encodedList = await createEncodedStatusList();
    const credential = await signCredential(
      buildAchievementCredential({
        id: "https://ctxh.example.vn/verify/ABC123",
        issuer: { id: key.controller, name: "Sở Lao động" },
        validFrom: "2025-01-01T00:00:00Z",
        holder: { name: "Nguyễn Văn An", identity: { type: "nationalId", value: "001090000123" } },
        achievement: { id: "https://ctxh.example.vn/courses/ctxh-01", name: "CTXH cơ bản", description: "Khoá nhập môn", criteria: "Hoàn thành" },
        status: { statusListCredential: listUrl, statusListIndex: 7 },
      }),
      key,
    );
    encodedList = await setStatus(encodedList, 7, true);
    const list = await signCredential(buildStatusListCredential({ id: listUrl, issuer: key.controller, encodedList }), key);
    const result = await verifyCredential(JSON.stringify(credential), {
      trustedIssuers: (did) => (did === key.controller ? { name: "Sở Lao động" } : null),
      fetchStatusList: async (url) => (url === listUrl ? list : null),
    });
    expect(result.checks.find((c) => c.name === "signature")?.ok).toBe(true);
    expect(result.checks.find((c) => c.name === "revocation")).toMatchObject({ ok: false, message: "Chứng nhận đã bị thu hồi." });
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("a credential naming an unbundled context is refused before any processing", async () => {
    const spies = forbidNetwork();
    const result = await verifyCredential(
      { "@context": [VC_V2_CONTEXT_URL, "https://evil.example/ctx.jsonld"], type: ["VerifiableCredential"] },
      { trustedIssuers: () => null, fetchStatusList: async () => null },
    );
    expect(result.checks[0]).toMatchObject({ name: "format", ok: false });
    expect(result.checks[0]!.message).toContain("https://evil.example/ctx.jsonld");
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
