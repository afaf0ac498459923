// Takes kept in this browser because the server never got them (studio/unsent-store.js), seen from outside the
// page they were made on. Logging out left them unmentioned on a shared browser: the next account was never
// offered them, but their owner did not know they were there. Logging out now asks first (keep them for me,
// throw them away, or stay and send them), and the dashboard lists them with a link to the page that sends them.

import { forgetUnsent, unsentFor } from "./studio/unsent-store.js";

const logoutForm = document.getElementById("logout-form");
const owner = logoutForm ? Number(logoutForm.dataset.user) : NaN;

function list(container, takes) {
  const items = container.querySelector(".unsent-list");
  items.replaceChildren(...takes.map((take) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = take.page;
    // The page's title when it was kept ("Practise: Twinkle · Music tutor"): its first part names the take.
    link.textContent = (take.title || take.page).split(" · ")[0];
    const when = document.createElement("span");
    when.className = "small muted";
    when.textContent = ` ${new Date(take.savedAt).toLocaleString(document.documentElement.lang || [], {
      month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })}`;
    item.append(link, when);
    return item;
  }));
}

if (logoutForm && Number.isInteger(owner)) {
  const dialog = document.getElementById("unsent-at-logout");
  let asked = false;
  logoutForm.addEventListener("submit", async (event) => {
    if (asked || !dialog) return;
    event.preventDefault();
    const takes = await unsentFor({ owner });
    asked = true;
    if (!takes.length) {
      logoutForm.submit();
      return;
    }
    list(dialog, takes);
    dialog.showModal();
    dialog.onclick = async (click) => {
      const choice = click.target.closest("[data-choice]")?.dataset.choice;
      if (!choice) return;
      if (choice === "stay") {
        asked = false;
        dialog.close();
        return;
      }
      if (choice === "drop") for (const take of takes) await forgetUnsent(take.key);
      logoutForm.submit();
    };
    dialog.onclose = () => { asked = false; };  // Escape: stays signed in
  });

  const here = document.getElementById("unsent-here");
  if (here) {
    unsentFor({ owner }).then((takes) => {
      if (!takes.length) return;
      list(here, takes);
      here.hidden = false;
    });
  }
}
