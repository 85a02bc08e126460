// One Plotly figure, drawn with the vendored plotly.js basic bundle (static/vendor/README.md).
// ui.render_chart mounts this Streamlit component with
//   data = {figure: <the figure's JSON>, config: <Plotly config>, src: <bundle URL>,
//           locale: {<English modebar text>: <Chinese>}, failed: <message if the bundle cannot load>}
// The bundle is loaded once per page and shared by every chart on it.

function plotly(src, locale) {
  if (!window.__lawreportPlotly) {
    window.__lawreportPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => {
        window.Plotly.register({ moduleType: "locale", name: "zh-CN", dictionary: locale });
        resolve(window.Plotly);
      };
      script.onerror = () => {
        window.__lawreportPlotly = undefined; // a later chart may try again
        reject(new Error(`cannot load ${src}`));
      };
      document.head.appendChild(script);
    });
  }
  return window.__lawreportPlotly;
}

export default function ({ data, parentElement }) {
  const figure = JSON.parse(data.figure);
  const layout = { ...figure.layout, autosize: true };
  delete layout.width; // the chart fills its column; the PNG download keeps the export size
  let div = parentElement.querySelector(":scope > .lawreport-chart");
  if (!div) {
    div = document.createElement("div");
    div.className = "lawreport-chart";
    div.style.width = "100%";
    parentElement.appendChild(div);
  }
  div.style.minHeight = `${layout.height || 450}px`; // keeps the page from jumping while the bundle loads
  plotly(data.src, data.locale)
    .then((Plotly) =>
      Plotly.react(div, figure.data || [], layout, { ...data.config, locale: "zh-CN", responsive: true }),
    )
    .then(() => {
      // Columns change width without a window resize (the sidebar opening, 简报模式); one observer
      // per chart, however often the figure is redrawn.
      if (!div.lawreportObserver) {
        div.lawreportObserver = new ResizeObserver(() => window.Plotly.Plots.resize(div));
        div.lawreportObserver.observe(div);
      }
    })
    .catch(() => {
      div.textContent = data.failed;
    });
  return () => {
    if (div.lawreportObserver) div.lawreportObserver.disconnect();
    div.lawreportObserver = undefined;
    if (window.Plotly) window.Plotly.purge(div);
  };
}
