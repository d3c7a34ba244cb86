// Listening TCP ports from a container's /proc/net/tcp and /proc/net/tcp6 (state 0A), and how to reach one from
// the user's machine without publishing it on the host's interfaces: `ssh -L` to the container's own address.
import { problem } from '../problem';

export interface ListeningPort {
  port: number;
  /** "0.0.0.0", "127.0.0.1", "::", "::1", or another address in the container. */
  address: string;
  /** Bound to loopback inside the container: nothing outside it can connect, forwarded or not. */
  loopbackOnly: boolean;
}

function ipv4(hex: string): string {
  const n = hex
    .match(/../g)!
    .map((b) => parseInt(b, 16))
    .reverse();
  return n.join('.');
}

function ipv6(hex: string): string {
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  // Each 32-bit word is in host (little-endian) order.
  const words = hex.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
  return words
    .join('')
    .match(/.{4}/g)!
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':');
}

export function listeningPorts(procNetTcp: string): ListeningPort[] {
  const seen = new Map<string, ListeningPort>();
  for (const line of procNetTcp.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || f[3] !== '0A' || !f[1].includes(':')) continue;
    const [addrHex, portHex] = f[1].split(':');
    if (!/^[0-9A-Fa-f]+$/.test(addrHex) || !/^[0-9A-Fa-f]{4}$/.test(portHex)) continue;
    const address = addrHex.length === 8 ? ipv4(addrHex) : ipv6(addrHex);
    const port = parseInt(portHex, 16);
    const key = `${address}:${port}`;
    if (!seen.has(key)) seen.set(key, { port, address, loopbackOnly: address.startsWith('127.') || address === '::1' });
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || a.address.localeCompare(b.address));
}

/** A port typed by a user: 1-65535, else one problem naming it. */
export function parsePort(text: string): number {
  const t = text.trim();
  const n = /^\d{1,5}$/.test(t) ? Number(t) : NaN;
  if (n >= 1 && n <= 65535) return n;
  throw problem('usage', `${JSON.stringify(text)} is not a port number.`, 'Give a number from 1 to 65535, e.g. 8888.');
}

/** How a terminal user reaches `port` of the container from their own machine; null with why when nothing can. */
export function reachBy(
  port: ListeningPort,
  net: { mode: string; ip: string | null },
  login: { user: string; host: string },
): { command: string | null; url: string | null; why: string | null } {
  if (port.loopbackOnly)
    return { command: null, url: null, why: `it listens on ${port.address} inside the container only: start it on 0.0.0.0 (e.g. jupyter lab --ip 0.0.0.0)` };
  const target = net.mode === 'host' ? 'localhost' : net.ip;
  if (!target) return { command: null, url: null, why: `the container has no network (mode ${net.mode})` };
  return { command: `ssh -N -L ${port.port}:${target}:${port.port} ${login.user}@${login.host}`, url: `http://localhost:${port.port}/`, why: null };
}
