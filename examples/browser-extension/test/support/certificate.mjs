// A throwaway self-signed certificate for the stand-in sites, made with openssl in a temp dir at
// each run (nothing to commit, nothing to expire). Chromium trusts exactly this key through
// --ignore-certificate-errors-spki-list, not every certificate.
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * @param {string[]} hosts DNS names the certificate is for
 * @returns {{ key: Buffer, cert: Buffer, spkiSha256: string }}
 */
export function makeCertificate(hosts) {
  const dir = mkdtempSync(join(tmpdir(), "toolweave-extension-cert-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync("/usr/bin/openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=toolweave test stand-in",
      "-addext", `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
    ], { stdio: "pipe" });
    const pem = readFileSync(cert);
    const spki = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
    return { key: readFileSync(key), cert: pem, spkiSha256: createHash("sha256").update(spki).digest("base64") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
