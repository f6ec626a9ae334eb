import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  activeIssuerKey,
  didDocumentsFrom,
  rotateIssuerKey,
  trustedIssuersFrom,
  type IssuerKeyStore,
  type StoredIssuerKey,
} from "~/credentials/issuer-keys.server";
import {
  decryptSecret,
  didWebDocument,
  didWebFor,
  encryptSecret,
  generateIssuerKey,
  parseMasterKeys,
  reencryptSecret,
  withController,
} from "~/credentials/keys.server";

describe("generateIssuerKey", () => {
  it("returns an Ed25519 did:key issuer with its verification method id", async () => {
    const key = await generateIssuerKey();
    expect(key.publicKeyMultibase).toMatch(/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
    // ed25519-priv multicodec + 32-byte seed, base58btc: "z3u2…".
    expect(key.secretKeyMultibase).toMatch(/^z3u2[1-9A-HJ-NP-Za-km-z]+$/);
    expect(key.controller).toBe(`did:key:${key.publicKeyMultibase}`);
    expect(key.id).toBe(`${key.controller}#${key.publicKeyMultibase}`);
    expect((await generateIssuerKey()).publicKeyMultibase).not.toBe(key.publicKeyMultibase);
  });
});

describe("did:web", () => {
  it.each([
    [["ctxh.gov.vn"], "did:web:ctxh.gov.vn"],
    [["CTXH.gov.vn"], "did:web:ctxh.gov.vn"],
    [["localhost:3000"], "did:web:localhost%3A3000"],
    [["example.vn", "issuers", "so-ldtbxh"], "did:web:example.vn:issuers:so-ldtbxh"],
  ])("didWebFor(%j) = %s", (args, did) => {
    expect(didWebFor(...(args as [string, ...string[]]))).toBe(did);
  });

  it.each(["https://ctxh.gov.vn", "ctxh gov", "", "nodot"])("rejects %j", (domain) => {
    expect(() => didWebFor(domain)).toThrow();
  });

  it("lists every key under assertionMethod", async () => {
    const [a, b] = [await generateIssuerKey(), await generateIssuerKey()];
    const did = didWebFor("ctxh.gov.vn");
    const doc = didWebDocument(did, [a.publicKeyMultibase, b.publicKeyMultibase]);
    expect(doc.id).toBe(did);
    expect(doc.assertionMethod).toEqual([withController(a, did).id, withController(b, did).id]);
    expect(doc.verificationMethod[1]).toEqual({ id: `${did}#${b.publicKeyMultibase}`, type: "Multikey", controller: did, publicKeyMultibase: b.publicKeyMultibase });
  });
});

describe("secret encryption", () => {
  const hexKey = randomBytes(32).toString("hex");
  const b64Key = randomBytes(32).toString("base64");

  it.each([
    ["hex", hexKey],
    ["base64", b64Key],
    ["base64url", randomBytes(32).toString("base64url")],
    ["passphrase (HKDF)", "correct horse battery staple, but longer"],
  ])("round-trips with a %s master key", (_kind, master) => {
    const sealed = encryptSecret("z3u2secret", master, "did:key:z6Mk#z6Mk");
    expect(sealed).toMatch(/^enc1:1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain("z3u2secret");
    expect(decryptSecret(sealed, master, "did:key:z6Mk#z6Mk")).toBe("z3u2secret");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("x", hexKey)).not.toBe(encryptSecret("x", hexKey));
  });

  it("rejects a short passphrase", () => {
    expect(() => parseMasterKeys("short")).toThrow(/at least 16/);
    expect(() => parseMasterKeys("")).toThrow();
  });

  it("fails on a wrong key, a tampered ciphertext or a different owner", () => {
    const sealed = encryptSecret("secret", hexKey, "owner-a");
    expect(() => decryptSecret(sealed, randomBytes(32).toString("hex"), "owner-a")).toThrow(/Cannot decrypt/);
    expect(() => decryptSecret(sealed, hexKey, "owner-b")).toThrow(/Cannot decrypt/);
    const parts = sealed.split(":");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0]! ^= 1;
    parts[3] = ct.toString("base64url");
    expect(() => decryptSecret(parts.join(":"), hexKey, "owner-a")).toThrow(/Cannot decrypt/);
  });

  it("rotates the master key by version prefix", () => {
    const oldRing = parseMasterKeys(`1:${hexKey}`);
    const sealedOld = encryptSecret("secret", oldRing, "k");
    const newKey = randomBytes(32).toString("base64");
    const both = parseMasterKeys(`2:${newKey}, 1:${hexKey}`);
    expect(both.current).toBe("2");
    expect(decryptSecret(sealedOld, both, "k")).toBe("secret");
    const resealed = reencryptSecret(sealedOld, both, "k");
    expect(resealed.startsWith("enc1:2:")).toBe(true);
    expect(reencryptSecret(resealed, both, "k")).toBe(resealed);
    const onlyNew = parseMasterKeys(`2:${newKey}`);
    expect(decryptSecret(resealed, onlyNew, "k")).toBe("secret");
    expect(() => decryptSecret(sealedOld, onlyNew, "k")).toThrow(/version "1" is not configured/);
  });
});

