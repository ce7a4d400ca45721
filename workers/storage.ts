import { deleteDB, openDB, type IDBPDatabase } from 'idb';

/** The IndexedDB database that holds everything seglet keeps on the device. */
export const DB_NAME = 'seglet';

/** A small key-value view of seglet's database. */
export interface Storage {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
}

/**
 * Opens (creating if needed) seglet's database. Rejects when IndexedDB is unavailable (private mode,
 * blocked, quota): the caller keeps state in memory and reports it.
 */
export async function openStorage(): Promise<Storage> {
  const db: IDBPDatabase = await openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('kv');
    },
    // Another tab holds an older version open: let it go rather than wedge both.
    blocking() {
      db.close();
    },
  });
  return {
    get: (key) => db.get('kv', key),
    put: async (key, value) => void (await db.put('kv', value, key)),
  };
}

/** Deletes seglet's database with everything in it. */
export function deleteStorage(): Promise<void> {
  return deleteDB(DB_NAME);
}
