import { serializeInnerList, type InnerList } from './structured.ts';

/** An HTTP message as signing and verifying see it: header names in lower case. */
export interface HttpMessage {
  method?: string;
  /** The absolute request URI. */
  targetUri?: string;
  status?: number;
  headers: Readonly<Record<string, string | undefined>>;
}

export class MissingComponent extends Error {
  constructor(readonly component: string) {
    super(`missing ${component}`);
  }
}

/** A component's value (RFC 9421 §2.1, §2.2); derived components start with @. */
function componentValue(message: HttpMessage, name: string): string {
  const uri = message.targetUri === undefined ? null : new URL(message.targetUri);
  const value = (() => {
    switch (name) {
      case '@method':
        return message.method;
      case '@target-uri':
        return message.targetUri;
      case '@authority':
        return uri?.host.toLowerCase();
      case '@path':
        return uri?.pathname;
      case '@query':
        return uri && (uri.search === '' ? '?' : uri.search);
      case '@status':
        return message.status === undefined ? undefined : String(message.status);
      default:
        return name.startsWith('@') ? undefined : message.headers[name]?.trim();
    }
  })();
  if (value === undefined || value === null) throw new MissingComponent(name);
  return value;
}

/** The signature base (RFC 9421 §2.5): one line per covered component, then the signature parameters. */
export function signatureBase(message: HttpMessage, input: InnerList): string {
  const lines = input.items.map((name) => `"${name}": ${componentValue(message, name)}`);
  lines.push(`"@signature-params": ${serializeInnerList(input)}`);
  return lines.join('\n');
}
