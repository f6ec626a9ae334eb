import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";

const trust = (value: string | undefined) => parseEnv({ TRUST_PROXY: value }).TRUST_PROXY;

describe("TRUST_PROXY in the forms Express documents", () => {
  it("is off when unset or empty", () => {
    expect(trust(undefined)).toBe(false);
    expect(trust("")).toBe(false);
    expect(trust("false")).toBe(false);
  });

  it("takes true as a boolean (it crashed the server before)", () => {
    expect(trust("true")).toBe(true);
    expect(trust("TRUE")).toBe(true);
  });

  it("takes a number as a hop count, not as the address 1", () => {
    expect(trust("1")).toBe(1);
    expect(trust("2")).toBe(2);
  });

  it("takes addresses, subnets and Express's names as a list", () => {
    expect(trust("loopback")).toEqual(["loopback"]);
    expect(trust("loopback, 10.0.0.0/8, 192.168.1.5, fd00::/8")).toEqual(["loopback", "10.0.0.0/8", "192.168.1.5", "fd00::/8"]);
    expect(trust("10.0.0.0/255.0.0.0,linklocal,uniquelocal")).toEqual(["10.0.0.0/255.0.0.0", "linklocal", "uniquelocal"]);
  });

  it.each(["yes", "10.0.0.0/33", "::1/129", "10.0.0.0/255.0.255.0", "300.1.1.1", "loopback,nginx", "1.2.3.4/8/9"])(
    "refuses %s with a message naming the variable",
    (value) => {
      expect(() => trust(value)).toThrow(/TRUST_PROXY: .*không hợp lệ/);
    },
  );
});

describe("the other variables server.js reads", () => {
  it("has the documented defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", BUILD_DIR: "build", WEB_CONCURRENCY: 1, COOKIE_SECURE: "auto", LOG_LEVEL: "info" });
  });

  it("treats an empty value as unset", () => {
    const env = parseEnv({ PORT: "", DATABASE_URL: "" });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["PORT", "70000"],
    ["PORT", "abc"],
    ["WEB_CONCURRENCY", "0"],
    ["WEB_CONCURRENCY", "two"],
    ["COOKIE_SECURE", "yes"],
    ["LOG_LEVEL", "verbose"],
    ["DATABASE_URL", "not a url"],
  ])("refuses %s=%s, naming it", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`invalid environment:\\n  ${name}: `));
  });

  it("accepts COOKIE_SECURE=true/false/auto", () => {
    expect(parseEnv({ COOKIE_SECURE: "true" }).COOKIE_SECURE).toBe("true");
    expect(parseEnv({ COOKIE_SECURE: "false" }).COOKIE_SECURE).toBe("false");
    expect(parseEnv({ COOKIE_SECURE: "auto" }).COOKIE_SECURE).toBe("auto");
  });
});
