/**
 * TLS material for the sandbox: a private CA and a 127.0.0.1/localhost server certificate it signs. The Azure SDK
 * refuses bearer tokens over plain HTTP, so the sandbox must speak HTTPS; clients trust it through the CA PEM alone.
 * EC P-256 keys through Node's WebCrypto take milliseconds, so a fresh pair at every start costs nothing.
 */
// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

export interface SandboxCertificates {
  readonly caPem: string;
  /** Where the CA PEM was written: what clients read and pass as `tlsOptions.ca`. */
  readonly caCertFile: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Removes the temp dir (nothing with a state dir, whose CA is meant to outlive the process). */
  dispose(): void;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

type CryptoKey = webcrypto.CryptoKey;

// Node's WebCrypto is the standard one; the cast only bridges Node's and the DOM's type declarations.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/**
 * Creates the certificates. With `stateDir`, the CA (and its key, readable by the owner only) is reused across
 * restarts so that a client which trusted it once keeps working; without it, everything lives in a fresh temp dir.
 */
export async function createCertificates(stateDir?: string): Promise<SandboxCertificates> {
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'aigw-sandbox-'));
  mkdirSync(dir, { recursive: true });
  const caCertFile = join(dir, 'sandbox-ca.pem');
  const caKeyFile = join(dir, 'sandbox-ca-key.pem');

  const ca = stateDir && existsSync(caCertFile) && existsSync(caKeyFile) ? await loadCa(caCertFile, caKeyFile) : await createCa();
  if (!existsSync(caCertFile) || !stateDir) writeFileSync(caCertFile, ca.certPem);
  if (stateDir && !existsSync(caKeyFile)) writeFileSync(caKeyFile, await exportKeyPem(ca.privateKey), { mode: 0o600 });

  const server = await createServerCertificate(ca);
  const dispose = (): void => {
    if (!stateDir) rmSync(dir, { recursive: true, force: true });
  };
  return { caPem: ca.certPem, caCertFile, certPem: server.certPem, keyPem: server.keyPem, dispose };
}

interface CertificateAuthority {
  readonly cert: x509.X509Certificate;
  readonly certPem: string;
  readonly privateKey: CryptoKey;
}

async function createCa(): Promise<CertificateAuthority> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=AI Gateway local sandbox CA',
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 3650 * DAY_MS),
    signingAlgorithm: SIGN,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, certPem: cert.toString('pem'), privateKey: keys.privateKey };
}

async function loadCa(certFile: string, keyFile: string): Promise<CertificateAuthority> {
  const certPem = readFileSync(certFile, 'utf8');
  const cert = new x509.X509Certificate(certPem);
  const der = x509.PemConverter.decodeFirst(readFileSync(keyFile, 'utf8'));
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, EC, true, ['sign']);
  return { cert, certPem, privateKey };
}

async function createServerCertificate(ca: CertificateAuthority): Promise<{ certPem: string; keyPem: string }> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=127.0.0.1',
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 365 * DAY_MS),
    signingAlgorithm: SIGN,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function randomSerial(): string {
  // A positive serial: the first hex digit below 8 keeps the DER integer's sign bit clear.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0] & 0x7f;
  return Buffer.from(bytes).toString('hex');
}
