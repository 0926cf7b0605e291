// Register the service worker (scope /app/) and offer updates.
// A new worker waits until the person chooses "Reload": then it is told SKIP_WAITING,
// takes over, and the page reloads once on "controllerchange".
let reloadWhenControlled = false;

export function registerServiceWorker(onUpdateReady) {
  if (!("serviceWorker" in navigator)) return Promise.resolve(null);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!reloadWhenControlled) return; // the first install claims the page: no reload
    reloadWhenControlled = false;
    window.location.reload();
  });
  return navigator.serviceWorker
    .register("/app/sw.js", { scope: "/app/" })
    .then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) onUpdateReady(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const worker = registration.installing;
        worker?.addEventListener("statechange", () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) onUpdateReady(worker);
        });
      });
      // A phone may keep the app open for days: look for a new version hourly.
      setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
      return registration;
    })
    .catch((error) => {
      // No worker (plain http on a LAN address, private mode): the app still runs online.
      console.warn("Service worker not registered:", error);
      return null;
    });
}

export function applyUpdate(worker) {
  reloadWhenControlled = true;
  worker.postMessage({ type: "SKIP_WAITING" });
}

/** Delete every cache except the shell's (which holds no patient data). */
export async function clearDataCaches() {
  if (!("caches" in window)) return;
  const names = await caches.keys();
  await Promise.all(names.filter((name) => !name.startsWith("hipwell-shell-")).map((name) => caches.delete(name)));
}
