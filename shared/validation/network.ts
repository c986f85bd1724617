/** Address and port syntax for the network forms; works in the renderer too (no node:net). */

const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

/** The 8 groups of an IPv6 address (with :: expanded and a trailing dotted IPv4 folded in), or null. */
function ipv6Groups(value: string): number[] | null {
  let text = value;
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    if (!isIPv4(dotted[1] ?? '')) return null;
    const [a, b, c, d] = (dotted[1] ?? '').split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups.map((g) => parseInt(g, 16)) : null;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...Array<number>(missing).fill(0), ...tail] : null;
}

export function isIPv6(value: string): boolean {
  return ipv6Groups(value) !== null;
}

export type CidrProblem = 'address' | 'prefix' | 'hostBits';

/** Why "address/prefix" is not a network (null when it is); host bits must be zero, as an allocation names a network. */
export function cidrProblem(value: string): CidrProblem | null {
  const [address = '', prefixText, ...rest] = value.trim().split('/');
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return 'prefix';
  const prefix = Number(prefixText);
  if (isIPv4(address)) {
    if (prefix > 32) return 'prefix';
    const bits = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
    return bits % 2 ** (32 - prefix) === 0 ? null : 'hostBits';
  }
  const groups = ipv6Groups(address);
  if (groups === null) return 'address';
  if (prefix > 128) return 'prefix';
  const bits = groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
  return (bits & ((1n << BigInt(128 - prefix)) - 1n)) === 0n ? null : 'hostBits';
}

/** "443", "8000-8080", or a comma-separated list of both; every port 1–65535, ranges ascending. */
export function isPortList(value: string): boolean {
  const items = value.split(/[,\uFF0C]/).map((s) => s.trim());
  return (
    items.length > 0 &&
    items.every((item) => {
      const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(item);
      if (match === null) return false;
      const [from, to] = [Number(match[1]), Number(match[2] ?? match[1])];
      return from >= 1 && to <= 65535 && from <= to;
    })
  );
}
