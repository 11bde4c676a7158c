// The bulk audit's upload form: a browser sends a file chosen in a folder under its bare name, so the pages of two
// reports in two sub-folders (机关甲/1.jpg, 机关乙/1.jpg) would look like one folder's. On submit this adds each
// file's path inside the chosen folder, in the order the files are sent, as the JSON field `paths`; the server takes them
// as the files' names (audit_upload). Without JavaScript every file keeps its bare name.
(function () {
  var form = document.querySelector("form[data-upload-paths]");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function () {
    var paths = [];
    form.querySelectorAll("input[type=file][name=files]").forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (file) {
        paths.push(file.webkitRelativePath || file.name);
      });
    });
    var field = form.querySelector("input[name=paths]") || document.createElement("input");
    field.type = "hidden";
    field.name = "paths";
    field.value = JSON.stringify(paths);  // one field: a folder of 5,000 files must not be 5,000 fields
    form.appendChild(field);
  });
})();