function memoryStore(): IssuerKeyStore & { rows: StoredIssuerKey[] } {
  const rows: StoredIssuerKey[] = [];
  return {
    rows,
    list: async () => [...rows],
    add: async (key) => {
      if (rows.some((r) => r.id === key.id)) throw new Error("duplicate");
      rows.push(key);
    },
  };
}

describe("issuer key lifecycle", () => {
  const master = parseMasterKeys(randomBytes(32).toString("hex"));

  it("generates a key on first start, then reuses it", async () => {
    const store = memoryStore();
    const first = await activeIssuerKey(store, master, { now: new Date("2025-01-01T00:00:00Z") });
    expect(store.rows).toHaveLength(1);
    expect(store.rows[0]!.encryptedSecretKey).not.toContain(first.secretKeyMultibase);
    const again = await activeIssuerKey(store, master);
    expect(again).toEqual(first);
    expect(store.rows).toHaveLength(1);
  });

  it("rotation signs with the newest key and keeps trusting the old ones", async () => {
    const store = memoryStore();
    const old = await activeIssuerKey(store, master, { now: new Date("2025-01-01T00:00:00Z") });
    const rotated = await rotateIssuerKey(store, master, { now: new Date("2025-06-01T00:00:00Z") });
    expect(rotated.id).not.toBe(old.id);
    expect((await activeIssuerKey(store, master)).id).toBe(rotated.id);
    const trusted = trustedIssuersFrom(store.rows, "Sở LĐ-TB&XH");
    expect(trusted(old.controller)).toEqual({ name: "Sở LĐ-TB&XH" });
    expect(trusted(rotated.controller)).toEqual({ name: "Sở LĐ-TB&XH" });
    expect(trusted("did:key:z6MkSomeoneElse")).toBeNull();
  });

  it("did:web keys share the deployment's DID and are published in its document", async () => {
    const store = memoryStore();
    const a = await activeIssuerKey(store, master, { didWebDomain: "ctxh.gov.vn", now: new Date("2025-01-01T00:00:00Z") });
    const b = await rotateIssuerKey(store, master, { didWebDomain: "ctxh.gov.vn", now: new Date("2025-02-01T00:00:00Z") });
    expect(a.controller).toBe("did:web:ctxh.gov.vn");
    expect(b.controller).toBe("did:web:ctxh.gov.vn");
    const doc = didDocumentsFrom(store.rows)("did:web:ctxh.gov.vn");
    expect(doc?.assertionMethod).toEqual([a.id, b.id]);
    expect(didDocumentsFrom(store.rows)("did:web:other.vn")).toBeNull();
  });

  it("survives losing the first-start race to another instance", async () => {
    const store = memoryStore();
    const winner = await activeIssuerKey(memoryStore(), master);
    let listed = 0;
    const racing: IssuerKeyStore = {
      list: async () => (listed++ === 0 ? [] : store.rows),
      add: async () => {
        store.rows.push({ ...(await snapshot(winner)) });
        throw new Error("duplicate key");
      },
    };
    async function snapshot(key: typeof winner): Promise<StoredIssuerKey> {
      return { id: key.id, controller: key.controller, publicKeyMultibase: key.publicKeyMultibase, encryptedSecretKey: encryptSecret(key.secretKeyMultibase, master, key.id), createdAt: "2025-01-01T00:00:00.000Z" };
    }
    expect((await activeIssuerKey(racing, master)).id).toBe(winner.id);
  });
});
