import { describe, expect, it } from "vitest";
import { main } from "../main.js";

function capture() {
  let text = "";
  return { stream: { write: (s: string) => ((text += s), true), isTTY: false }, text: () => text };
}

describe("demo serve", () => {
  it("prints its loopback URL, serves until the signal ends it, then exits 0", async () => {
    const out = capture();
    const err = capture();
    const controller = new AbortController();
    const done = main(["serve", "--port", "0"], { stdout: out.stream, stderr: err.stream, env: { TOOLWEAVE_SIM_NOW: "2026-11-25T12:00:00Z" }, cwd: "/nonexistent", signal: controller.signal });
    await expect.poll(() => out.text(), { timeout: 30_000 }).toMatch(/on http:\/\/127\.0\.0\.1:\d+\/\n/);
    expect(out.text()).toMatch(
      /^toolweave service timelines \(simulated CircleCI and Circonus\) on http:\/\/127\.0\.0\.1:(\d+)\/\nOpen it in a browser; Ctrl-C stops\.\nToolJump's extension: in its settings, turn demo mode off and set host: http:\/\/127\.0\.0\.1:\1, secure token: leave it empty \(set TOOLWEAVE_SERVE_TOKEN to require one\)\.\n$/,
    );
    const url = /(http:\/\/\S+\/)/.exec(out.text())![1]!;
    const page = await fetch(`${url}services/checkout`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1 id="service-title">checkout</h1>');
    controller.abort();
    expect(await done).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
    expect(err.text()).toBe("");
  }, 60_000);

  it("tells ToolJump's extension to send TOOLWEAVE_SERVE_TOKEN when it is set, without printing it", async () => {
    const token = "tj-serve-token-4f9c2a7e1b3d5c6a";
    const out = capture();
    const err = capture();
    const controller = new AbortController();
    const done = main(["serve", "--port", "0"], { stdout: out.stream, stderr: err.stream, env: { TOOLWEAVE_SIM_NOW: "2026-11-25T12:00:00Z", TOOLWEAVE_SERVE_TOKEN: token }, cwd: "/nonexistent", signal: controller.signal });
    await expect.poll(() => out.text(), { timeout: 30_000 }).toMatch(/secure token/);
    expect(out.text()).toMatch(/\nToolJump's extension: in its settings, turn demo mode off and set host: http:\/\/127\.0\.0\.1:\d+, secure token: the value of TOOLWEAVE_SERVE_TOKEN\.\n$/);
    controller.abort();
    expect(await done).toBe(0);
    expect(out.text() + err.text()).not.toContain(token);
  }, 60_000);

  it("refuses another interface than loopback without TOOLWEAVE_SERVE_TOKEN, and a short token, before starting anything", async () => {
    for (const [env, message] of [
      [{}, /--host 0\.0\.0\.0 makes the server reachable from other machines, and TOOLWEAVE_SERVE_TOKEN is not set[\s\S]*fix: Set TOOLWEAVE_SERVE_TOKEN to a long random value/],
      [{ TOOLWEAVE_SERVE_TOKEN: "secret12" }, /TOOLWEAVE_SERVE_TOKEN must be at least 16 characters without spaces \(it is 8\)[\s\S]*fix: Use a long random value/],
      [{ TOOLWEAVE_SERVE_TOKEN_FILE: "missing-token-file" }, /Cannot read TOOLWEAVE_SERVE_TOKEN_FILE \(missing-token-file\): ENOENT/],
    ] as const) {
      const out = capture();
      const err = capture();
      expect(await main(["serve", "--host", "0.0.0.0", "--port", "0"], { stdout: out.stream, stderr: err.stream, env: { ...env }, cwd: "/nonexistent" })).toBe(2);
      expect(err.text()).toMatch(message);
      expect(err.text()).not.toContain("secret12");
      expect(out.text()).toBe("");
    }
  }, 30_000);

  it("refuses options that do not apply, before starting anything", async () => {
    for (const [argv, message] of [
      [["serve", "--json"], /serve has no --json output; its JSON is at \/api\/services/],
      [["status", "checkout", "--host", "0.0.0.0"], /--host applies to the serve command only/],
      [["serve", "--host", " "], /--host needs an address/],
      [["serve", "--port", "70000"], /--port must be a number from 0 to 65535/],
    ] as const) {
      const out = capture();
      const err = capture();
      expect(await main([...argv], { stdout: out.stream, stderr: err.stream, env: {}, cwd: "/nonexistent" }), argv.join(" ")).toBe(2);
      expect(err.text() + out.text()).toMatch(message);
    }
  }, 30_000);
});
