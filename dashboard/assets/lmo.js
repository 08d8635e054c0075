// Client-side callbacks: the language switch keeps the whole view (the URL) and changes only `lang`.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  lmo: {
    switchLanguage: function () {
      const id = window.dash_clientside.callback_context.triggered_id;
      const url = new URL(window.location.href);
      url.searchParams.set("lang", String(id).replace("app-lang-", ""));
      return url.href;
    },
    toggle: function (_clicks, isOpen) {
      return !isOpen;
    },
    documentLanguage: function (search) {
      const lang = new URLSearchParams(search || "").get("lang") || "en";
      document.documentElement.lang = lang;
      return lang;
    }
  }
});
