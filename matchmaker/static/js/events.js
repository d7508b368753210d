// Event signup: show the name and e-mail fields only when "someone else" is chosen.
// Without JavaScript the fields simply stay visible.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector(".signup-form");
  if (!form) return;
  var other = form.querySelector(".other-person");
  var radios = form.querySelectorAll("input[name=who]");
  function update() {
    var chosen = form.querySelector("input[name=who]:checked");
    other.hidden = !(chosen && chosen.value === "other");
  }
  radios.forEach(function (r) { r.addEventListener("change", update); });
  update();
});
