/*
 * Databricks workspaces on Manage Jenkins > System:
 * - each workspace card is titled by its name and host (not just "Workspace"), updated as the user types, so a
 *   list of several can be told apart when collapsed or reordered;
 * - a workspace without a name is reported in place when its name field is left empty or the form is saved,
 *   instead of a full-page error that loses the form (the server still refuses it as the last line).
 */
(function () {
  var NAME_REQUIRED = "Give the workspace a name, such as prod; Jenkinsfiles refer to it as workspace: 'prod'";

  function field(chunk, name) {
    return chunk.querySelector("input[name='_." + name + "']");
  }

  function header(chunk) {
    for (var i = 0; i < chunk.children.length; i++) {
      if (chunk.children[i].classList.contains("repeated-chunk__header")) {
        return chunk.children[i];
      }
    }
    return null;
  }

  function retitle(chunk) {
    var h = header(chunk);
    if (h == null) {
      return;
    }
    var title = h.querySelector(".databricks-workspace-title");
    if (title == null) {
      title = document.createElement("span");
      title.className = "databricks-workspace-title";
      for (var i = h.childNodes.length - 1; i >= 0; i--) {
        if (h.childNodes[i].nodeType === 3) {
          h.removeChild(h.childNodes[i]);
        }
      }
      h.appendChild(title);
    }
    var name = field(chunk, "name");
    var host = field(chunk, "host");
    var n = name ? name.value.trim() : "";
    var u = host ? host.value.trim() : "";
    title.textContent = n === "" ? "Workspace" : u === "" ? n : n + " (" + u + ")";
  }

  function showNameProblem(chunk, message) {
    var name = field(chunk, "name");
    var item = name ? name.closest(".jenkins-form-item") : null;
    var area = item ? item.querySelector(".validation-error-area") : null;
    if (area == null) {
      return;
    }
    var html = message ? "<div class=\"error\">" + message + "</div>" : "<div/>";
    if (typeof updateValidationArea === "function") {
      updateValidationArea(area, html);
    } else {
      area.innerHTML = html;
    }
  }

  Behaviour.specify(".databricks-workspaces .repeated-chunk", "databricks-workspace", 0, function (chunk) {
    if (chunk.classList.contains("to-be-removed")) {
      return; // the template copy
    }
    retitle(chunk);
    chunk.addEventListener("input", function () {
      retitle(chunk);
    });
    var name = field(chunk, "name");
    if (name) {
      name.addEventListener("blur", function () {
        showNameProblem(chunk, name.value.trim() === "" ? NAME_REQUIRED : null);
      });
    }
  });

  document.addEventListener(
    "submit",
    function (event) {
      var chunks = document.querySelectorAll(".databricks-workspaces .repeated-chunk:not(.to-be-removed)");
      var first = null;
      for (var i = 0; i < chunks.length; i++) {
        var name = field(chunks[i], "name");
        if (name && name.value.trim() === "") {
          showNameProblem(chunks[i], NAME_REQUIRED);
          first = first || name;
        }
      }
      if (first != null) {
        event.preventDefault();
        event.stopImmediatePropagation();
        first.focus();
      }
    },
    true
  );
})();
