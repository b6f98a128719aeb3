/**
 * Memos: the one way the library remembers what it worked out. Knows nothing
 * of the library.
 *
 * - {@link memoizeWeak}: a value per object (a pack, a compiled pack, a
 *   parameter table, a condition tree), kept as long as the object lives.
 * - {@link Memo} (and {@link memoize} over it): a value per key with one
 *   eviction policy, two generations. Entries go into the young generation;
 *   when it holds `limit` entries it becomes the old one (the previous old one
 *   is dropped) and a new young one starts; an entry found in the old
 *   generation moves to the young one. So entries in use survive whatever the
 *   mix of keys, memory stays under two generations, and no lookup costs more
 *   than two map reads.
 *
 * @module
 */

/** The default number of entries in one generation of a {@link Memo}. */
export const MEMO_LIMIT = 10_000;

/**
 * A value per key, with at most `2 × limit` entries (see the module's
 * eviction policy).
 *
 * @example
 * const texts = new Memo<string, string>(1000);
 * texts.get("a") ?? texts.set("a", expensive("a"));
 */
export class Memo<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  /** @param limit - entries in one generation (at least 1) */
  constructor(readonly limit: number = MEMO_LIMIT) {
    if (!(limit >= 1)) throw new RangeError("A memo's limit must be at least 1");
  }

  /** The value kept for `key`, or `undefined`. */
  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined || this.young.has(key)) return value;
    if (!this.old.has(key)) return undefined;
    const old = this.old.get(key) as V;
    this.old.delete(key);
    this.set(key, old);
    return old;
  }

  /** Keeps `value` for `key`, and returns it. */
  set(key: K, value: V): V {
    if (this.young.size >= this.limit && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
    return value;
  }

  /** The value for `key`, computed and kept when there is none. */
  getOr(key: K, compute: (key: K) => V): V {
    const value = this.get(key);
    return value !== undefined || this.young.has(key) ? (value as V) : this.set(key, compute(key));
  }

  /** How many entries are kept (both generations). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** Forgets every entry. */
  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}

/**
 * `compute`, remembered per key in a {@link Memo} of `limit` entries a
 * generation. A call that throws is not remembered.
 *
 * @example
 * const paramsAt = memoize((date: string) => valuesOn(date), { limit: 4096 });
 */
export function memoize<K, V>(compute: (key: K) => V, options: { readonly limit?: number } = {}): (key: K) => V {
  const memo = new Memo<K, V>(options.limit);
  return (key) => memo.getOr(key, compute);
}

/**
 * A value per object, kept for as long as the object lives (no limit: the
 * object's life is the limit).
 *
 * @example
 * const texts = new WeakMemo<object, string>();
 * texts.getOr(part, () => JSON.stringify(part));
 */
export class WeakMemo<K extends object, V> {
  readonly #values = new WeakMap<K, V>();

  /** The value kept for `key`, or `undefined`. */
  get(key: K): V | undefined {
    return this.#values.get(key);
  }

  /** Keeps `value` for `key`, and returns it. */
  set(key: K, value: V): V {
    this.#values.set(key, value);
    return value;
  }

  /** The value for `key`, computed and kept when there is none. A call that throws is not remembered. */
  getOr(key: K, compute: (key: K) => V): V {
    const value = this.#values.get(key);
    if (value !== undefined || this.#values.has(key)) return value as V;
    return this.set(key, compute(key));
  }
}

/**
 * `compute`, remembered per object for as long as the object lives (a
 * {@link WeakMemo}). A call that throws is not remembered.
 *
 * @example
 * const compiledOf = memoizeWeak((pack: Pack) => compile(pack));
 */
export function memoizeWeak<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const memo = new WeakMemo<K, V>();
  return (key) => memo.getOr(key, compute);
}
