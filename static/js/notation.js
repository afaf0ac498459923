// Draws an exercise's notation into every [data-notation-url] element, laid out for its width:
// a phone's column gets shorter systems at the same staff size (the API's layout=narrow).

const NARROW_PX = 600;

async function draw(node) {
  const layout = (node.clientWidth || window.innerWidth) < NARROW_PX ? "narrow" : "wide";
  try {
    const response = await fetch(`${node.dataset.notationUrl}?layout=${layout}`, { credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok) throw new Error((body && body.error && body.error.message) || `error ${response.status}`);
    node.innerHTML = body.svg;  // our own Verovio output
    node.dataset.status = "ready";
  } catch (error) {
    if (node.querySelector("svg")) return;  // the server's drawing stays
    node.textContent = `The music cannot be shown here (${error.message}); it opens in the practice studio.`;
    node.dataset.status = "failed";
  }
}

document.querySelectorAll("[data-notation-url]").forEach(draw);
