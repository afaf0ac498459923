// A take's own page: follow the grading live, then show the same feedback as the studio.

import { Feedback } from "./feedback.js";
import { STATUS_TEXT, followRecording } from "./upload.js";

const config = JSON.parse(document.getElementById("studio-config").textContent);
const $ = (id) => document.getElementById(id);
const withId = (template, id) => template.replace("/0/", `/${id}/`);
const id = config.recordingId;
const notation = config.notation || {};

const feedback = new Feedback({
  root: $("feedback"), score: $("score"), card: $("note-card"), noteIds: notation.note_ids, targets: notation.notes,
});
feedback.recordingId = id;

if (!config.ownTake) {
  $("try-again").hidden = true;
  $("drill-form").hidden = true;
}
$("try-again").addEventListener("click", () => {
  const studio = $("studio-link");
  if (studio) window.location.assign(studio.href);
});

async function main() {
  const final = await followRecording(withId(config.urls.recording, id), {
    onStatus: (body) => {
      const node = $("take-status");
      if (body.status !== "done" && node.dataset.status !== body.status) {
        node.dataset.status = body.status;
        node.textContent = STATUS_TEXT[body.status] || body.status;
      }
    },
  });
  const node = $("take-status");
  node.dataset.status = final.status;
  if (final.status !== "done") {
    node.textContent = `We could not grade this take: ${final.error || "no reason was given"}`;
    return;
  }
  const summary = final.result.summary;
  node.textContent = `Graded: ${summary.score.toFixed(1)} / 100 (${summary.pitch_ok} of ${summary.notes} notes in tune, ${summary.timing_ok} on time)`;
  feedback.show(final, {
    audioUrl: withId(config.urls.takeAudio, id),
    pageUrl: withId(config.urls.takePage, id),
    drillUrl: withId(config.urls.drill, id),
  });
}

main();
