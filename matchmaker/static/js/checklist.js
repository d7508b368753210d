// Long checkbox lists (markets, industries): a filter box above each list, and the count of
// choices kept up to date. Without JavaScript the list is a plain, sorted checkbox list.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-checklist]").forEach(function (box) {
    var items = box.querySelectorAll(".checklist-options li");
    var count = box.querySelector(".checklist-count");
    var filter = document.createElement("input");
    filter.type = "search";
    filter.className = "checklist-filter";
    filter.setAttribute("aria-label", box.dataset.filterLabel);
    filter.placeholder = box.dataset.filterLabel;
    filter.autocomplete = "off";
    box.insertBefore(filter, box.querySelector(".checklist-options"));
    function fold(text) {
      return text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    filter.addEventListener("input", function () {
      var wanted = fold(filter.value.trim());
      items.forEach(function (li) {
        var checked = li.querySelector("input").checked;
        li.hidden = wanted !== "" && !checked && fold(li.textContent).indexOf(wanted) === -1;
      });
    });
    // Enter in the filter must not submit the profile form.
    filter.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    box.addEventListener("change", function () {
      var n = box.querySelectorAll(".checklist-options input:checked").length;
      count.textContent = count.textContent.replace(/\d+/, String(n));
    });
  });
});
