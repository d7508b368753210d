// Print buttons on the agenda and the table plan (no inline script: CSP).
document.querySelectorAll(".print-button").forEach((button) => {
  button.addEventListener("click", (event) => {
    event.preventDefault();
    window.print();
  });
});
