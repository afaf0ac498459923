// Sending a take with upload progress, and following its analysis by polling.

// Django's JavaScript catalogue (base.html) gives gettext; plain English without it.
const gettext = globalThis.gettext || ((text) => text);
const interpolate = globalThis.interpolate || ((text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]));

const POLL_MS = 500;
const MAX_POLL_MS = 2500;

/** The API's error body ({"error": {"message", "fields"}}) as one line for the page. */
export function errorMessage(body, status) {
  const error = body && body.error;
  if (error && error.message) {
    // "audio: The submitted file is empty." on a page with one file to send: the field's name is noise there.
    const only = Object.values(error.fields || {});
    if (only.length === 1 && only[0] && only[0].length === 1 && error.message.endsWith(only[0][0])) return only[0][0];
    const fields = Object.entries(error.fields || {})
      .filter(([, messages]) => messages && messages.length && !error.message.includes(messages[0]))
      .map(([, messages]) => messages[0]);
    return [error.message, ...fields].join(" ");
  }
  if (status === 413) return gettext("That file is too large to upload.");
  if (status >= 500) return gettext("The server had a problem with this upload; please try again in a moment.");
  return interpolate(gettext("The upload was refused (HTTP %(status)s)."), { status }, true);
}

/**
 * Why an upload was not accepted ({status, body} from uploadTake), and whether sending the same take again
 * can help: not when the file itself was refused, and not after the sign-in expired (sent again once signed
 * in, a take could land on whichever account signed in on this browser: the student saves it instead).
 */
export function refusal(status, body) {
  if (status === 401 || status === 403) {
    return { resend: false, text: gettext("You are no longer signed in here (or another account signed in). Save the take, sign in again, and upload the saved file.") };
  }
  const fileRefused = status === 400 || status === 409 || status === 413;
  return { resend: !fileRefused, text: errorMessage(body, status) };
}

/** Made once per take and sent with every upload of it: the server answers a repeat with the first take. */
export function newUploadKey() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Why a take failed (the API's "error", a sentence) written to follow a colon: in English its first word
 * loses its capital ("We could not grade this take: the recording is silent; ..."), unless it is an
 * abbreviation; text in another script (Chinese) is left as it is. (A take's reasons never start with a
 * name; grading/failure_text.py's after_colon knows the names the score refusals start with.)
 */
export function afterColon(sentence) {
  const word = /^[A-Za-z]+/.exec(sentence || "");
  if (!word || (word[0].length > 1 && word[0].slice(1) !== word[0].slice(1).toLowerCase())) return sentence;
  return sentence[0].toLowerCase() + sentence.slice(1);
}

/**
 * POST a multipart form with XHR so the upload's progress can be shown.
 * Resolves {status, body}; rejects only when the network fails.
 */
export function uploadTake({ url, fields, csrfToken, onProgress }) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      if (value === null || value === undefined) continue;
      if (Array.isArray(value)) form.append(name, value[0], value[1]);
      else form.append(name, value);
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRFToken", csrfToken);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = null; }
      if (onProgress) onProgress(1);
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error(gettext("The upload failed: check your connection and try again.")));
    xhr.send(form);
  });
}

/** Poll GET url until the recording is done or failed; onStatus(body, waitedMs) on every answer. */
export async function followRecording(url, { onStatus } = {}) {
  let wait = POLL_MS;
  const started = Date.now();
  for (;;) {
    let body = null;
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      body = await response.json().catch(() => null);
      if (!response.ok) {
        return { status: "failed", error: errorMessage(body, response.status) };
      }
    } catch {
      body = null;  // a dropped connection: keep trying, a little slower
    }
    if (body) {
      if (onStatus) onStatus(body, Date.now() - started);
      if (body.status === "done" || body.status === "failed") return body;
      // Past the long wait no worker is free: a page following several such takes asks less often.
      if (body.status === "queued" && Date.now() - started > LONG_WAIT_MS) wait = MAX_POLL_MS;
    } else {
      wait = Math.min(MAX_POLL_MS, wait * 1.5);
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}

export const STATUS_TEXT = {
  queued: gettext("Waiting for the grader…"),
  analyzing: gettext("Listening to your take…"),
  done: gettext("Graded."),
  failed: gettext("We could not grade this take."),
};

// As Job.LONG_WAIT on the server: past it a take still queued is not behind one other take but waiting for a
// worker that is busy or not running, and the student is told the take is kept rather than left "waiting".
const LONG_WAIT_MS = 30000;

/** What the status line says about a take followed for waitedMs. */
export function statusText(status, waitedMs = 0) {
  if (status === "queued" && waitedMs > LONG_WAIT_MS) {
    return gettext("Your take is saved. The grader is busy or not running just now: it will grade this take as soon as it can, even if you leave this page.");
  }
  return STATUS_TEXT[status] || status;
}
