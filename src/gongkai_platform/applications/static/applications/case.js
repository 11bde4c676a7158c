// The reply form shows only the fields its outcome needs: 不予公开的部分 for 部分公开, the 第三十六条第（五）项
// organ for 不属于本机关负责公开. Without this script every field stays visible and the server checks them.
(function () {
  "use strict";
  const form = document.getElementById("form-close");
  if (!form) return;
  const field = (name) => form.querySelector(`[name=${name}]`);
  const box = (name) => field(name) && field(name).closest(".field");
  function show(name, visible) {
    const b = box(name);
    if (b) b.hidden = !visible;
  }
  function update() {
    const outcome = field("outcome").value;
    const notHeld = outcome === "unavailable.not_held";
    const notOurs = notHeld && field("not_held_ground").value === "not_ours";
    show("not_held_ground", notHeld);
    show("responsible_organ", notOurs);
    show("responsible_contact", notOurs);
    show("withheld_parts", outcome === "partial");
    show("withheld_basis", outcome === "partial");
  }
  form.addEventListener("change", update);
  update();
})();
