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
