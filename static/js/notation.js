// Draws an exercise's notation into every [data-notation-url] element, laid out for its width:
// a phone's column gets shorter systems at the same staff size (the API's layout=narrow).

import { fetchNotation } from "./notation-wait.js";

const NARROW_PX = 600;
// Django's JavaScript catalogue (base.html) gives gettext; plain English without it.
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]));

const layoutFor = (node) => ((node.clientWidth || window.innerWidth) < NARROW_PX ? "narrow" : "wide");

async function draw(node) {
  const layout = layoutFor(node);
  node.dataset.layout = layout;
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

const nodes = [...document.querySelectorAll("[data-notation-url]")];
nodes.forEach(draw);

// A phone turned sideways (or a window resized) past the narrow width gets the other layout.
let resizing = null;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => nodes.filter((node) => node.dataset.layout && layoutFor(node) !== node.dataset.layout).forEach(draw), 300);
});

// A drill whose audio is still being made: ask now and then, and reload the page once it is ready.
const DRILL_POLL_MS = 3000;
async function waitForDrill(url) {
  for (;;) {
    await new Promise((resolve) => { setTimeout(resolve, DRILL_POLL_MS); });
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) return;
      const body = await response.json();
      if (body.status !== "queued" && body.status !== "running") { window.location.reload(); return; }
    } catch (error) { /* the network hiccuped: ask again */ }
  }
}
nodes.filter((node) => node.dataset.drillUrl).forEach((node) => waitForDrill(node.dataset.drillUrl));
