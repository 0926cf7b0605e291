// The app's one IndexedDB database. Two stores:
//   outbox: writes waiting to reach the server (see outbox.js), ids in order of creation
//   reads:  the last copy of each API read, by path (see store.js)
// Never a credential: the session cookie is HttpOnly and the CSRF token lives in a cookie.
import { openDB, deleteDB } from "../vendor/idb.js";

export const DB_NAME = "hipwell";
const DB_VERSION = 1;

let opening = null;

export function db() {
  if (!opening) {
    opening = openDB(DB_NAME, DB_VERSION, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) {
          database.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
          database.createObjectStore("reads", { keyPath: "path" });
        }
      },
      blocking() {
        // Another tab wants a newer version: let it, this tab reopens on next use.
        opening?.then((database) => database.close());
        opening = null;
      },
    });
  }
  return opening;
}

/** Empty every store (sign-out). The database itself stays so other tabs keep working. */
export async function clearAll() {
  const database = await db();
  const tx = database.transaction(["outbox", "reads"], "readwrite");
  await Promise.all([tx.objectStore("outbox").clear(), tx.objectStore("reads").clear(), tx.done]);
}

export { deleteDB };
