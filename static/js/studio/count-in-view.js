// The count-in seen as well as heard: the record bar shows one circle per click ("1 2 3 4", or
// "1 2 3 | 1 2" before a pickup) and lights each as its click sounds, then "Go!" on the first note.
// A student who cannot hear the clicks (a quiet phone, headphones not yet on, a noisy room) saw a
// clock at 0:00 and nothing else, and came in early or late.
//
// Driven by the AudioContext's clock, not by timers, so a beat lights with its click even when the
// page's main thread is busy; each click's `when` comes from Player.play (context seconds).

const gettext = window.gettext || ((text) => text);

/**
 * @param {HTMLElement} root  an empty element in the record bar (hidden while no count-in runs)
 */
export class CountInView {
  constructor(root) {
    this.root = root;
    this.frame = null;
  }

  /**
   * Show `beats` ({when, count, accent}: context seconds) as they sound, then "Go!" from `t0` (the first
   * note) for one beat. `heardLag` (s): the output's latency, so a beat lights when its click is heard.
   */
  start(ctx, { beats, t0 }, { heardLag = 0 } = {}) {
    this.stop();
    if (!beats || !beats.length) return;
    const children = [];
    const cells = beats.map(({ count, accent }, i) => {
      // A new bar starts at each accent after the first: a thin rule between "1 2 3" and "1 2".
      if (accent && i > 0) children.push(Object.assign(document.createElement("span"), { className: "bar-line" }));
      const cell = Object.assign(document.createElement("span"), { className: `beat${accent ? " accent" : ""}` });
      cell.textContent = String(count);
      children.push(cell);
      return cell;
    });
    const go = Object.assign(document.createElement("span"), { className: "go", textContent: gettext("Go!") });
    this.root.replaceChildren(...children, go);
    this.root.hidden = false;
    this.root.dataset.state = "waiting";
    document.body.classList.add("counting-in");
    const beatSeconds = beats.length > 1 ? beats[1].when - beats[0].when : 0.5;
    const goEnds = t0 + Math.max(0.4, beatSeconds);
    let shown = -2;
    const step = () => {
      const now = ctx.currentTime - heardLag;
      if (now >= goEnds) {
        this.stop();
        return;
      }
      // -1 before the first click; beats.length once the first note is due ("Go!").
      let index = -1;
      beats.forEach((beat, i) => { if (now >= beat.when) index = i; });
      if (now >= t0) index = beats.length;
      if (index !== shown) {
        shown = index;
        cells.forEach((cell, i) => {
          cell.classList.toggle("now", i === index);
          cell.classList.toggle("past", i < index);
        });
        go.classList.toggle("now", index === beats.length);
        this.root.dataset.state = index < 0 ? "waiting" : index < beats.length ? "counting" : "go";
        this.root.dataset.beat = index >= 0 && index < beats.length ? String(beats[index].count) : "";
      }
      this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  /** Hide it (the count-in ended, or the take was stopped during it). */
  stop() {
    cancelAnimationFrame(this.frame);
    this.frame = null;
    this.root.hidden = true;
    this.root.replaceChildren();
    delete this.root.dataset.state;
    delete this.root.dataset.beat;
    document.body.classList.remove("counting-in");
  }
}
