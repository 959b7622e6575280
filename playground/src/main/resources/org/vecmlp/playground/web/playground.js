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
  const MULTICLASS = ["arms", "blobs"]; // more than two classes: softmax and cross-entropy, in engine mode
  const CLASS_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
  function hex(c) { return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)); }
  const classes = () => (frame && frame.classes > 2 ? frame.classes : 0);
  const REGRESS = ["reg-plane", "reg-gauss"];
  const MAX_LAYERS = 10, MAX_NEURONS = 8;
  // Okabe and Ito's palette (readable on white and by colour-blind readers), then the same dashed.
  const COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999"];

  const $ = (id) => document.getElementById(id);
  // The server writes numbers that are not finite (a regression run's accuracy, a diverged loss) as null.
  const finite = (v) => typeof v === "number" && isFinite(v);
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

  /** Blends white into a class's colour by a probability p (a class with p = 1/C or less shows white). */
  function classRgb(c, p, k) {
    const base = hex(CLASS_COLORS[c % CLASS_COLORS.length]), t = Math.max(0, Math.min(1, (p - 1 / k) / (1 - 1 / k)));
    return base.map((v) => Math.round(255 + (v - 255) * (0.25 + 0.75 * t)));
  }

  /**
   * A map of bytes (a value in [−1, 1] as 0–255), in the diverging scale, or, given {@code predicted} (a class per
   * cell, more than two classes), in each cell's class colour at its probability; {@code single}: a class's own map.
   */
  function drawMap(canvas, bytes, discretize, rect, predicted, single) {
    const n = Math.round(Math.sqrt(bytes.length));
    const off = document.createElement("canvas");
    off.width = n; off.height = n;
    const octx = off.getContext("2d"), img = octx.createImageData(n, n), k = classes();
    for (let i = 0; i < bytes.length; i++) {
      const p = bytes[i] / 255;
      const c = predicted ? classRgb(predicted[i], discretize ? 1 : p, k)
        : single !== undefined ? classRgb(single, p, k) : rgb(bytes[i] / 127.5 - 1, discretize);
      img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
    }
    octx.putImageData(img, 0, 0);
    const ctx = canvas.getContext("2d"), r = rect || {x: 0, y: 0, w: canvas.width, h: canvas.height};
    ctx.imageSmoothingEnabled = true;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(off, r.x, r.y, r.w, r.h);
  }

  // The output canvas: the map in a square with TensorFlow Playground's axes, −6 … 6 on X1 and X2.
  const PLOT = {x: 30, y: 6, w: 292, h: 292};
  function drawAxes(canvas, rect) {
    const ctx = canvas.getContext("2d");
    ctx.strokeStyle = "#999"; ctx.fillStyle = "#555"; ctx.font = "10px sans-serif"; ctx.lineWidth = 1;
    ctx.strokeRect(rect.x + 0.5, rect.y + 0.5, rect.w - 1, rect.h - 1);
    for (let v = -6; v <= 6; v += 2) {
      const px = rect.x + (v + 6) / 12 * rect.w, py = rect.y + (6 - v) / 12 * rect.h;
      ctx.beginPath(); ctx.moveTo(px, rect.y + rect.h); ctx.lineTo(px, rect.y + rect.h + 4); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(rect.x - 4, py); ctx.lineTo(rect.x, py); ctx.stroke();
      ctx.textAlign = "center"; ctx.fillText(String(v).replace("-", "−"), px, rect.y + rect.h + 14);
      ctx.textAlign = "right"; ctx.fillText(String(v).replace("-", "−"), rect.x - 6, py + 3);
    }
    ctx.textAlign = "center"; ctx.fillText("X1", rect.x + rect.w / 2, rect.y + rect.h + 26);
    ctx.save(); ctx.translate(9, rect.y + rect.h / 2); ctx.rotate(-Math.PI / 2); ctx.fillText("X2", 0, 0); ctx.restore();
    ctx.textAlign = "start";
  }

  function drawPoints(canvas, list, rim, rect) {
    const ctx = canvas.getContext("2d"), r = rect || {x: 0, y: 0, w: canvas.width, h: canvas.height};
    for (const p of list) {
      if (Math.abs(p[0]) > 6 || Math.abs(p[1]) > 6) continue;
      const c = classes() ? hex(CLASS_COLORS[p[2] % CLASS_COLORS.length]) : rgb(p[2], false);
      ctx.beginPath();
      ctx.arc(r.x + (p[0] + 6) * r.w / 12, r.y + (6 - p[1]) * r.h / 12, 3, 0, 2 * Math.PI);
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
    if (messageFrom === "request") showMessage("", ""); // the last refused request is behind us
    return json;
  }

  // Who put the message up: a refused request (cleared by the next accepted one) or the run itself (a divergence,
  // a stop condition: it stays until a frame without a message replaces it).
  let messageFrom = null;
  function showMessage(text, kind, from) {
    const m = $("message");
    m.textContent = text || "";
    m.className = text ? kind : "";
    messageFrom = text ? (from || "request") : null;
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
    $("classes").addEventListener("change", () => sendSettings({classes: $("classes").value}));
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
    $("network-wrap").addEventListener("mousemove", inspectLink);
    $("network-wrap").addEventListener("mouseleave", hideInspector);
    $("output").addEventListener("mousemove", (e) => {
      const r = $("output").getBoundingClientRect(), k = $("output").width / r.width;
      const x = -6 + 12 * ((e.clientX - r.left) * k - PLOT.x) / PLOT.w, y = 6 - 12 * ((e.clientY - r.top) * k - PLOT.y) / PLOT.h;
      if (Math.abs(x) <= 6 && Math.abs(y) <= 6) { formulaPoint = [x, y]; if (selected) showFormula(); }
    });
    const ds = $("datasets");
    CLASSIFY.concat(MULTICLASS).concat(REGRESS).concat(["custom"]).forEach((name) => {
      const b = document.createElement("button");
      b.dataset.name = name; b.title = name; b.id = "dataset-" + name;
      b.setAttribute("aria-label", "Data set " + name + (MULTICLASS.includes(name) ? " (more than two classes)" : ""));
      const c = document.createElement("canvas");
      c.width = 48; c.height = 48;
      b.appendChild(c);
      b.addEventListener("click", () => {
        const regression = settings.problem === "regression";
        if (name === "custom") sendSettings(regression ? {regDataset: "custom"} : {dataset: "custom"});
        else if (REGRESS.includes(name)) sendSettings({problem: "regression", regDataset: name});
        else if (MULTICLASS.includes(name)) sendSettings({problem: "classification", dataset: name, mode: "engine"});
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
      "percTrainData", "noise", "batchSize", "epochs", "stopLoss", "speed", "seed", "classes"].forEach((id) => {
      if (settings[id] !== undefined) $(id).value = settings[id];
    });
    ["percTrainData", "noise", "batchSize"].forEach((id) => { $(id + "-value").textContent = settings[id]; });
    $("showTestData").checked = settings.showTestData === "true";
    $("discretize").checked = settings.discretize === "true";
    document.querySelectorAll(".engine-only").forEach((e) => e.classList.toggle("hidden", settings.mode !== "engine"));
    $("classes-control").classList.toggle("hidden", !(settings.problem !== "regression" && MULTICLASS.includes(settings.dataset)));
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
    const key = JSON.stringify([s, acts, FEATURES.map((f) => settings[f[0]]), settings.activation, classes()]);
    if (key === networkKey) return;
    networkKey = key;
    const net = $("network");
    net.innerHTML = "";
    // Ten hidden layers fit beside the output panel with narrower gaps; past the column's width it scrolls.
    net.style.setProperty("--layer-gap", s.length > 6 ? "18px" : s.length > 4 ? "28px" : "44px");
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
      c.setAttribute("role", "img");
      c.setAttribute("aria-label", "Feature " + label + " over the plane");
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
      plus.setAttribute("aria-label", "Add a neuron to hidden layer " + (li + 1));
      minus.setAttribute("aria-label", "Remove a neuron from hidden layer " + (li + 1));
      plus.title = plus.getAttribute("aria-label"); minus.title = minus.getAttribute("aria-label");
      plus.addEventListener("click", () => changeShape((sh) => { if (sh[li] < MAX_NEURONS) sh[li]++; }));
      minus.addEventListener("click", () => changeShape((sh) => { if (sh[li] > 1) sh[li]--; }));
      const sel = document.createElement("select");
      sel.className = "layer-activation";
      sel.setAttribute("aria-label", "Activation of hidden layer " + (li + 1));
      options(sel, ACTIVATIONS);
      sel.value = acts.length ? acts[li] : settings.activation;
      sel.addEventListener("change", () => changeShape(() => {}, li, sel.value));
      head.append(plus, minus, document.createElement("br"), document.createTextNode(width + " neurons "), sel);
      layer.appendChild(head);
      for (let u = 0; u < width; u++) layer.appendChild(neuronNode(li, u, "Hidden layer " + (li + 1) + ", neuron " + (u + 1)));
      net.appendChild(layer);
    });
    const out = document.createElement("div");
    out.className = "layer";
    out.innerHTML = '<div class="head">Output</div>';
    if (classes()) {
      for (let c = 0; c < classes(); c++) out.appendChild(neuronNode(s.length, c, "Output neuron " + c + " (class " + c + ")"));
    } else {
      out.appendChild(neuronNode(s.length, 0, "The output neuron"));
    }
    net.appendChild(out);
    if (frame) drawNetwork();
  }

  /** A neuron: its map (hover: large; click: its formulas) and its bias, a small square coloured by its value. */
  function neuronNode(layer, unit, name) {
    const node = document.createElement("div");
    node.className = "node";
    const c = document.createElement("canvas");
    c.width = 20; c.height = 20; c.className = "neuron"; c.dataset.layer = layer; c.dataset.unit = unit;
    c.dataset.name = name;
    c.setAttribute("role", "img");
    c.setAttribute("aria-label", name + ": its output over the plane");
    c.tabIndex = 0;
    c.addEventListener("mouseenter", (e) => inspectNeuron(c, e));
    c.addEventListener("mousemove", (e) => placeInspector(e));
    c.addEventListener("mouseleave", hideInspector);
    c.addEventListener("click", () => selectNeuron(layer, unit));
    c.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") selectNeuron(layer, unit); });
    const bias = document.createElement("span");
    bias.className = "bias"; bias.dataset.layer = layer; bias.dataset.unit = unit;
    bias.addEventListener("mouseenter", (e) => inspectBias(bias, e));
    bias.addEventListener("mousemove", (e) => placeInspector(e));
    bias.addEventListener("mouseleave", hideInspector);
    node.append(bias, c);
    return node;
  }

  // ---- inspecting the network: hover values, a neuron's map large, its formulas ----
  function placeInspector(e) {
    const box = $("inspect");
    box.style.left = Math.min(window.innerWidth - box.offsetWidth - 8, e.clientX + 14) + "px";
    box.style.top = Math.min(window.innerHeight - box.offsetHeight - 8, e.clientY + 14) + "px";
  }

  function hideInspector() { $("inspect").classList.add("hidden"); }

  function showInspector(e, content) {
    const box = $("inspect");
    box.replaceChildren(...content);
    box.classList.remove("hidden");
    placeInspector(e);
  }

  function inspectNeuron(c, e) {
    if (!frame) return;
    const l = +c.dataset.layer, u = +c.dataset.unit;
    const text = document.createElement("div");
    const b = frame.biases[l] ? frame.biases[l][u] : null;
    text.textContent = c.dataset.name + " (" + frame.activations[l] + "), bias " + fmtValue(b);
    const big = document.createElement("canvas");
    big.width = 160; big.height = 160;
    if (frame.neurons[l] && frame.neurons[l][u]) drawMap(big, decode(frame.neurons[l][u]), settings.discretize === "true");
    showInspector(e, [text, big]);
  }

  function inspectBias(el, e) {
    if (!frame) return;
    const l = +el.dataset.layer, u = +el.dataset.unit;
    const t = document.createElement("div");
    t.textContent = "Bias of " + (l === shape().length ? (classes() ? "output neuron " + u : "the output neuron")
      : "hidden layer " + (l + 1) + ", neuron " + (u + 1))
      + ": " + fmtValue(frame.biases[l][u]);
    showInspector(e, [t]);
  }

  function fmtValue(v) { return finite(v) ? (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(3) : v.toExponential(2)) : "–"; }

  // The links: segments kept from the last drawing, so that the pointer can find the one it is on.
  let linkSegments = [];
  function inspectLink(e) {
    if (!frame) return;
    const wrap = $("network-wrap").getBoundingClientRect();
    const x = e.clientX - wrap.left + $("network-wrap").scrollLeft, y = e.clientY - wrap.top;
    let best = null, bestD = 5;
    for (const sg of linkSegments) {
      const dx = sg.x2 - sg.x1, dy = sg.y2 - sg.y1, len = dx * dx + dy * dy;
      const t = Math.max(0, Math.min(1, ((x - sg.x1) * dx + (y - sg.y1) * dy) / (len || 1)));
      const d = Math.hypot(x - sg.x1 - t * dx, y - sg.y1 - t * dy);
      if (d < bestD) { bestD = d; best = sg; }
    }
    if (!best || e.target.closest(".node")) { if (!e.target.closest(".node")) hideInspector(); return; }
    const t = document.createElement("div");
    t.textContent = "Weight from " + best.from + " to " + best.to + ": " + fmtValue(best.value);
    showInspector(e, [t]);
  }

  const ACTIVATE = {
    identity: (z) => z, linear: (z) => z, relu: (z) => Math.max(0, z), tanh: Math.tanh,
    sigmoid: (z) => 1 / (1 + Math.exp(-z)), "leaky-relu": (z) => z > 0 ? z : 0.01 * z,
  };
  const FEATURE_AT = {x: (x, y) => x, y: (x, y) => y, xSquared: (x) => x * x, ySquared: (x, y) => y * y,
    xTimesY: (x, y) => x * y, sinX: (x) => Math.sin(x), sinY: (x, y) => Math.sin(y)};

  let selected = null, formulaPoint = null;
  function selectNeuron(layer, unit) {
    selected = {layer, unit};
    if (!formulaPoint) formulaPoint = [1, 1];
    showFormula();
  }

  /** The network's forward pass at a point, as the lecture writes it: each layer's sums z and outputs a. */
  function forwardAt(x1, x2) {
    let a = frame.features.map((k) => FEATURE_AT[k](x1, x2));
    const layers = [{a, names: frame.features.map((k) => FEATURES.find((f) => f[0] === k)[1])}];
    for (let l = 0; l < frame.weights.length; l++) {
      const w = frame.weights[l], b = frame.biases[l], n = b.length, z = new Array(n).fill(0);
      for (let j = 0; j < n; j++) { z[j] = b[j]; for (let i = 0; i < a.length; i++) z[j] += w[i * n + j] * a[i]; }
      if (frame.activations[l] === "softmax") {
        const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), sum = e.reduce((x, y) => x + y, 0);
        a = e.map((v) => v / sum);
      } else {
        const f = ACTIVATE[frame.activations[l].replace(/:.*/, "")] || ((v) => v);
        a = z.map(f);
      }
      layers.push({z, a});
    }
    return layers;
  }

  function showFormula() {
    const box = $("formula");
    if (!frame || !selected || selected.layer >= frame.weights.length || selected.unit >= frame.biases[selected.layer].length) { box.textContent = ""; return; }
    const [x1, x2] = formulaPoint, l = selected.layer, j = selected.unit;
    const layers = forwardAt(x1, x2), inputs = layers[l].a, n = frame.biases[l].length;
    const w = frame.weights[l], b = frame.biases[l][j];
    const name = l === frame.weights.length - 1 ? (classes() ? "output neuron " + j + " (class " + j + ")" : "the output neuron")
      : "neuron " + (j + 1) + " of hidden layer " + (l + 1);
    const terms = inputs.map((ai, i) => fmtValue(w[i * n + j]) + "·" + fmtValue(ai)).join(" + ");
    const z = layers[l + 1].z[j], a = layers[l + 1].a[j];
    let text = "At (X1, X2) = (" + x1.toFixed(2) + ", " + x2.toFixed(2) + "), " + name + ": z = Σ wᵢ·aᵢ + b = " + terms +
      " + " + fmtValue(b) + " = " + fmtValue(z) + "; a = " + (frame.activations[l] === "softmax"
        ? "softmax(z)" + "ⱼ = e^zⱼ / Σₖ e^zₖ" : frame.activations[l] + "(z)") + " = " + fmtValue(a) + ".";
    if (frame.weightGradients) {
      const g = frame.weightGradients[l][j], w0 = w[j], lr = frame.learningRate; // its weight from input 1
      text += " Backpropagation, its first weight in the last step: ∂L/∂w₁ = δ·a₁ = " + fmtValue(g) +
        "; w₁ ← w₁ − η·∂L/∂w₁ = " + fmtValue(w0 + lr * g) + " − " + lr + "·" + fmtValue(g) + " = " + fmtValue(w0) +
        (settings.mode === "engine" && settings.optimizer !== "sgd" ? " (for plain SGD; " + settings.optimizer +
          " turns the gradient into its own step)" : settings.regularization !== "none" &&
          settings.regularizationRate !== "0" ? " (before the regularisation's share of the step)" : "") + ".";
    } else {
      text += " No training step yet: press step to see backpropagation's update of its weights.";
    }
    box.textContent = text;
  }

  function nodeCentres() {
    const wrap = $("network-wrap").getBoundingClientRect();
    const scroll = $("network-wrap").scrollLeft;
    const centre = (el) => { const r = el.getBoundingClientRect(); return [r.left - wrap.left + scroll + r.width / 2, r.top - wrap.top + r.height / 2, r.left - wrap.left + scroll, r.right - wrap.left + scroll]; };
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
      if (frame.neurons[l] && frame.neurons[l][u]) {
        drawMap(c, decode(frame.neurons[l][u]), settings.discretize === "true", null, null,
          classes() && l === frame.weights.length - 1 ? u : undefined);
      }
    });
    const links = $("links"), wrap = $("network-wrap");
    links.width = Math.max(wrap.clientWidth, $("network").scrollWidth); links.height = wrap.clientHeight;
    const ctx = links.getContext("2d");
    ctx.clearRect(0, 0, links.width, links.height);
    const layers = nodeCentres();
    linkSegments = [];
    const names = [frame.features.map((k) => FEATURES.find((f) => f[0] === k)[1])];
    for (let l = 0; l < frame.weights.length; l++) {
      names.push(frame.biases[l].map((_, u) => l === frame.weights.length - 1 ? "the output" : "layer " + (l + 1) + " neuron " + (u + 1)));
    }
    document.querySelectorAll("span.bias").forEach((el) => {
      const b = frame.biases[+el.dataset.layer];
      const v = b ? b[+el.dataset.unit] : 0;
      const c = rgb(Math.max(-1, Math.min(1, v)), false);
      el.style.background = "rgb(" + c.join(",") + ")";
    });
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
        linkSegments.push({x1: from[i][3], y1: from[i][1], x2: to[j][2], y2: to[j][1], value: v,
          from: names[l][i], to: names[l + 1][j]});
      }
    }
  }

  // ---- charts ----
  const SUPERSCRIPT = {"-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷",
    "8": "⁸", "9": "⁹"};
  function power(e) { return e === 0 ? "1" : e === 1 ? "10" : "10" + String(e).split("").map((c) => SUPERSCRIPT[c]).join(""); }

  /** Round ticks for [lo, hi]: steps of 1, 2 or 5 times a power of ten, about {@code count} of them. */
  function niceTicks(lo, hi, count) {
    const span = hi - lo, raw = span / Math.max(1, count), mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw) || 10 * mag;
    const ticks = [];
    for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return {ticks, step};
  }

  function tickLabel(v, step) {
    const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    return v.toFixed(Math.min(6, digits)).replace("-", "−");
  }

  /**
   * A chart of the history: the epoch along the bottom, each series against a linear axis (from 0) or a log axis
   * ticked at powers of ten; a legend of the series' names.
   */
  function lineChart(canvas, series, log, colours, labels, yTitle) {
    const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height;
    const left = 44, right = labels ? 62 : 8, top = 8, bottom = 28;
    ctx.clearRect(0, 0, W, H);
    ctx.font = "10px sans-serif";
    const xs = history.map((r) => r[0]);
    if (xs.length < 1) return;
    let lo = Infinity, hi = -Infinity;
    const tf = (v) => log ? Math.log10(v) : v;
    series.forEach((s) => s.forEach((v) => { if (finite(v) && (v > 0 || !log)) { const t = tf(v); if (isFinite(t)) { lo = Math.min(lo, t); hi = Math.max(hi, t); } } }));
    if (!isFinite(lo)) return;
    if (log) { lo = Math.floor(lo); hi = Math.ceil(hi); } else { lo = Math.min(0, lo); }
    if (hi - lo < 1e-9) hi = lo + 1;
    const x0 = xs[0], x1 = Math.max(xs[xs.length - 1], x0 + 1);
    const px = (x) => left + (W - left - right) * (x - x0) / (x1 - x0);
    const py = (t) => H - bottom - (H - top - bottom) * (t - lo) / (hi - lo);
    ctx.strokeStyle = "#ddd"; ctx.fillStyle = "#555"; ctx.lineWidth = 1;
    // y axis: decades on a log scale (every other one when there are many), round steps on a linear one
    const yTicks = log ? Array.from({length: hi - lo + 1}, (_, i) => lo + i).filter((e, i, a) => a.length <= 7 || (e - lo) % 2 === 0)
      : niceTicks(lo, hi, 4).ticks;
    const yStep = log ? 1 : niceTicks(lo, hi, 4).step;
    ctx.textAlign = "right";
    yTicks.forEach((t) => {
      const y = py(t);
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(W - right, y); ctx.stroke();
      ctx.fillText(log ? power(t) : tickLabel(t, yStep), left - 4, y + 3);
    });
    // x axis: the epoch
    const xt = niceTicks(x0, x1, 5);
    ctx.textAlign = "center";
    xt.ticks.filter((v) => Number.isInteger(v)).forEach((v) => {
      const x = px(v);
      ctx.beginPath(); ctx.moveTo(x, H - bottom); ctx.lineTo(x, H - bottom + 4); ctx.stroke();
      ctx.fillText(String(v), x, H - bottom + 14);
    });
    ctx.fillText("epoch", left + (W - left - right) / 2, H - 2);
    ctx.strokeStyle = "#999";
    ctx.beginPath(); ctx.moveTo(left, top); ctx.lineTo(left, H - bottom); ctx.lineTo(W - right, H - bottom); ctx.stroke();
    if (yTitle) {
      ctx.save(); ctx.translate(9, top + (H - top - bottom) / 2); ctx.rotate(-Math.PI / 2);
      ctx.fillText(yTitle, 0, 0); ctx.restore();
    }
    series.forEach((s, k) => {
      ctx.strokeStyle = colours[k % colours.length]; ctx.lineWidth = 1.5;
      ctx.setLineDash(k >= colours.length ? [4, 3] : []);
      ctx.beginPath();
      let started = false;
      s.forEach((v, i) => {
        if (!finite(v) || (log && !(v > 0))) { started = false; return; }
        if (!started) { ctx.moveTo(px(xs[i]), py(tf(v))); started = true; } else ctx.lineTo(px(xs[i]), py(tf(v)));
      });
      ctx.stroke();
    });
    ctx.setLineDash([]);
    if (labels) {
      ctx.textAlign = "start";
      labels.forEach((l, k) => {
        ctx.fillStyle = colours[k % colours.length];
        ctx.fillRect(W - right + 6, top + 11 * k + 2, 8, 3);
        ctx.fillStyle = "#333"; ctx.fillText(l, W - right + 17, top + 11 * k + 7);
      });
    }
    ctx.textAlign = "start";
  }

  // ---- frames ----
  function fmt(v, digits) { return finite(v) ? Number(v).toFixed(digits) : "–"; }

  function onFrame(f) {
    frame = f;
    if (f.train) { points = {train: f.train, test: f.test}; }
    if (f.historyFromStart) history = [];
    history = history.concat(f.history);
    const q = parseQuery(f.settings);
    if (f.settings !== query(settings)) { settings = q; window.history.replaceState(null, "", "#" + f.settings); fillControls(); }
    buildNetwork(); // the output layer has one neuron per class: rebuilt when the class count changes
    $("epoch").textContent = String(f.epoch).padStart(6, "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    $("state").textContent = f.state;
    $("play-pause").textContent = f.state === "playing" ? "❚❚ Pause" : "▶ Play";
    const stopped = f.state === "diverged" || f.state === "finished";
    $("play-pause").disabled = stopped;
    $("step").disabled = stopped;
    $("play-pause").title = stopped ? (f.state === "diverged" ? "Diverged: lower the learning rate and reset"
      : "Finished: raise the epoch limit or reset") : "Play or pause";
    $("train-loss").textContent = fmt(f.trainLoss, 3);
    $("test-loss").textContent = fmt(f.testLoss, 3);
    $("train-accuracy").textContent = finite(f.trainAccuracy) ? fmt(100 * f.trainAccuracy, 1) + "%" : "–";
    $("test-accuracy").textContent = finite(f.testAccuracy) ? fmt(100 * f.testAccuracy, 1) + "%" : "–";
    renderConfusion(f.testConfusion);
    if (f.message) showMessage(f.message, f.state === "diverged" ? "error" : "info", "frame");
    else if (messageFrom === "frame") showMessage("", "");
    const discretize = settings.discretize === "true";
    const out = $("output");
    drawMap(out, decode(f.output), discretize, PLOT, classes() ? decode(f.outputClasses) : null);
    renderScale();
    drawAxes(out, PLOT);
    drawPoints(out, points.train, "#fff", PLOT);
    if (settings.showTestData === "true") drawPoints(out, points.test, "#000", PLOT);
    out.setAttribute("aria-label", "The network's output over the plane, X1 and X2 from −6 to 6, orange −1 to blue +1, " +
      "after epoch " + f.epoch + (finite(f.testLoss) ? "; test loss " + fmt(f.testLoss, 3) : "") +
      (finite(f.testAccuracy) ? ", test accuracy " + fmt(100 * f.testAccuracy, 1) + "%" : ""));
    if (formulaPoint) showFormula();
    drawNetwork();
    lineChart($("loss-chart"), [history.map((r) => r[1]), history.map((r) => r[2])], false, ["#999999", "#000000"],
      ["train", "test"], "loss");
    const layers = history.length ? history[0].length - 3 : 0, norms = [], labels = [];
    for (let l = 0; l < layers; l++) { norms.push(history.map((r) => r[3 + l])); labels.push(l === layers - 1 ? "output" : "layer " + (l + 1)); }
    lineChart($("grad-chart"), norms, true, COLORS, labels, "gradient norm");
    document.body.dataset.frames = String((+document.body.dataset.frames || 0) + 1);
  }

  /** The test confusion matrix: rows the actual class, columns the predicted one (+1 first for two classes). */
  function renderConfusion(counts) {
    const k = classes(), names = k ? Array.from({length: k}, (_, c) => String(c)) : ["+1", "−1"];
    const n = names.length, table = $("confusion");
    if (table.dataset.size !== String(n)) {
      table.dataset.size = String(n);
      const ids = k ? null : [["tp", "fn"], ["fp", "tn"]];
      let html = "<caption>Test confusion matrix</caption><tr><th></th>" +
        names.map((c) => "<th>predicted " + c + "</th>").join("") + "</tr>";
      names.forEach((a, i) => {
        html += "<tr><th>actual " + a + "</th>" + names.map((_, j) =>
          '<td id="' + (ids ? ids[i][j] : "cm-" + i + "-" + j) + '">0</td>').join("") + "</tr>";
      });
      table.innerHTML = html;
    }
    table.querySelectorAll("td").forEach((td, i) => { td.textContent = counts[i] === undefined ? 0 : counts[i]; });
  }

  /** The colour key: the diverging bar for two classes and regression, a swatch per class for more. */
  function renderScale() {
    const k = classes(), key = String(k);
    if ($("scale").dataset.key === key) return;
    $("scale").dataset.key = key;
    $("scale-bar").classList.toggle("hidden", k > 0);
    $("scale-low").textContent = k ? "" : "−1";
    $("scale-high").textContent = k ? "" : "1";
    let swatches = $("scale-classes");
    if (!swatches) { swatches = document.createElement("span"); swatches.id = "scale-classes"; $("scale").appendChild(swatches); }
    swatches.innerHTML = k ? Array.from({length: k}, (_, c) => '<span class="swatch" style="background:' +
      CLASS_COLORS[c % CLASS_COLORS.length] + '"></span>class ' + c).join(" ") : "";
    $("scale-note").textContent = k ? "Colour: the predicted class, paler where the network is less sure; dots: the " +
      "points in their class's colour." : "Colour: the output, from −1 (orange) to +1 (blue); dots: the points, " +
      "filled with their label.";
  }

  function drawDatasetThumbnails() {
    const shapes = {
      circle: (x, y) => Math.hypot(x, y) < 2.5 ? 1 : -1, xor: (x, y) => x * y >= 0 ? 1 : -1,
      gauss: (x, y) => x + y >= 0 ? 1 : -1, spiral: (x, y) => Math.sin(Math.hypot(x, y) * 1.2 + Math.atan2(y, x)) >= 0 ? 1 : -1,
      "reg-plane": (x, y) => (x + y) / 12, "reg-gauss": (x, y) => Math.sin(x) * Math.cos(y), custom: (x, y) => 0,
      arms: (x, y) => Math.floor(((Math.atan2(x, y) - Math.hypot(x, y) / 5 * 3.5 * Math.PI) / (2 * Math.PI / 3) % 3 + 3) % 3),
      blobs: (x, y) => Math.hypot(x, y) < 1.5 ? -1 : Math.floor(((Math.atan2(y, x) + Math.PI / 3) / (2 * Math.PI / 3) % 3 + 3) % 3)};
    const classThumb = (name, c) => {
      const n = 24, img = c.getContext("2d").createImageData(n, n);
      for (let r = 0; r < n; r++) for (let col = 0; col < n; col++) {
        const k = shapes[name](-6 + 12 * (col + 0.5) / n, 6 - 12 * (r + 0.5) / n);
        const v = k < 0 ? [255, 255, 255] : classRgb(k, 1, 3), i = 4 * (r * n + col);
        img.data[i] = v[0]; img.data[i + 1] = v[1]; img.data[i + 2] = v[2]; img.data[i + 3] = 255;
      }
      const off = document.createElement("canvas"); off.width = n; off.height = n;
      off.getContext("2d").putImageData(img, 0, 0);
      c.getContext("2d").drawImage(off, 0, 0, c.width, c.height);
    };
    Object.keys(shapes).forEach((name) => {
      const c = document.querySelector("#dataset-" + name + " canvas"), n = 24, b = new Uint8Array(n * n);
      if (MULTICLASS.includes(name)) { classThumb(name, c); return; }
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
    $("download-vmlp").href = "/api/sessions/" + sessionId + "/model.vmlp";
    $("download-onnx").href = "/api/sessions/" + sessionId + "/model.onnx";
    settings = parseQuery(json.settings);
    fillControls();
    if (initial) {
      // A shared link: every valid value applies, each bad one is named, and the address shows what is in force.
      const applied = await post("link", initial);
      if (applied) {
        adopt(applied.settings);
        if (applied.refused && applied.refused.length) {
          showMessage("The link's " + (applied.refused.length === 1 ? "value " : "values ") +
            applied.refused.map((r) => r.error).join("; ") + (applied.refused.length === 1 ? " was" : " were") +
            " not applied; the address now shows the settings in force.", "error", "request");
        }
      }
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
