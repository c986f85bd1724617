/** JSON from bytes read at a boundary; null for anything unparsable, so the schema that follows says what was wrong. */
export function parseJsonOrNull(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}
