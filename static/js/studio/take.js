// A take's own page: follow the grading live, then show the same feedback as the studio.

import { Feedback } from "./feedback.js";
import { afterColon, followRecording, statusText } from "./upload.js";
import { fetchNotation, reloadWhenDrawn } from "../notation-wait.js";

// Django's JavaScript catalogue (base.html) gives gettext; plain English without it.
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]));

const config = JSON.parse(document.getElementById("studio-config").textContent);
const $ = (id) => document.getElementById(id);
const withId = (template, id) => template.replace("/0/", `/${id}/`);
const id = config.recordingId;
const notation = config.notation || {};

const feedback = new Feedback({
  root: $("feedback"), score: $("score"), card: $("note-card"), noteIds: notation.note_ids, targets: notation.notes,
});
feedback.recordingId = id;

// On a phone the score is re-broken into shorter systems at the same staff size (see studio.js).
async function fitScoreToWidth() {
  const score = $("score");
  if (score.hidden || (score.clientWidth || window.innerWidth) >= 600) return;
  const { response, body } = await fetchNotation(`${config.urls.notation}?transpose=0&layout=narrow`);
  if (!response.ok || !body.svg) return;  // the wide score stays: it scrolls inside its panel
  score.innerHTML = body.svg;  // our own Verovio output
  feedback.score = score;
  feedback.setNoteIds(body.note_ids);
}

if (!config.ownTake) {
  $("try-again").hidden = true;
  $("drill-form").hidden = true;
}
$("try-again").addEventListener("click", () => {
  const studio = $("studio-link");
  if (studio) window.location.assign(studio.href);
});

async function main() {
  if ($("notation-drawing")) reloadWhenDrawn(config.urls.notation).catch(() => {});
  await fitScoreToWidth().catch(() => {});
  const final = await followRecording(withId(config.urls.recording, id), {
    onStatus: (body, waited) => {
      const node = $("take-status");
      // The page may open on a take that has already waited long (the server said so): keep saying it.
      const text = statusText(body.status, "waitingLong" in node.dataset ? Infinity : waited);
      if (body.status !== "done" && node.textContent.trim() !== text) {
        node.dataset.status = body.status;
        node.textContent = text;
      }
    },
  });
  const node = $("take-status");
  node.dataset.status = final.status;
  if (final.status !== "done") {
    node.textContent = interpolate(gettext("We could not grade this take: %(reason)s"),
      { reason: afterColon(final.error) || gettext("no reason was given") }, true);
    return;
  }
  const summary = final.result.summary;
  // The score itself is the big number in the feedback; the status line says what it is made of.
  node.textContent = interpolate(gettext("Graded: %(ok)s of %(total)s notes in tune, %(timing)s on time."),
    { ok: summary.pitch_ok, total: summary.notes, timing: summary.timing_ok }, true);
  // The form keeps its server-rendered action (the page that makes the drill and opens it in the studio).
  feedback.show(final, { audioUrl: withId(config.urls.takeAudio, id), pageUrl: withId(config.urls.takePage, id) });
}

main();
