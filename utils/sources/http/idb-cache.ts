// The cache in IndexedDB: a working set of hundreds of projects, which extension storage's 10 MB quota cannot
// hold without `unlimitedStorage`. IndexedDB needs no permission (an extension's origin gets the browser's usual
// storage quota, far above our bound), stores structured clones (no JSON of every body on each write), and reads
// one entry without touching the others. Entries and their sizes live in two object stores, so the index the
// bound needs is read without reading a single body.
import { BoundedCache, type CacheBackend, type CacheEntry, type CacheStore, type IndexEntry, isEntry } from './cache';

const DB_NAME = 'pypi-trust-panel-cache';
const DB_VERSION = 1;
const ENTRIES = 'entries';
const SIZES = 'sizes';
/**
 * The cache's bound in IndexedDB: a heavy user's working set of a thousand projects (PyPI JSON kept compact, OSV,
 * GitHub, Simple: ~20 KB for a project like luigi, ~300 KB for numpy or coverage; the bench's mix of the two
 * averages 120 KB) and the 15,000-name top list.
 */
export const IDB_MAX_CACHE_BYTES = 128 * 1024 * 1024;

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** IndexedDB as a cache backend; `factory` is the global `indexedDB` of the worker or background page. */
export class IdbBackend implements CacheBackend {
  private opening: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory) {}

  /** Opens the database; resolves false when IndexedDB is unavailable here (then the caller picks another store). */
  async opens(): Promise<boolean> {
    try {
      await this.db();
      return true;
    } catch {
      return false;
    }
  }

  private db(): Promise<IDBDatabase> {
    this.opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = this.factory.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES);
        if (!db.objectStoreNames.contains(SIZES)) db.createObjectStore(SIZES);
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another version of the extension upgrading the database: let it, and open again next time.
        db.onversionchange = () => {
          db.close();
          this.opening = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another connection'));
    });
    this.opening.catch(() => {
      this.opening = null;
    });
    return this.opening;
  }

  async readIndex(): Promise<Map<string, IndexEntry>> {
    const store = (await this.db()).transaction(SIZES, 'readonly').objectStore(SIZES);
    const [keys, sizes] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
    const index = new Map<string, IndexEntry>();
    keys.forEach((key, i) => {
      const size = sizes[i] as IndexEntry | undefined;
      if (typeof key === 'string' && typeof size?.bytes === 'number' && typeof size.storedAt === 'number') index.set(key, size);
    });
    return index;
  }

  async read(key: string): Promise<CacheEntry | undefined> {
    const stored: unknown = await done((await this.db()).transaction(ENTRIES, 'readonly').objectStore(ENTRIES).get(key));
    return isEntry(stored) ? stored : undefined;
  }

  async write(key: string, entry: CacheEntry, meta: IndexEntry): Promise<void> {
    const tx = (await this.db()).transaction([ENTRIES, SIZES], 'readwrite');
    tx.objectStore(ENTRIES).put(entry, key);
    tx.objectStore(SIZES).put(meta, key);
    await committed(tx);
  }

  async remove(keys: string[]): Promise<void> {
    const tx = (await this.db()).transaction([ENTRIES, SIZES], 'readwrite');
    for (const key of keys) {
      tx.objectStore(ENTRIES).delete(key);
      tx.objectStore(SIZES).delete(key);
    }
    await committed(tx);
  }

  async removeAll(): Promise<number> {
    const tx = (await this.db()).transaction([ENTRIES, SIZES], 'readwrite');
    const count = done(tx.objectStore(SIZES).count());
    tx.objectStore(ENTRIES).clear();
    tx.objectStore(SIZES).clear();
    await committed(tx);
    return count;
  }
}

/** The bounded cache in IndexedDB. */
export class IdbCache extends BoundedCache {
  constructor(
    readonly idb: IdbBackend,
    maxBytes = IDB_MAX_CACHE_BYTES,
  ) {
    super(idb, maxBytes);
  }
}

/**
 * The background's cache: IndexedDB when it opens, else `fallback` (extension storage, with its smaller bound).
 * Decided once, on first use (Firefox can refuse IndexedDB, e.g. with history turned off in some versions).
 */
export class PreferIdbCache implements CacheStore {
  private chosen: Promise<CacheStore> | null = null;

  constructor(
    private readonly factory: IDBFactory | undefined,
    private readonly fallback: () => CacheStore,
    private readonly maxBytes = IDB_MAX_CACHE_BYTES,
  ) {}

  /** Which store is in use: 'indexeddb' or 'storage' (the bench and the settings page say so). */
  async kind(): Promise<'indexeddb' | 'storage'> {
    return (await this.store()) instanceof IdbCache ? 'indexeddb' : 'storage';
  }

  store(): Promise<CacheStore> {
    this.chosen ??= (async () => {
      if (this.factory) {
        const idb = new IdbBackend(this.factory);
        if (await idb.opens()) {
          const cache = new IdbCache(idb, this.maxBytes);
          void cache.warm(); // the keys, read beside the first lookups: a cold miss then needs no read
          return cache;
        }
      }
      return this.fallback();
    })();
    return this.chosen;
  }

  async get(key: string) {
    return (await this.store()).get(key);
  }
  async set(key: string, entry: CacheEntry) {
    return (await this.store()).set(key, entry);
  }
  async clear() {
    return (await this.store()).clear();
  }
  async size() {
    return (await this.store()).size();
  }
}
