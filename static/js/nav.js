// The header's menu button on a phone: the links fold away behind it, so a teacher's nine links take
// one row instead of three. The button stays hidden (and the links shown) where this script never runs.
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
