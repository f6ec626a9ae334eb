import { describe, expect, it } from "vitest";
import { createDocumentLoader } from "~/credentials/contexts.server";
import {
  buildAchievementCredential,
  holderMatches,
  identityHash,
  signCredential,
  type AchievementCredentialInput,
  type SignedAchievementCredential,
} from "~/credentials/issue.server";
import { didWebDocument, didWebFor, generateIssuerKey, withController, type IssuerKey } from "~/credentials/keys.server";
import { addProof } from "~/credentials/proof.server";
import { buildStatusListCredential, createEncodedStatusList, setStatus } from "~/credentials/status-list.server";
import { changedFields, verifyCredential, type CheckName, type VerifyOptions, type VerifyResult } from "~/credentials/verify.server";

const ISSUER_NAME = "Trung tâm Công tác xã hội tỉnh Mẫu";
const STATUS_URL = "https://ctxh.example.vn/credentials/status/1";
const NOW = new Date("2026-03-01T03:00:00Z");

function input(key: IssuerKey, overrides: Partial<AchievementCredentialInput> = {}): AchievementCredentialInput {
  return {
    id: "https://ctxh.example.vn/verify/CT-2026-000123",
    issuer: { id: key.controller, name: ISSUER_NAME, url: "https://ctxh.example.vn" },
    validFrom: "2026-01-15T00:00:00+07:00",
    validUntil: "2031-01-15T00:00:00+07:00",
    holder: { name: "Nguyễn Thị Bích Ngọc", identity: { type: "nationalId", value: "001 190 000 123", salt: "5c1f0a" } },
    achievement: {
      id: "https://ctxh.example.vn/courses/ctxh-co-ban",
      name: "Kỹ năng công tác xã hội cơ bản",
      description: "Khoá bồi dưỡng cho cán bộ, cộng tác viên công tác xã hội cấp xã.",
      criteria: "Hoàn thành 6 bài học và đạt bài kiểm tra cuối khoá từ 80% trở lên.",
      hours: 24,
      humanCode: "CTXH-01",
    },
    status: { statusListCredential: STATUS_URL, statusListIndex: 42 },
    ...overrides,
  };
}

async function setup(options: { revoked?: number[]; key?: IssuerKey } = {}) {
  const key = options.key ?? (await generateIssuerKey());
  let encodedList = await createEncodedStatusList();
  for (const index of options.revoked ?? []) encodedList = await setStatus(encodedList, index, true);
  const statusList = await signCredential(
    buildStatusListCredential({ id: STATUS_URL, issuer: key.controller, encodedList, validFrom: new Date("2026-02-01T00:00:00Z") }),
    key,
  );
  const credential = await signCredential(buildAchievementCredential(input(key)), key, { created: new Date("2026-01-15T02:00:00Z") });
  const options_: VerifyOptions = {
    trustedIssuers: (did) => (did === key.controller ? { name: ISSUER_NAME } : null),
    fetchStatusList: async (url) => (url === STATUS_URL ? structuredClone(statusList) : null),
    now: NOW,
    original: async (id) => (id === credential.id ? structuredClone(credential) : null),
  };
  return { key, credential, statusList, options: options_ };
}

const check = (result: VerifyResult, name: CheckName) => result.checks.find((c) => c.name === name)!;
const clone = <T>(value: T): T => structuredClone(value);

