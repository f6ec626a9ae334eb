// Which addresses a credential may carry and a QR code may print: never one
// only this machine can open (docs/decisions/013).
import type os from "node:os";
import { describe, expect, it } from "vitest";
import { isPublicHost, lanBase, normaliseBase } from "~/models/public-address.server";

function nic(address: string, internal = false, family: "IPv4" | "IPv6" = "IPv4"): os.NetworkInterfaceInfo {
  return { address, internal, family, netmask: "255.255.255.0", mac: "02:00:00:00:00:01", cidr: `${address}/24`, ...(family === "IPv6" ? { scopeid: 0 } : {}) } as os.NetworkInterfaceInfo;
}

describe("public address", () => {
  it("refuses loopback, unspecified and link-local hosts", () => {
    for (const host of ["localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "127.8.9.10", "0.0.0.0", "169.254.10.20", "[::1]", "::1", "[::]", "fe80::1", "[fe80::fc:ff:fe00:1]", "::ffff:127.0.0.1", "[::ffff:7f00:1]", ""]) {
      expect(isPublicHost(host), host).toBe(false);
    }
    for (const host of ["192.168.1.10", "10.0.0.5", "172.16.3.4", "ctxh.quangtri.gov.vn", "fd00::2", "[2001:db8::1]", "laptop.local", "::ffff:c0a8:10a"]) {
      expect(isPublicHost(host), host).toBe(true);
    }
  });

  it("normalises an address, or refuses it", () => {
    expect(normaliseBase("https://ctxh.quangtri.gov.vn/")).toBe("https://ctxh.quangtri.gov.vn");
    expect(normaliseBase(" http://192.168.1.10:3000 ")).toBe("http://192.168.1.10:3000");
    expect(normaliseBase("https://portal.example.vn/ctxh/")).toBe("https://portal.example.vn/ctxh");
    expect(normaliseBase("http://localhost:3000")).toBeNull();
    expect(normaliseBase("http://127.0.0.1:3000")).toBeNull();
    expect(normaliseBase("http://[::1]:3000")).toBeNull();
    expect(normaliseBase("http://0.0.0.0:3000")).toBeNull();
    expect(normaliseBase("http://169.254.1.2")).toBeNull();
    expect(normaliseBase("ftp://ctxh.example.vn")).toBeNull();
    expect(normaliseBase("https://ctxh.example.vn/?a=1")).toBeNull();
    expect(normaliseBase("ctxh.example.vn")).toBeNull();
  });

  it("finds the LAN address a phone on the same Wi-Fi can open", () => {
    const interfaces = {
      lo: [nic("127.0.0.1", true), nic("::1", true, "IPv6")],
      wlan0: [nic("169.254.3.4"), nic("fe80::1", false, "IPv6"), nic("192.168.1.23")],
      eth1: [nic("10.1.2.3")],
    };
    expect(lanBase(3000, "0.0.0.0", interfaces)).toBe("http://192.168.1.23:3000");
    expect(lanBase(8080, "::", interfaces)).toBe("http://192.168.1.23:8080");
    // Bound to one address: that one, if a phone can reach it.
    expect(lanBase(3000, "10.1.2.3", interfaces)).toBe("http://10.1.2.3:3000");
    // Bound to loopback: unreachable from a phone, whatever the LAN address.
    expect(lanBase(3000, "127.0.0.1", interfaces)).toBeNull();
    // Only loopback and link-local (no network, or no DHCP answer): none.
    expect(lanBase(3000, "0.0.0.0", { lo: [nic("127.0.0.1", true)], eth0: [nic("169.254.9.9")] })).toBeNull();
  });
});
