// Every page's small behaviours: the header's menu button on a phone, a question before a form that
// cannot be undone, the browser's time zone for the server, and typed dates read back in the page's language.

// The server shows times, and reads the times typed into forms, in this zone (tutor.middleware); it used its
// own (UTC), so a due date typed as 17:00 in Beijing was stored as 17:00 UTC.
(function () {
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch { return; }
  // An IANA name ("Asia/Shanghai", "America/Port-au-Prince", "Etc/GMT+8") is written as it is: the server
  // reads the cookie as sent.
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return;
  const current = document.cookie.split("; ").find((c) => c.startsWith("tz="));
  if (!current || current.slice(3) !== zone) {
    document.cookie = `tz=${zone}; path=/; max-age=31536000; SameSite=Lax`;
  }
  // A signed-in page served without the cookie (a link opened in a new browser) showed its times in the
  // server's zone (the server names it here). Shown again once, now in the reader's: only when the cookie took
  // (else every load would reload), once a zone per tab (a name the server does not know stays guessed).
  const guessed = document.documentElement.dataset.timeZoneGuessed;
  if (!guessed || guessed === zone || !document.cookie.split("; ").includes(`tz=${zone}`)) return;
  try {
    if (sessionStorage.getItem("tz-reloaded") === zone) return;
    sessionStorage.setItem("tz-reloaded", zone);
  } catch { return; }
  window.location.reload();
})();

// A date and time field draws its box in the browser's own format and language ("mm/dd/yyyy, --:-- --" on a
// Chinese page in an English browser): the chosen date is said under it in the page's language, with its zone.
function echoDate(input) {
  let echo = input.nextElementSibling;
  if (!echo || !echo.classList.contains("date-echo")) {
    echo = document.createElement("small");
    echo.className = "date-echo";
    echo.setAttribute("aria-live", "polite");
    input.after(echo);
  }
  const when = input.value ? new Date(input.value) : null;
  let text = "";
  if (when && !Number.isNaN(when.getTime())) {
    try {
      text = when.toLocaleString(document.documentElement.lang || [], {
        weekday: "short", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit",
        timeZoneName: "short",
      });
    } catch {
      text = when.toLocaleString();
    }
  }
  echo.textContent = text;
  echo.hidden = !text;
}
document.querySelectorAll("input[type=datetime-local]").forEach(echoDate);
document.addEventListener("input", (event) => {
  if (event.target.matches && event.target.matches("input[type=datetime-local]")) echoDate(event.target);
});

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

// The browser says why a field is not ready in its own language ("Please select one of these options" on a
// Chinese page, from an English browser): each required or constrained field says it in the page's language.
(function () {
  if (typeof gettext !== "function") return;
  const why = (field) => {
    const v = field.validity;
    if (v.valueMissing) {
      if (field.type === "radio") return gettext("Please choose one of these options.");
      if (field.type === "checkbox") return gettext("Please tick this box to go on.");
      if (field.type === "file") return gettext("Please choose a file.");
      if (field.tagName === "SELECT") return gettext("Please choose an item in the list.");
      return gettext("Please fill in this field.");
    }
    if (v.badInput) return field.type === "number" ? gettext("Please enter a number.") : gettext("Please enter a valid value.");
    if (v.typeMismatch) return field.type === "email" ? gettext("Please enter an email address.")
      : field.type === "url" ? gettext("Please enter a web address.") : gettext("Please enter a valid value.");
    if (v.tooShort) return interpolate(gettext("Please use at least %(min)s characters (now %(now)s)."), { min: field.minLength, now: field.value.length }, true);
    if (v.tooLong) return interpolate(gettext("Please use at most %(max)s characters."), { max: field.maxLength }, true);
    if (v.rangeUnderflow) return interpolate(gettext("The value must be %(min)s or more."), { min: field.min }, true);
    if (v.rangeOverflow) return interpolate(gettext("The value must be %(max)s or less."), { max: field.max }, true);
    if (v.patternMismatch && field.title) return interpolate(gettext("Please match the requested format: %(title)s"), { title: field.title }, true);
    return gettext("Please enter a valid value.");
  };
  document.addEventListener("invalid", (event) => {
    const field = event.target;
    if (!field.setCustomValidity) return;
    field.setCustomValidity("");  // the field's own state first, not the message set last time
    if (!field.validity.valid) field.setCustomValidity(why(field));
  }, true);
  // A message set here keeps the field invalid until cleared: cleared as soon as it is changed (every radio of
  // the group, since choosing another radio changes only that one).
  const clear = (event) => {
    const field = event.target;
    if (!field.setCustomValidity) return;
    const group = field.type === "radio" && field.form && field.name ? field.form.elements.namedItem(field.name) : null;
    (group && group.length !== undefined ? [...group] : [field]).forEach((f) => f.setCustomValidity(""));
  };
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);
})();
