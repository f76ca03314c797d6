// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Compare two versions as soon as one side is picked.
  for (const select of document.querySelectorAll("select.autosubmit")) {
    select.addEventListener("change", () => select.form && select.form.submit());
  }
  // Hovering a box in the copy graph lights up the arrows that touch it.
  for (const node of document.querySelectorAll("svg.graph .node")) {
    const id = node.getAttribute("data-id");
    const edges = [...document.querySelectorAll("svg.graph .edge")].filter(
      (e) => e.getAttribute("data-copy") === id || e.getAttribute("data-source") === id);
    node.addEventListener("mouseenter", () => edges.forEach((e) => e.classList.add("lit")));
    node.addEventListener("mouseleave", () => edges.forEach((e) => e.classList.remove("lit")));
  }
});
