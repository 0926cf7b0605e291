// The last copy seen of each read, so that screens still show something offline.
// api.read(path) fills it on every successful GET and falls back to it when the
// network fails. Each entry: { path, data, savedAt (ISO time) }.
import { db } from "./db.js";

export async function remember(path, data) {
  try {
    const database = await db();
    await database.put("reads", { path, data, savedAt: new Date().toISOString() });
  } catch (error) {
    // A full or blocked disk must not break a screen that already has its data.
    console.warn("Could not keep a copy of", path, error);
  }
}

export async function recall(path) {
  try {
    const database = await db();
    return await database.get("reads", path);
  } catch {
    return undefined;
  }
}

export async function forget(path) {
  const database = await db();
  await database.delete("reads", path);
}
