/**
 * The slice of Structured Field Values (RFC 8941) that Signature-Input and Signature use: a
 * dictionary whose members are inner lists of strings with parameters, or byte sequences.
 */
export type BareItem = string | number | boolean | Uint8Array;
export type Parameters = [string, BareItem][];
export interface InnerList {
  items: string[];
  params: Parameters;
}

export class StructuredFieldError extends Error {}

export function serializeInnerList(list: InnerList): string {
  return `(${list.items.map(serializeString).join(' ')})${serializeParams(list.params)}`;
}

export function serializeParams(params: Parameters): string {
  return params.map(([key, value]) => (value === true ? `;${key}` : `;${key}=${serializeBare(value)}`)).join('');
}

function serializeBare(value: BareItem): string {
  if (typeof value === 'number') return String(Math.trunc(value));
  if (typeof value === 'boolean') return value ? '?1' : '?0';
  if (value instanceof Uint8Array) return `:${Buffer.from(value).toString('base64')}:`;
  return serializeString(value);
}

function serializeString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new StructuredFieldError('string outside printable ASCII');
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** Parses a dictionary of inner lists (Signature-Input) or byte sequences (Signature). */
export function parseDictionary(text: string): Map<string, InnerList | Uint8Array> {
  const parser = new Parser(text);
  const members = new Map<string, InnerList | Uint8Array>();
  parser.spaces();
  while (!parser.done) {
    const key = parser.key();
    parser.expect('=');
    members.set(key, parser.peek() === '(' ? parser.innerList() : parser.bytes());
    parser.spaces();
    if (parser.done) break;
    parser.expect(',');
    parser.spaces();
  }
  return members;
}

class Parser {
  #at = 0;
  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.#at >= this.text.length;
  }
  peek(): string {
    return this.text[this.#at] ?? '';
  }
  spaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.#at++;
  }
  expect(char: string): void {
    if (this.peek() !== char) throw new StructuredFieldError(`expected ${char} at ${this.#at}`);
    this.#at++;
  }
  key(): string {
    const match = /^[a-z*][a-z0-9_\-.*]*/.exec(this.text.slice(this.#at));
    if (!match) throw new StructuredFieldError(`expected a key at ${this.#at}`);
    this.#at += match[0].length;
    return match[0];
  }
  innerList(): InnerList {
    this.expect('(');
    const items: string[] = [];
    for (;;) {
      this.spaces();
      if (this.peek() === ')') break;
      items.push(this.string());
      // Component parameters (;req, ;key=…) are not used by SealDesk's profile and are refused.
      if (this.peek() === ';') throw new StructuredFieldError('component parameters are not supported');
    }
    this.expect(')');
    return { items, params: this.params() };
  }
  params(): Parameters {
    const params: Parameters = [];
    while (this.peek() === ';') {
      this.#at++;
      this.spaces();
      const key = this.key();
      if (this.peek() !== '=') params.push([key, true]);
      else {
        this.#at++;
        params.push([key, this.bare()]);
      }
    }
    return params;
  }
  bare(): BareItem {
    const char = this.peek();
    if (char === '"') return this.string();
    if (char === ':') return this.bytes();
    if (char === '?') {
      const value = this.text[this.#at + 1] === '1';
      this.#at += 2;
      return value;
    }
    const match = /^-?\d{1,15}/.exec(this.text.slice(this.#at));
    if (match) {
      this.#at += match[0].length;
      return Number(match[0]);
    }
    const token = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/.exec(this.text.slice(this.#at));
    if (!token) throw new StructuredFieldError(`unexpected ${char} at ${this.#at}`);
    this.#at += token[0].length;
    return token[0];
  }
  string(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      const char = this.text[this.#at++];
      if (char === undefined) throw new StructuredFieldError('unterminated string');
      if (char === '"') return out;
      if (char === '\\') {
        const next = this.text[this.#at++];
        if (next !== '"' && next !== '\\') throw new StructuredFieldError('bad escape');
        out += next;
      } else out += char;
    }
  }
  bytes(): Uint8Array {
    this.expect(':');
    const end = this.text.indexOf(':', this.#at);
    if (end < 0) throw new StructuredFieldError('unterminated byte sequence');
    const encoded = this.text.slice(this.#at, end);
    if (!/^[A-Za-z0-9+/=]*$/.test(encoded)) throw new StructuredFieldError('bad base64');
    this.#at = end + 1;
    return new Uint8Array(Buffer.from(encoded, 'base64'));
  }
}
