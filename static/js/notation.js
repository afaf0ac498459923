// Draws an exercise's notation into every [data-notation-url] element, laid out for its width:
// a phone's column gets shorter systems at the same staff size (the API's layout=narrow).

import { fetchNotation } from "./notation-wait.js";

const NARROW_PX = 600;
// Django's JavaScript catalogue (base.html) gives gettext; plain English without it.
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]));

async function draw(node) {
  const layout = (node.clientWidth || window.innerWidth) < NARROW_PX ? "narrow" : "wide";
  try {
    const { response, body } = await fetchNotation(`${node.dataset.notationUrl}?layout=${layout}`);
    if (!response.ok || !body.svg) {
      throw new Error((body && body.error && body.error.message) || (body && body.message)
        || interpolate(gettext("error %(status)s"), { status: response.status }, true));
    }
    node.innerHTML = body.svg;  // our own Verovio output
    node.dataset.status = "ready";
  } catch (error) {
    if (node.querySelector("svg")) return;  // the server's drawing stays
    node.textContent = interpolate(gettext("The music cannot be shown here (%(reason)s); it opens in the practice studio."),
      { reason: error.message }, true);
    node.dataset.status = "failed";
  }
}

document.querySelectorAll("[data-notation-url]").forEach(draw);
