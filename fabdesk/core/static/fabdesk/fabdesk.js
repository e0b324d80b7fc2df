// Fabdesk: the little script the pages need beside htmx.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-nav-toggle]");
  const nav = document.getElementById("site-menus");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // The language selector submits itself; the button stays for keyboard and no-JS users.
  const select = document.getElementById("language-select");
  if (select) select.addEventListener("change", () => select.form.submit());
});
