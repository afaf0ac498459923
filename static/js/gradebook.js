// The gradebook's rows sorted in the page: by name (Chinese names by pinyin, as a class list is read) or by a
// column's best score, lowest first (who needs help), again for highest first. The buttons are in the page,
// hidden, so that without this script nothing offers what cannot be done.
const table = document.querySelector("table.gradebook");
if (table) {
  const body = table.tBodies[0];
  const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
  const headings = [...table.tHead.rows[0].cells];
  const best = (row, index) => {
    const value = row.cells[index].dataset.best;
    return value === undefined || value === "" ? null : Number(value);
  };
  table.querySelectorAll("button.sort").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const th = button.closest("th");
      const index = headings.indexOf(th);
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      const rows = [...body.rows];
      rows.sort((a, b) => {
        if (button.dataset.sort === "name") return collator.compare(a.cells[0].innerText, b.cells[0].innerText);
        const [x, y] = [best(a, index), best(b, index)];
        if (x === null || y === null) return (x === null) - (y === null);  // nothing handed in: always last
        return x - y;
      });
      if (!ascending) {
        const empty = rows.filter((r) => button.dataset.sort !== "name" && best(r, index) === null);
        const filled = rows.filter((r) => !empty.includes(r)).reverse();
        rows.splice(0, rows.length, ...filled, ...empty);
      }
      headings.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      body.append(...rows);
    });
  });
}
