// An exercise's notation from the API, waiting while a worker draws it: a score too large to draw within a
// request answers 202 with Retry-After until the drawing is there. A 429 "busy" (this person already has as
// many drawings waiting as one may: a teacher's page of a class's drills asks for one per student at once)
// is waited out the same way; the page said "cannot be shown" for every score past the third.

const DEFAULT_WAIT_SECONDS = 3;
const MAX_WAITS = 100;

const pause = (seconds) => new Promise((resolve) => { setTimeout(resolve, seconds * 1000); });

export async function fetchNotation(url) {
  for (let waits = 0; ; waits += 1) {
    const response = await fetch(url, { credentials: "same-origin" });
    const body = await response.json();
    const busy = response.status === 429 && body && body.error && body.error.code === "busy";
    if ((response.status !== 202 && !busy) || waits >= MAX_WAITS) return { response, body };
    await pause(Number(response.headers.get("retry-after")) || DEFAULT_WAIT_SECONDS);
  }
}

// The page was served while its score was being drawn: reload it once the drawing (or its refusal) is there,
// and only when the page is idle (never under a take being recorded or uploaded).
export async function reloadWhenDrawn(url, isIdle = () => true) {
  const { response } = await fetchNotation(`${url}?transpose=0&layout=wide`);
  if (response.status === 202) return;
  while (!isIdle()) await pause(DEFAULT_WAIT_SECONDS);
  window.location.reload();
}
