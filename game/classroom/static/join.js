// The join page: a code field; the server says which page the code opens (or why it is refused).

import { CODE_KEY, lang, placeLanguageSwitch, ready, t } from "/static/app.js";

const form = document.getElementById("join");
const input = document.getElementById("code");
const error = document.getElementById("error");
const button = document.getElementById("go");
const params = new URLSearchParams(location.search);
if (params.get("error")) error.textContent = params.get("error");
input.value = params.get("code") || localStorage.getItem(CODE_KEY) || "";
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const code = input.value.trim().toUpperCase();
  error.textContent = "";
  button.disabled = true;
  try {
    const response = await fetch("/join", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code, lang }) });
    const answer = await response.json().catch(() => ({ error: t("the server answered {status}", { status: response.status }) }));
    if (response.ok && answer.url) {
      localStorage.setItem(CODE_KEY, code);
      location.href = answer.url;
      return;
    }
    error.textContent = answer.error || t("the server answered {status}", { status: response.status });
  } catch (exc) {
    error.textContent = t("the game's server cannot be reached: check the Wi-Fi and the address");
  } finally {
    button.disabled = false;
  }
});

// the form works at once; the page's words follow once its language is in
ready.then(() => {
  placeLanguageSwitch();
  if (params.get("error")) error.textContent = t(params.get("error")); // the server's refusal, in this page's language
});
