/**
 * Results of a pure function kept by key, up to `limit` of them (then started afresh): for work that a
 * batch repeats on the same input, such as parsing the signer's certificate for every document.
 */
export class KeptResults<K, V> {
  readonly #results = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K, make: () => V): V {
    const known = this.#results.get(key);
    if (known !== undefined) return known;
    const value = make();
    if (this.#results.size >= this.limit) this.#results.clear();
    this.#results.set(key, value);
    return value;
  }
}
