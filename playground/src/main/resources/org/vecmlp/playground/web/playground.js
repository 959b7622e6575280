// vecmlp playground page: draws what the server's engine trains. Plain canvas, no libraries.
"use strict";
(function () {
  const LEARNING_RATES = ["0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"];
  const REG_RATES = ["0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"];
  const ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear", "leaky-relu"];
  const OPTIMIZERS = ["sgd", "momentum", "nesterov", "adam"];
  const FEATURES = [["x", "X1"], ["y", "X2"], ["xSquared", "X1²"], ["ySquared", "X2²"], ["xTimesY", "X1·X2"],
    ["sinX", "sin X1"], ["sinY", "sin X2"]];
  const CLASSIFY = ["circle", "xor", "gauss", "spiral"];
  const REGRESS = ["reg-plane", "reg-gauss"];
  const MAX_LAYERS = 10, MAX_NEURONS = 8;
  const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#000000"];

  const $ = (id) => document.getElementById(id);
  let sessionId = null;
  let settings = {};      // the server's settings, as strings
  let frame = null;       // the last frame
  let points = {train: [], test: []};
  let history = [];       // rows: [epoch, train, test, norms...]
  let customLoaded = {classification: false, regression: false};
  let source = null;

  // ---- colours: the playground's diverging scale, orange −1, white 0, blue +1 ----
  const NEG = [0xf5, 0x93, 0x22], MID = [0xe8, 0xea, 0xeb], POS = [0x08, 0x77, 0xbd];
  function rgb(t, discretize) {
    if (!(t === t)) t = 0;
    t = Math.max(-1, Math.min(1, t));
    if (discretize) t = t >= 0 ? 1 : -1;
    const end = t >= 0 ? POS : NEG, a = Math.abs(t);
    return [0, 1, 2].map((i) => Math.round(MID[i] + (end[i] - MID[i]) * a));
  }

  function decode(b64) {
    const s = atob(b64), out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function drawMap(canvas, bytes, discretize) {
    const n = Math.round(Math.sqrt(bytes.length));
    const off = document.createElement("canvas");
    off.width = n; off.height = n;
    const octx = off.getContext("2d"), img = octx.createImageData(n, n);
    for (let i = 0; i < bytes.length; i++) {
      const c = rgb(bytes[i] / 127.5 - 1, discretize);
      img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
    }
    octx.putImageData(img, 0, 0);
    const ctx = canvas.getContext("2d");
    ctx.imageSmoothingEnabled = true;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  }

  function drawPoints(canvas, list, rim) {
    const ctx = canvas.getContext("2d"), s = canvas.width / 12;
    for (const p of list) {
      if (Math.abs(p[0]) > 6 || Math.abs(p[1]) > 6) continue;
      const c = rgb(p[2], false);
      ctx.beginPath();
      ctx.arc((p[0] + 6) * s, (6 - p[1]) * s, 3, 0, 2 * Math.PI);
      ctx.fillStyle = "rgb(" + c.join(",") + ")";
      ctx.fill();
      ctx.strokeStyle = rim; ctx.lineWidth = 1; ctx.stroke();
    }
  }

  // ---- the server ----
  async function post(path, body) {
    const r = await fetch("/api/sessions/" + sessionId + "/" + path, {method: "POST", body: body || "",
      headers: {"Content-Type": "text/plain; charset=utf-8"}});
    const text = await r.text();
    let json = {};
    try { json = text ? JSON.parse(text) : {}; } catch (e) { json = {error: "the server answered " + r.status}; }
    if (!r.ok) {
      showMessage(json.error || ("the server answered " + r.status), "error");
      if (r.status === 404 && /no session/.test(json.error || "")) reconnect();
      return null;
    }
    if ($("message").className === "error") showMessage("", ""); // the last error is behind us
    return json;
  }

  function showMessage(text, kind) {
    const m = $("message");
    m.textContent = text || "";
    m.className = text ? kind : "";
  }

  function query(map) {
    return Object.keys(map).map((k) => encodeURIComponent(k) + "=" + encodeURIComponent(map[k]).replace(/%2C/g, ","))
      .join("&");
  }

  function parseQuery(q) {
    const m = {};
    q.replace(/^[#?]/, "").split("&").filter((p) => p).forEach((p) => {
      const i = p.indexOf("=");
      const k = decodeURIComponent(i < 0 ? p : p.slice(0, i));
      m[k] = i < 0 ? "" : decodeURIComponent(p.slice(i + 1).replace(/\+/g, " "));
    });
    return m;
  }

  async function sendSettings(changes) {
    const next = Object.assign({}, settings, changes);
    const r = await post("settings", query(next));
    if (r) {
      adopt(r.settings);
      showMessage("", "");
    } else {
      fillControls(); // back to the values in force
    }
  }

  function adopt(q) {
    settings = parseQuery(q);
    window.history.replaceState(null, "", "#" + q);
    fillControls();
  }

  // ---- controls ----
  function options(select, values, labels) {
    select.innerHTML = "";
    values.forEach((v, i) => {
      const o = document.createElement("option");
      o.value = v; o.textContent = labels ? labels[i] : v;
      select.appendChild(o);
    });
  }

  function buildControls() {
    options($("learningRate"), LEARNING_RATES);
    options($("activation"), ACTIVATIONS, ["ReLU", "Tanh", "Sigmoid", "Linear", "Leaky ReLU"]);
    options($("regularization"), ["none", "L1", "L2"], ["None", "L1", "L2"]);
    options($("regularizationRate"), REG_RATES);
    options($("optimizer"), OPTIMIZERS, ["SGD", "Momentum", "Nesterov", "Adam"]);
    ["learningRate", "activation", "regularization", "regularizationRate", "problem", "mode", "loss", "optimizer"]
      .forEach((id) => $(id).addEventListener("change", () => sendSettings({[id]: $(id).value})));
    ["percTrainData", "noise", "batchSize"].forEach((id) => {
      $(id).addEventListener("input", () => { $(id + "-value").textContent = $(id).value; });
      $(id).addEventListener("change", () => sendSettings({[id]: $(id).value}));
    });
    ["epochs", "stopLoss", "speed", "seed"].forEach((id) =>
      $(id).addEventListener("change", () => sendSettings({[id]: $(id).value.trim()})));
    ["showTestData", "discretize"].forEach((id) =>
      $(id).addEventListener("change", () => sendSettings({[id]: String($(id).checked)})));
    $("play-pause").addEventListener("click", () => post(frame && frame.state === "playing" ? "pause" : "play"));
    $("step").addEventListener("click", () => post("step"));
    $("reset").addEventListener("click", () => post("reset"));
    $("add-layer").addEventListener("click", () => changeShape((shape) => { if (shape.length < MAX_LAYERS) shape.push(2); }));
    $("remove-layer").addEventListener("click", () => changeShape((shape) => { shape.pop(); }));
    $("upload").addEventListener("change", upload);
    const ds = $("datasets");
    CLASSIFY.concat(REGRESS).concat(["custom"]).forEach((name) => {
      const b = document.createElement("button");
      b.dataset.name = name; b.title = name; b.id = "dataset-" + name;
      const c = document.createElement("canvas");
      c.width = 48; c.height = 48;
      b.appendChild(c);
      b.addEventListener("click", () => {
        const regression = settings.problem === "regression";
        if (name === "custom") sendSettings(regression ? {regDataset: "custom"} : {dataset: "custom"});
        else if (REGRESS.includes(name)) sendSettings({problem: "regression", regDataset: name});
        else sendSettings({problem: "classification", dataset: name});
      });
      ds.appendChild(b);
    });
  }

  function shape() {
    return settings.networkShape ? settings.networkShape.split(",").filter((s) => s !== "").map(Number) : [];
  }

  function layerActivations() {
    return settings.layerActivations ? settings.layerActivations.split(",") : [];
  }

  function changeShape(edit, layer, activation) {
    const s = shape();
    let acts = layerActivations();
    edit(s);
    if (acts.length) {
      while (acts.length < s.length) acts.push(settings.activation);
      acts = acts.slice(0, s.length);
    }
    if (layer !== undefined) {
      if (!acts.length) acts = s.map(() => settings.activation);
      acts[layer] = activation;
      if (acts.every((a) => a === settings.activation)) acts = [];
    }
    sendSettings({networkShape: s.join(","), layerActivations: acts.join(",")});
  }

  async function upload() {
    const file = $("upload").files[0];
    if (!file) return;
    const text = await file.text();
    const problem = settings.problem || "classification";
    const r = await fetch("/api/sessions/" + sessionId + "/data?problem=" + problem + "&name=" +
      encodeURIComponent(file.name), {method: "POST", body: text});
    const json = await r.json().catch(() => ({error: "the server answered " + r.status}));
    $("upload").value = "";
    if (!r.ok) { showMessage(json.error, "error"); return; }
    customLoaded[problem] = true;
    adopt(json.settings);
    showMessage("read " + json.rows + " points from " + file.name, "info");
  }

  function fillControls() {
    ["learningRate", "activation", "regularization", "regularizationRate", "problem", "mode", "loss", "optimizer",
      "percTrainData", "noise", "batchSize", "epochs", "stopLoss", "speed", "seed"].forEach((id) => {
      if (settings[id] !== undefined) $(id).value = settings[id];
    });
    ["percTrainData", "noise", "batchSize"].forEach((id) => { $(id + "-value").textContent = settings[id]; });
    $("showTestData").checked = settings.showTestData === "true";
    $("discretize").checked = settings.discretize === "true";
    document.querySelectorAll(".engine-only").forEach((e) => e.classList.toggle("hidden", settings.mode !== "engine"));
    document.querySelectorAll(".classification-only").forEach((e) =>
      e.classList.toggle("hidden", settings.problem === "regression"));
    const current = settings.problem === "regression" ? settings.regDataset : settings.dataset;
    document.querySelectorAll("#datasets button").forEach((b) => {
      b.classList.toggle("selected", b.dataset.name === current);
      const custom = b.dataset.name === "custom";
      b.classList.toggle("hidden", custom && !customLoaded[settings.problem || "classification"] && current !== "custom");
    });
    $("layer-count").textContent = shape().length;
    buildNetwork();
  }

  // ---- the network diagram ----
  function featureValue(key, x, y) {
    switch (key) {
      case "x": return x / 6; case "y": return y / 6;
      case "xSquared": return x * x / 18 - 1; case "ySquared": return y * y / 18 - 1;
      case "xTimesY": return x * y / 18; case "sinX": return Math.sin(x); case "sinY": return Math.sin(y);
    }
    return 0;
  }

  function featureBytes(key) {
    const n = 20, out = new Uint8Array(n * n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
      const x = -6 + 12 * (c + 0.5) / n, y = 6 - 12 * (r + 0.5) / n;
      out[r * n + c] = Math.round((Math.max(-1, Math.min(1, featureValue(key, x, y))) + 1) * 127.5);
    }
    return out;
  }

  let networkKey = "";
  function buildNetwork() {
    const s = shape(), acts = layerActivations();
    const key = JSON.stringify([s, acts, FEATURES.map((f) => settings[f[0]]), settings.activation]);
    if (key === networkKey) return;
    networkKey = key;
    const net = $("network");
    net.innerHTML = "";
    const inputs = document.createElement("div");
    inputs.className = "layer";
    inputs.innerHTML = '<div class="head">Features</div>';
    FEATURES.forEach(([k, label]) => {
      const node = document.createElement("div");
      node.className = "node";
      const cb = document.createElement("input");
      cb.type = "checkbox"; cb.id = "f-" + k; cb.checked = settings[k] === "true";
      cb.addEventListener("change", () => sendSettings({[k]: String(cb.checked)}));
      const c = document.createElement("canvas");
      c.width = 20; c.height = 20; c.id = "feature-" + k;
      c.style.opacity = cb.checked ? 1 : 0.3;
      const l = document.createElement("label");
      l.htmlFor = cb.id; l.textContent = label;
      node.append(cb, l, c);
      inputs.appendChild(node);
      drawMap(c, featureBytes(k), false);
    });
    net.appendChild(inputs);
    s.forEach((width, li) => {
      const layer = document.createElement("div");
      layer.className = "layer";
      const head = document.createElement("div");
      head.className = "head";
      const plus = document.createElement("button"), minus = document.createElement("button");
      plus.textContent = "+"; minus.textContent = "−";
      plus.className = "add-neuron"; minus.className = "remove-neuron";
      plus.addEventListener("click", () => changeShape((sh) => { if (sh[li] < MAX_NEURONS) sh[li]++; }));
      minus.addEventListener("click", () => changeShape((sh) => { if (sh[li] > 1) sh[li]--; }));
      const sel = document.createElement("select");
      sel.className = "layer-activation";
      options(sel, ACTIVATIONS);
      sel.value = acts.length ? acts[li] : settings.activation;
      sel.addEventListener("change", () => changeShape(() => {}, li, sel.value));
      head.append(plus, minus, document.createElement("br"), document.createTextNode(width + " neurons "), sel);
      layer.appendChild(head);
      for (let u = 0; u < width; u++) {
        const node = document.createElement("div");
        node.className = "node";
        const c = document.createElement("canvas");
        c.width = 20; c.height = 20; c.className = "neuron"; c.dataset.layer = li; c.dataset.unit = u;
        node.appendChild(c);
        layer.appendChild(node);
      }
      net.appendChild(layer);
    });
    const out = document.createElement("div");
    out.className = "layer";
    out.innerHTML = '<div class="head">Output</div>';
    const node = document.createElement("div");
    node.className = "node";
    const c = document.createElement("canvas");
    c.width = 20; c.height = 20; c.className = "neuron"; c.dataset.layer = s.length; c.dataset.unit = 0;
    node.appendChild(c);
    out.appendChild(node);
    net.appendChild(out);
    if (frame) drawNetwork();
  }

  function nodeCentres() {
    const wrap = $("network-wrap").getBoundingClientRect();
    const centre = (el) => { const r = el.getBoundingClientRect(); return [r.left - wrap.left + r.width / 2, r.top - wrap.top + r.height / 2, r.left - wrap.left, r.right - wrap.left]; };
    const layers = [];
    const feats = frame ? frame.features : FEATURES.filter((f) => settings[f[0]] === "true").map((f) => f[0]);
    layers.push(feats.map((k) => centre($("feature-" + k))));
    const s = shape();
    for (let l = 0; l <= s.length; l++) {
      layers.push(Array.from(document.querySelectorAll('canvas.neuron[data-layer="' + l + '"]')).map(centre));
    }
    return layers;
  }

  function drawNetwork() {
    document.querySelectorAll("canvas.neuron").forEach((c) => {
      const l = +c.dataset.layer, u = +c.dataset.unit;
      if (frame.neurons[l] && frame.neurons[l][u]) drawMap(c, decode(frame.neurons[l][u]), settings.discretize === "true");
    });
    const links = $("links"), wrap = $("network-wrap");
    links.width = wrap.clientWidth; links.height = wrap.clientHeight;
    const ctx = links.getContext("2d");
    ctx.clearRect(0, 0, links.width, links.height);
    const layers = nodeCentres();
    for (let l = 0; l < frame.weights.length; l++) {
      const from = layers[l], to = layers[l + 1], w = frame.weights[l];
      if (!from || !to || from.length * to.length !== w.length) continue;
      for (let i = 0; i < from.length; i++) for (let j = 0; j < to.length; j++) {
        const v = w[i * to.length + j];
        const c = rgb(Math.max(-1, Math.min(1, v)), false);
        ctx.strokeStyle = "rgb(" + c.join(",") + ")";
        ctx.lineWidth = Math.max(0.5, Math.min(6, Math.abs(v) * 2));
        ctx.beginPath();
        ctx.moveTo(from[i][3], from[i][1]);
        ctx.lineTo(to[j][2], to[j][1]);
        ctx.stroke();
      }
    }
  }

  // ---- charts ----
  function lineChart(canvas, series, log, colours, labels) {
    const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height, pad = 4, left = log ? 34 : 4;
    ctx.clearRect(0, 0, W, H);
    const xs = history.map((r) => r[0]);
    if (xs.length < 1) return;
    let lo = Infinity, hi = -Infinity;
    const tf = (v) => log ? Math.log10(v) : v;
    series.forEach((s) => s.forEach((v) => { if (v > 0 || (!log && v === v)) { const t = tf(v); if (isFinite(t)) { lo = Math.min(lo, t); hi = Math.max(hi, t); } } }));
    if (!isFinite(lo)) return;
    if (!log) lo = Math.min(0, lo);
    if (hi - lo < 1e-9) hi = lo + 1;
    const x0 = xs[0], x1 = Math.max(xs[xs.length - 1], x0 + 1);
    const px = (x) => left + (W - left - pad) * (x - x0) / (x1 - x0), py = (v) => H - pad - (H - 2 * pad) * (tf(v) - lo) / (hi - lo);
    if (log) {
      ctx.fillStyle = "#999"; ctx.font = "10px sans-serif";
      for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) {
        ctx.fillText("1e" + e, 0, py(Math.pow(10, e)) + 3);
        ctx.strokeStyle = "#eee"; ctx.beginPath(); ctx.moveTo(left, py(Math.pow(10, e))); ctx.lineTo(W, py(Math.pow(10, e))); ctx.stroke();
      }
    }
    series.forEach((s, k) => {
      ctx.strokeStyle = colours[k % colours.length]; ctx.lineWidth = 1.5;
      ctx.beginPath();
      let started = false;
      s.forEach((v, i) => {
        if (!(v === v) || (log && !(v > 0))) { started = false; return; }
        if (!started) { ctx.moveTo(px(xs[i]), py(v)); started = true; } else ctx.lineTo(px(xs[i]), py(v));
      });
      ctx.stroke();
    });
    if (labels) {
      ctx.font = "10px sans-serif";
      labels.forEach((l, k) => { ctx.fillStyle = colours[k % colours.length]; ctx.fillText(l, W - 60, 12 + 11 * k); });
    }
  }

  // ---- frames ----
  function fmt(v, digits) { return v === null || v === undefined || !(v === v) ? "–" : Number(v).toFixed(digits); }

  function onFrame(f) {
    frame = f;
    if (f.train) { points = {train: f.train, test: f.test}; }
    if (f.historyFromStart) history = [];
    history = history.concat(f.history);
    const q = parseQuery(f.settings);
    if (f.settings !== query(settings)) { settings = q; window.history.replaceState(null, "", "#" + f.settings); fillControls(); }
    $("epoch").textContent = String(f.epoch).padStart(6, "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    $("state").textContent = f.state;
    $("play-pause").textContent = f.state === "playing" ? "❚❚ Pause" : "▶ Play";
    $("play-pause").disabled = f.state === "diverged" || f.state === "finished";
    $("step").disabled = f.state === "diverged" || f.state === "finished";
    $("train-loss").textContent = fmt(f.trainLoss, 3);
    $("test-loss").textContent = fmt(f.testLoss, 3);
    $("train-accuracy").textContent = f.trainAccuracy === f.trainAccuracy && f.trainAccuracy !== null ? fmt(100 * f.trainAccuracy, 1) + "%" : "–";
    $("test-accuracy").textContent = f.testAccuracy === f.testAccuracy && f.testAccuracy !== null ? fmt(100 * f.testAccuracy, 1) + "%" : "–";
    ["tp", "fn", "fp", "tn"].forEach((id, i) => { $(id).textContent = f.testConfusion[i]; });
    if (f.message) showMessage(f.message, f.state === "diverged" ? "error" : "info");
    const discretize = settings.discretize === "true";
    const out = $("output");
    drawMap(out, decode(f.output), discretize);
    drawPoints(out, points.train, "#fff");
    if (settings.showTestData === "true") drawPoints(out, points.test, "#000");
    drawNetwork();
    lineChart($("loss-chart"), [history.map((r) => r[1]), history.map((r) => r[2])], false, ["#999", "#000"], ["train", "test"]);
    const layers = history.length ? history[0].length - 3 : 0, norms = [], labels = [];
    for (let l = 0; l < layers; l++) { norms.push(history.map((r) => r[3 + l])); labels.push(l === layers - 1 ? "output" : "layer " + (l + 1)); }
    lineChart($("grad-chart"), norms, true, COLORS, labels);
    document.body.dataset.frames = String((+document.body.dataset.frames || 0) + 1);
  }

  function drawDatasetThumbnails() {
    const shapes = {
      circle: (x, y) => Math.hypot(x, y) < 2.5 ? 1 : -1, xor: (x, y) => x * y >= 0 ? 1 : -1,
      gauss: (x, y) => x + y >= 0 ? 1 : -1, spiral: (x, y) => Math.sin(Math.hypot(x, y) * 1.2 + Math.atan2(y, x)) >= 0 ? 1 : -1,
      "reg-plane": (x, y) => (x + y) / 12, "reg-gauss": (x, y) => Math.sin(x) * Math.cos(y), custom: (x, y) => 0};
    Object.keys(shapes).forEach((name) => {
      const c = document.querySelector("#dataset-" + name + " canvas"), n = 24, b = new Uint8Array(n * n);
      for (let r = 0; r < n; r++) for (let col = 0; col < n; col++) {
        const v = shapes[name](-6 + 12 * (col + 0.5) / n, 6 - 12 * (r + 0.5) / n);
        b[r * n + col] = Math.round((Math.max(-1, Math.min(1, v)) + 1) * 127.5);
      }
      drawMap(c, b, false);
    });
  }

  function openStream() {
    if (source) source.close();
    source = new EventSource("/api/sessions/" + sessionId + "/events");
    source.addEventListener("frame", (e) => onFrame(JSON.parse(e.data)));
    source.addEventListener("closed", () => { source.close(); reconnect(); });
  }

  let reconnecting = false;
  async function reconnect() {
    if (reconnecting) return;
    reconnecting = true;
    try { await start(query(settings)); } finally { reconnecting = false; }
  }

  async function start(initial) {
    const r = await fetch("/api/sessions", {method: "POST"});
    const json = await r.json().catch(() => ({error: "the server answered " + r.status}));
    if (!r.ok) { showMessage(json.error, "error"); return; }
    sessionId = json.id;
    document.body.dataset.session = sessionId;
    settings = parseQuery(json.settings);
    fillControls();
    if (initial) {
      const applied = await post("settings", initial);
      if (applied) adopt(applied.settings);
    } else {
      adopt(json.settings);
    }
    openStream();
  }

  window.addEventListener("error", (e) => {
    document.body.dataset.errors = (document.body.dataset.errors || "") + e.message + "\n";
  });
  window.addEventListener("pagehide", () => { if (sessionId) navigator.sendBeacon("/api/sessions/" + sessionId + "/close"); });
  buildControls();
  drawDatasetThumbnails();
  start(location.hash.length > 1 ? location.hash.slice(1) : null);
})();
