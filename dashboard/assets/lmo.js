// Client-side callbacks: the language switch keeps the whole view (the URL) and changes only `lang`.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  lmo: {
    switchLanguage: function () {
      const id = window.dash_clientside.callback_context.triggered_id;
      const url = new URL(window.location.href);
      url.searchParams.set("lang", String(id).replace("app-lang-", ""));
      return url.href;
    },
    print: function () {
      window.print();
      return window.dash_clientside.no_update;
    },
    toggle: function (_clicks, isOpen) {
      return !isOpen;
    },
    documentLanguage: function (search) {
      const lang = new URLSearchParams(search || "").get("lang") || "en";
      const rtl = lang === "ar";  // the languages written right to left (dashboard/lang.py direction)
      document.documentElement.lang = lang;
      document.documentElement.dir = rtl ? "rtl" : "ltr";
      // Bootstrap's RTL build replaces the LTR one (the server already chose it for the first paint).
      document.querySelectorAll('link[rel="stylesheet"][href*="/assets/bootstrap"]').forEach(function (link) {
        const href = link.getAttribute("href");
        const wanted = rtl ? href.replace("bootstrap.min.css", "bootstrap.rtl.min.css")
                           : href.replace("bootstrap.rtl.min.css", "bootstrap.min.css");
        if (wanted !== href) { link.setAttribute("href", wanted); }
      });
      return lang;
    }
  }
});

// Share: the link to the chart and its embed code, from the page's URL at the moment of the click.
window.dash_clientside.lmo.share = function (_clicks, isOpen) {
  const chart = window.dash_clientside.callback_context.triggered_id.chart;
  const here = window.location;
  const title = (document.getElementById(chart + "-figure") || {}).ariaLabel || chart;
  const embed = here.origin + "/embed/" + chart + here.search;
  const escape = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  window.dash_clientside.set_props(chart + "-link", {value: here.origin + here.pathname + here.search + "#" + chart + "-card"});
  window.dash_clientside.set_props(chart + "-embed", {value: '<iframe src="' + escape(embed) + '" title="' + escape(title) +
    '" width="100%" height="600" style="border:0" loading="lazy"></iframe>'});
  return !isOpen;
};

// Maps fit their bounds (layout.meta.fit = [west, east, south, north]) at any width: Plotly's MapLibre maps
// have a fixed zoom, which cut off Geneva and Graubünden on a phone. Figures with a phone layout take it there.
(function () {
  const TILE = 512;
  const mercator = (lat) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  function fit(gd) {
    const bounds = gd.layout && gd.layout.meta && gd.layout.meta.fit;
    const size = gd._fullLayout && gd._fullLayout._size;
    if (!bounds || !size || !gd._fullLayout.map || !window.Plotly) return;
    const [west, east, south, north] = bounds;
    const byWidth = Math.log2((size.w * 360) / (TILE * (east - west)));
    const byHeight = Math.log2((size.h * 2 * Math.PI) / (TILE * (mercator(north) - mercator(south))));
    const zoom = Math.round(Math.min(byWidth, byHeight) * 20) / 20 - 0.05;
    if (Math.abs(zoom - gd._fullLayout.map.zoom) > 0.06) {
      window.Plotly.relayout(gd, {"map.zoom": zoom, "map.center": {lon: (west + east) / 2, lat: (south + north) / 2}});
    }
  }
  // A figure with a phone layout (layout.meta.narrow, dashboard/phone.py) takes it while the chart is narrower
  // than 576 px, and its own (layout.meta.wide) again above; a new figure from a callback is a new layout object.
  const NARROW = 576;
  const applied = new WeakMap();
  function narrow(gd) {
    const meta = gd.layout && gd.layout.meta;
    if (!meta || !meta.narrow || !gd._fullLayout || !window.Plotly || !gd.clientWidth) return;
    const small = gd.clientWidth < NARROW;
    if ((applied.get(gd.layout) || false) === small) return;
    applied.set(gd.layout, small);
    window.Plotly.relayout(gd, small ? meta.narrow : meta.wide);
  }
  let pending = false;
  const fitAll = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      document.querySelectorAll(".js-plotly-plot").forEach((gd) => { narrow(gd); fit(gd); });
    });
  };
  new MutationObserver(fitAll).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("resize", fitAll);
})();

// A shared link to a chart (#<chart>-card): scroll to the card once the page has laid it out.
(function () {
  let done = false;
  const observer = new MutationObserver(() => {
    const card = !done && window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (card) { done = true; observer.disconnect(); card.scrollIntoView(); }
  });
  observer.observe(document.documentElement, {childList: true, subtree: true});
})();

// The DataTable's pager draws its buttons as bare icons: name them (and its page field) in the page's language.
(function () {
  const name = () => {
    const labels = (window.LMO_PAGER || {})[document.documentElement.lang] || {};
    document.querySelectorAll(".previous-next-container button, .previous-next-container input").forEach((el) => {
      const label = labels[el.className];
      if (label && el.getAttribute("aria-label") !== label) { el.setAttribute("aria-label", label); }
    });
  };
  new MutationObserver(name).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                                                attributeFilter: ["lang"]});
})();