describe("buildAchievementCredential", () => {
  it("builds an OB 3.0 AchievementCredential", async () => {
    const key = await generateIssuerKey();
    const credential = buildAchievementCredential(input(key));
    expect(credential).toMatchObject({
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      id: "https://ctxh.example.vn/verify/CT-2026-000123",
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      issuer: { id: key.controller, type: "Profile", name: ISSUER_NAME, url: "https://ctxh.example.vn" },
      validFrom: "2026-01-14T17:00:00Z",
      validUntil: "2031-01-14T17:00:00Z",
      name: "Kỹ năng công tác xã hội cơ bản",
      credentialSubject: {
        type: "AchievementSubject",
        name: "Nguyễn Thị Bích Ngọc",
        achievement: {
          id: "https://ctxh.example.vn/courses/ctxh-co-ban",
          type: "Achievement",
          achievementType: "CertificateOfCompletion",
          criteria: { narrative: "Hoàn thành 6 bài học và đạt bài kiểm tra cuối khoá từ 80% trở lên." },
          creditsAvailable: 24,
          humanCode: "CTXH-01",
        },
      },
      credentialStatus: {
        id: `${STATUS_URL}#42`,
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: "42",
        statusListCredential: STATUS_URL,
      },
    });
  });

  it("keeps the national ID only as a salted OB IdentityHash", async () => {
    const credential = buildAchievementCredential(input(await generateIssuerKey()));
    expect(JSON.stringify(credential)).not.toContain("001190000123");
    expect(credential.credentialSubject.identifier).toEqual([
      { type: "IdentityObject", identityType: "name", hashed: false, identityHash: "Nguyễn Thị Bích Ngọc" },
      { type: "IdentityObject", identityType: "nationalIdentityNumber", hashed: true, identityHash: identityHash("001190000123", "5c1f0a"), salt: "5c1f0a" },
    ]);
    expect(identityHash("001190000123", "5c1f0a")).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(holderMatches(credential, "nationalId", "001190000123")).toBe(true);
    expect(holderMatches(credential, "nationalId", "001190000124")).toBe(false);
    expect(holderMatches(credential, "phone", "0912345678")).toBe(false);
  });

  it("hashes a phone number in normalized form with a random salt by default", async () => {
    const key = await generateIssuerKey();
    const credential = buildAchievementCredential(input(key, { holder: { name: "Lê Văn Tâm", identity: { type: "phone", value: "+84 912 345 678" } } }));
    const [, phone] = credential.credentialSubject.identifier;
    expect(phone).toMatchObject({ identityType: "ext:phoneNumber", hashed: true });
    expect(phone!.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(holderMatches(credential, "phone", "0912.345.678")).toBe(true);
  });

  it("omits optional parts and rejects bad input", async () => {
    const key = await generateIssuerKey();
    const minimal = buildAchievementCredential(
      input(key, { validUntil: null, status: undefined, holder: { name: "  Trần An " }, issuer: { id: key.controller, name: ISSUER_NAME } }),
    );
    expect(minimal).not.toHaveProperty("validUntil");
    expect(minimal).not.toHaveProperty("credentialStatus");
    expect(minimal.issuer).not.toHaveProperty("url");
    expect(minimal.credentialSubject.identifier).toHaveLength(1);
    expect(minimal.credentialSubject.name).toBe("Trần An");
    expect(() => buildAchievementCredential(input(key, { holder: { name: " " } }))).toThrow();
    expect(() => buildAchievementCredential(input(key, { validFrom: "hôm qua" }))).toThrow(/Invalid date/);
    expect(() =>
      buildAchievementCredential(input(key, { holder: { name: "A", identity: { type: "nationalId", value: "123" } } })),
    ).toThrow(/nationalId/);
  });
});

describe("signCredential", () => {
  it("adds an eddsa-rdfc-2022 DataIntegrityProof for assertionMethod", async () => {
    const { key, credential } = await setup();
    expect(credential.proof).toEqual({
      type: "DataIntegrityProof",
      created: "2026-01-15T02:00:00Z",
      verificationMethod: key.id,
      cryptosuite: "eddsa-rdfc-2022",
      proofPurpose: "assertionMethod",
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/),
    });
  });

  it("refuses a key that does not belong to the issuer", async () => {
    const [issuer, other] = [await generateIssuerKey(), await generateIssuerKey()];
    await expect(signCredential(buildAchievementCredential(input(issuer)), other)).rejects.toThrow(/not by the credential's issuer/);
  });
});

describe("verifyCredential", () => {
  it("accepts a freshly issued credential, pasted as text or as an object", async () => {
    const { credential, options } = await setup();
    for (const json of [JSON.stringify(credential, null, 2), credential]) {
      const result = await verifyCredential(json, options);
      expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
        ["format", true],
        ["signature", true],
        ["issuer", true],
        ["validity", true],
        ["revocation", true],
      ]);
      expect(result.ok).toBe(true);
      expect(check(result, "issuer").message).toBe(`Bên cấp được công nhận: ${ISSUER_NAME}.`);
      expect(check(result, "validity").message).toBe("Còn hiệu lực từ ngày 15/01/2026 đến ngày 15/01/2031.");
      expect(check(result, "revocation").message).toBe("Chứng nhận chưa bị thu hồi (theo danh sách cập nhật ngày 01/02/2026).");
      expect(result.credential).toEqual({
        id: credential.id,
        name: "Kỹ năng công tác xã hội cơ bản",
        issuerId: credential.issuer.id,
        issuerName: ISSUER_NAME,
        holderName: "Nguyễn Thị Bích Ngọc",
        achievementName: "Kỹ năng công tác xã hội cơ bản",
        hours: 24,
        validFrom: "2026-01-14T17:00:00Z",
        validUntil: "2031-01-14T17:00:00Z",
      });
    }
  });

  it("a changed holder name fails the signature, naming the changed field", async () => {
    const { credential, options } = await setup();
    const forged = clone(credential);
    forged.credentialSubject.name = "Nguyễn Văn Giả";
    const result = await verifyCredential(forged, options);
    expect(result.ok).toBe(false);
    const signature = check(result, "signature");
    expect(signature.ok).toBe(false);
    expect(signature.message).toMatch(/^Chữ ký không hợp lệ: nội dung chứng nhận đã bị sửa sau khi ký\./);
    expect(signature.message).toContain("họ tên người được cấp (credentialSubject.name)");
    // The other checks still run, so the page shows the whole picture.
    expect(check(result, "issuer").ok).toBe(true);
  });

  it("says the signature is invalid even without the original to compare", async () => {
    const { credential, options } = await setup();
    const forged = clone(credential);
    forged.validUntil = "2099-01-01T00:00:00Z";
    const result = await verifyCredential(forged, { ...options, original: undefined });
    expect(check(result, "signature").message).toBe("Chữ ký không hợp lệ: nội dung chứng nhận đã bị sửa sau khi ký.");
  });

  it.each<[string, (c: SignedAchievementCredential) => void]>([
    ["the course name", (c) => void (c.credentialSubject.achievement.name = "Thạc sĩ CTXH")],
    ["the hours", (c) => void (c.credentialSubject.achievement.creditsAvailable = 240)],
    ["the revocation entry", (c) => void (c.credentialStatus!.statusListIndex = "43")],
    ["the proof date", (c) => void (c.proof.created = "2026-01-16T02:00:00Z")],
    ["an added property", (c) => Object.assign(c.credentialSubject, { grade: "Xuất sắc" })],
  ])("tampering with %s fails the signature", async (_what, tamper) => {
    const { credential, options } = await setup();
    const forged = clone(credential);
    tamper(forged);
    const result = await verifyCredential(forged, options);
    expect(check(result, "signature").ok).toBe(false);
    expect(check(result, "signature").message).toMatch(/^Chữ ký không hợp lệ: nội dung chứng nhận đã bị sửa sau khi ký/);
  });

  it("names an added field when the original is at hand", async () => {
    const { credential, options } = await setup();
    const forged = clone(credential);
    Object.assign(forged.credentialSubject, { grade: "Xuất sắc" });
    const message = check(await verifyCredential(forged, options), "signature").message;
    expect(message).toContain("có trường dữ liệu không thuộc chuẩn");
    expect(message).toContain("credentialSubject.grade");
  });

  it("refuses inline or nested contexts, which could relabel signed data", async () => {
    const { credential, options } = await setup();
    const inline = clone(credential) as unknown as { "@context": unknown[] };
    inline["@context"].push({ hoTen: "https://schema.org/name" });
    expect(check(await verifyCredential(inline, options), "format").message).toContain("ngữ cảnh JSON-LD nhúng");
    const nested = clone(credential) as unknown as { credentialSubject: Record<string, unknown> };
    nested.credentialSubject["@context"] = { hoTen: "https://schema.org/name" };
    expect(check(await verifyCredential(nested, options), "format").ok).toBe(false);
  });

  it("an unknown issuer fails the issuer check, naming it", async () => {
    const { credential, options } = await setup();
    const result = await verifyCredential(credential, { ...options, trustedIssuers: () => null });
    expect(check(result, "signature").ok).toBe(true);
    expect(check(result, "issuer")).toEqual({
      name: "issuer",
      ok: false,
      message: `Bên cấp không được công nhận: “${ISSUER_NAME}” (${credential.issuer.id}) không có trong danh sách đơn vị cấp chứng nhận của hệ thống.`,
    });
    expect(result.ok).toBe(false);
  });

  it("a forger's own key, claiming a trusted issuer, fails the signature", async () => {
    const { key, credential, options } = await setup();
    const forger = await generateIssuerKey();
    const { proof: _proof, ...unsigned } = clone(credential);
    // Sign as the trusted issuer's name and DID, but with the forger's key.
    const forged = await addProof(unsigned, forger);
    expect(forged.issuer.id).toBe(key.controller);
    const result = await verifyCredential(forged, options);
    expect(check(result, "signature")).toMatchObject({ ok: false });
    expect(check(result, "signature").message).toContain("khoá không thuộc bên cấp");
  });

  it("an expired credential fails validity with its end date", async () => {
    const { credential, options } = await setup();
    const result = await verifyCredential(credential, { ...options, now: new Date("2031-02-01T00:00:00Z") });
    expect(check(result, "validity")).toEqual({ name: "validity", ok: false, message: "Chứng nhận đã hết hạn ngày 15/01/2031." });
    expect(check(result, "signature").ok).toBe(true);
    expect(result.ok).toBe(false);
  });

  it("validUntil in the past at issue time also fails validity", async () => {
    const key = await generateIssuerKey();
    const { options } = await setup({ key });
    const old = await signCredential(
      buildAchievementCredential(input(key, { validFrom: "2020-01-01T00:00:00Z", validUntil: "2021-01-01T00:00:00Z" })),
      key,
    );
    const result = await verifyCredential(old, options);
    expect(check(result, "validity").message).toBe("Chứng nhận đã hết hạn ngày 01/01/2021.");
  });

  it("a credential not yet valid fails validity", async () => {
    const { credential, options } = await setup();
    const result = await verifyCredential(credential, { ...options, now: new Date("2025-12-31T00:00:00Z") });
    expect(check(result, "validity").message).toBe("Chứng nhận chưa có hiệu lực: hiệu lực từ ngày 15/01/2026.");
  });

  it("a revoked credential fails revocation", async () => {
    const { credential, options } = await setup({ revoked: [42] });
    const result = await verifyCredential(credential, options);
    expect(check(result, "revocation")).toEqual({ name: "revocation", ok: false, message: "Chứng nhận đã bị thu hồi." });
    expect(check(result, "signature").ok).toBe(true);
    expect(result.ok).toBe(false);
  });

  it("another certificate's revocation does not affect this one", async () => {
    const { credential, options } = await setup({ revoked: [41, 43] });
    expect((await verifyCredential(credential, options)).ok).toBe(true);
  });

  it("fails revocation when the status list cannot be trusted or found", async () => {
    const { credential, statusList, options } = await setup({ revoked: [42] });
    const missing = await verifyCredential(credential, { ...options, fetchStatusList: async () => null });
    expect(check(missing, "revocation").message).toBe(`Không kiểm tra được tình trạng thu hồi: không tải được danh sách trạng thái ${STATUS_URL}.`);

    const throwing = await verifyCredential(credential, { ...options, fetchStatusList: async () => Promise.reject(new Error("db down")) });
    expect(check(throwing, "revocation").ok).toBe(false);

    // The revoked bit cleared without re-signing the list.
    const cleared = clone(statusList);
    cleared.credentialSubject.encodedList = await createEncodedStatusList();
    const unsigned = await verifyCredential(credential, { ...options, fetchStatusList: async () => cleared });
    expect(check(unsigned, "revocation").message).toContain("chữ ký của danh sách trạng thái không hợp lệ");

    // A list signed by someone else.
    const stranger = await generateIssuerKey();
    const foreign = await signCredential(buildStatusListCredential({ id: STATUS_URL, issuer: stranger.controller, encodedList: await createEncodedStatusList() }), stranger);
    const other = await verifyCredential(credential, { ...options, fetchStatusList: async () => foreign });
    expect(check(other, "revocation").message).toContain("không do cùng bên cấp phát hành");
  });

  it("a credential signed with an old key still verifies after rotation", async () => {
    const oldKey = await generateIssuerKey();
    const { credential: oldCredential } = await setup({ key: oldKey });
    const newKey = await generateIssuerKey();
    const { credential: newCredential, statusList: newList } = await setup({ key: newKey });
    const { statusList: oldList } = await setup({ key: oldKey });
    const trusted = new Set([oldKey.controller, newKey.controller]);
    const options: VerifyOptions = {
      trustedIssuers: (did) => (trusted.has(did) ? { name: ISSUER_NAME } : null),
      // Each key's issuer keeps publishing its own status list.
      fetchStatusList: async () => null,
      now: NOW,
    };
    const lists = new Map([
      [oldKey.controller, oldList],
      [newKey.controller, newList],
    ]);
    const verify = (c: SignedAchievementCredential) => verifyCredential(c, { ...options, fetchStatusList: async () => lists.get(c.issuer.id) });
    expect((await verify(oldCredential)).ok).toBe(true);
    expect((await verify(newCredential)).ok).toBe(true);
    // Distrusting the old key (e.g. after a leak) makes only its credentials fail.
    trusted.delete(oldKey.controller);
    expect(check(await verify(oldCredential), "issuer").ok).toBe(false);
    expect((await verify(newCredential)).ok).toBe(true);
  });

  it("did:web: old and new keys verify while the DID document lists them", async () => {
    const did = didWebFor("ctxh.example.vn");
    const oldKey = withController(await generateIssuerKey(), did);
    const newKey = withController(await generateIssuerKey(), did);
    const published = [oldKey.publicKeyMultibase, newKey.publicKeyMultibase];
    const documentLoader = createDocumentLoader({ didDocuments: (d) => (d === did ? didWebDocument(did, published) : null) });
    const encodedList = await createEncodedStatusList();
    const list = await signCredential(buildStatusListCredential({ id: STATUS_URL, issuer: did, encodedList }), newKey);
    const options: VerifyOptions = {
      trustedIssuers: (d) => (d === did ? { name: ISSUER_NAME } : null),
      fetchStatusList: async () => list,
      now: NOW,
      documentLoader,
    };
    const oldCredential = await signCredential(buildAchievementCredential(input(oldKey)), oldKey);
    const newCredential = await signCredential(buildAchievementCredential(input(newKey)), newKey);
    expect((await verifyCredential(oldCredential, options)).ok).toBe(true);
    expect((await verifyCredential(newCredential, options)).ok).toBe(true);
    // A key dropped from the DID document no longer verifies.
    published.shift();
    const dropped = await verifyCredential(oldCredential, options);
    expect(check(dropped, "signature").ok).toBe(false);
    expect(check(dropped, "signature").message).toContain("không tìm thấy khoá công khai");
  });

  it("a did:web credential cannot be checked without the published DID document", async () => {
    const did = didWebFor("ctxh.example.vn");
    const key = withController(await generateIssuerKey(), did);
    const credential = await signCredential(buildAchievementCredential(input(key)), key);
    const result = await verifyCredential(credential, { trustedIssuers: () => ({ name: ISSUER_NAME }), fetchStatusList: async () => null, now: NOW });
    expect(check(result, "signature").message).toContain(`không tìm thấy khoá công khai ${key.id}`);
  });

  it.each<[string, unknown, string]>([
    ["not JSON", "{ day la chung nhan", "Không đọc được nội dung: đây không phải JSON hợp lệ."],
    ["a JSON array", "[]", "Nội dung không phải một chứng nhận số (cần một đối tượng JSON)."],
    ["null", null, "Nội dung không phải một chứng nhận số (cần một đối tượng JSON)."],
    ["a VC 1.1 credential", { "@context": ["https://www.w3.org/2018/credentials/v1"], type: ["VerifiableCredential"] }, "@context phải bắt đầu bằng"],
    ["a huge upload", "x".repeat(300_000), "Tệp quá lớn"],
    ["deeply nested JSON", `{"@context":["https://www.w3.org/ns/credentials/v2"],"x":${"[".repeat(5000)}${"]".repeat(5000)}}`, "lồng nhau quá nhiều tầng"],
  ])("rejects %s as a format failure", async (_what, json, message) => {
    const result = await verifyCredential(json, { trustedIssuers: () => null, fetchStatusList: async () => null });
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: "format", ok: false });
    expect(result.checks[0]!.message).toContain(message);
    expect(result.checks.map((c) => c.name)).toEqual(["format", "signature", "issuer", "validity", "revocation"]);
    expect(result.checks.slice(1).every((c) => !c.ok)).toBe(true);
  });

  it("rejects a badge without an achievement, or without a proof", async () => {
    const { credential, options } = await setup();
    const noAchievement = clone(credential) as unknown as { credentialSubject: Record<string, unknown> };
    delete noAchievement.credentialSubject.achievement;
    expect(check(await verifyCredential(noAchievement, options), "format").message).toContain("credentialSubject.achievement");
    const { proof: _proof, ...unsigned } = clone(credential);
    expect(check(await verifyCredential(unsigned, options), "signature").message).toBe("Chữ ký không hợp lệ: chứng nhận không có chữ ký số (proof).");
  });
});

describe("changedFields", () => {
  it("lists the paths that differ", () => {
    expect(changedFields({ a: 1, b: { c: [1, 2] }, d: "x" }, { a: 1, b: { c: [1, 3] }, e: "y" })).toEqual(["b.c.1", "d", "e"]);
  });
});
