/**
 * Results of a pure function kept by key, up to `limit` of them, the least recently used dropped first:
 * for work that a batch repeats on the same input, such as parsing the signer's certificate for every
 * document. (Emptying the whole store when full would throw away the entries a batch is using.)
 */
export class KeptResults<K, V> {
  readonly #results = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K, make: () => V): V {
    if (this.#results.has(key)) {
      const known = this.#results.get(key) as V;
      // A Map iterates in insertion order: re-inserting makes this the most recent.
      this.#results.delete(key);
      this.#results.set(key, known);
      return known;
    }
    const value = make();
    if (this.#results.size >= this.limit) this.#results.delete(this.#results.keys().next().value as K);
    this.#results.set(key, value);
    return value;
  }
}
