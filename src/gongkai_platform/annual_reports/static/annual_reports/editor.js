// The prose editors' live 字数: characters without whitespace, as forms.char_count counts them on the server.
// Without this script the count shown is the one the server wrote when the page was made.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var editor = document.getElementById(counter.getAttribute("data-count-for"));
    var shown = counter.querySelector(".n");
    if (!editor || !shown) {
      return;
    }
    var limit = parseInt(editor.getAttribute("data-max"), 10) || Infinity;
    function update() {
      var n = editor.value.replace(/\s+/g, "").length;
      shown.textContent = String(n);
      counter.classList.toggle("over", n > limit);
    }
    editor.addEventListener("input", update);
    update();
  });
});
