import { api, hideBanner, isServiceProblem, showBanner } from "./common.js";

const tabs = [...document.querySelectorAll('[role="tab"]')];

function selectTab(tab) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
  }
  tab.focus();
  document.querySelector(`#${tab.getAttribute("aria-controls")} input`).focus();
}

for (const tab of tabs) {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      selectTab(tabs[(tabs.indexOf(tab) + 1) % tabs.length]);
    }
  });
}

function wire(form, url, fields) {
  const error = form.querySelector(".form-error");
  const submit = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const body = Object.fromEntries(fields.map((name) => [name, form.elements[name].value.trim()]));
    body.password = form.elements.password.value;
    submit.disabled = true;
    error.hidden = true;
    try {
      await api("POST", url, body);
      hideBanner();
      window.location.assign("/");
    } catch (problem) {
      // What the user typed stays in the form either way.
      if (isServiceProblem(problem)) {
        showBanner(problem.message);
      } else {
        error.textContent = problem.message;
        error.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  });
}

wire(document.getElementById("signin-form"), "/session/login", ["email"]);
wire(document.getElementById("signup-form"), "/session/signup", ["name", "email"]);
