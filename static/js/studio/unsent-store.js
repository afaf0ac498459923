// Takes the server has not accepted yet, kept in this browser's IndexedDB until it does: the page's own copy
// (studio.js's `unsent`) was lost with the page, so a reload mid-upload, a phone that dropped the tab while
// offline, or a sign-in that had expired lost the take (a phone's browser does not ask before leaving).
// Each take is kept under its upload key (a second sending of it is answered with the first take), with the
// account and the page it was made for: only that student, on that page, is offered it back.

const DB_NAME = "tutor-unsent-takes";
const STORE = "takes";
// A take not sent within two weeks is let go (it is offered each visit until then; "Save" keeps a copy).
const KEEP_MS = 14 * 24 * 3600 * 1000;

function open() {
  return new Promise((resolve, reject) => {
    if (!globalThis.indexedDB) {
      reject(new Error("indexedDB"));  // never shown: keeping is a spare
      return;
    }
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Keep a take ({key, blob, name, extra, owner, page, title}) until it is accepted. Never throws: keeping is a spare. */
export async function keepUnsent(take) {
  try {
    await run("readwrite", (store) => store.put({ ...take, savedAt: Date.now() }));
    return true;
  } catch {
    return false;  // private browsing or a full disk: the page's own copy and "Save" still stand
  }
}

/** The take is on the server (or refused for good): not offered again. */
export async function forgetUnsent(key) {
  try {
    await run("readwrite", (store) => store.delete(key));
  } catch { /* nothing kept */ }
}

/** This student's takes kept on this browser, newest first (for one page when ``page`` is given); older than
 * two weeks are let go. Another account's are never returned: a browser shared by a family or a classroom keeps
 * each student's takes apart, offered and sent only under the account that recorded them. */
export async function unsentFor({ owner, page = null }) {
  let all;
  try {
    all = await run("readonly", (store) => store.getAll());
  } catch {
    return [];
  }
  const now = Date.now();
  for (const take of all.filter((t) => now - t.savedAt > KEEP_MS)) await forgetUnsent(take.key);
  return all.filter((t) => t.owner === owner && (page === null || t.page === page) && now - t.savedAt <= KEEP_MS)
    .sort((a, b) => b.savedAt - a.savedAt);
}
