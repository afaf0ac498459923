// Every page's small behaviours: the header's menu button on a phone, and a question before a form that
// cannot be undone.

// The links fold away behind the menu button on a phone, so a teacher's nine links take one row instead of
// three. The button stays hidden (and the links shown) where this script never runs.
(function () {
  const toggle = document.querySelector(".site-header .menu-toggle");
  const menu = document.getElementById("site-menu");
  if (!toggle || !menu) return;
  document.documentElement.classList.add("nav-folds");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  });
})();

// A form with data-confirm asks first: a red "Remove" beside each student was one mis-tap on a phone away
// from taking the student out of the class.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// A file picker in the page's words (_file_picker.html): the chosen file's name, or "No file chosen" again
// once the form is reset or the page clears the input.
function showChosenFile(input) {
  const name = input.parentElement.querySelector(".file-picker-name");
  if (!name) return;
  const files = Array.from(input.files || []).map((file) => file.name);
  name.textContent = files.length ? files.join(", ") : name.dataset.empty;
}
document.addEventListener("change", (event) => {
  if (event.target.matches && event.target.matches(".file-picker input[type=file]")) showChosenFile(event.target);
});
document.addEventListener("reset", (event) => {
  setTimeout(() => event.target.querySelectorAll(".file-picker input[type=file]").forEach(showChosenFile));
});
// A page shown again from the browser's history keeps the chosen file: say so.
window.addEventListener("pageshow", () => document.querySelectorAll(".file-picker input[type=file]").forEach(showChosenFile));
