// The playground's front end: draws what the kernel sends (mlcourse/playground/app.py).
// Plain DOM, SVG and canvas; no library, no network. One frame = the traits "maps" (uint8
// RGB heat maps) and "numbers" (float32 weights, biases and loss history), see app.py.

// Every text shown comes from the trait "texts" (mlcourse/playground/texts.py), already in the
// language chosen in Python: texts (by key, with {name} fields), labels (of the settings),
// names (of menu values) and feature_help (the input buttons' tooltips).
function fill(text, fields) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in fields ? String(fields[name]) : whole));
}
const RANGES = {  // name: [min, max, step]
  n_classes: [2, 6, 1], n_points: [50, 1000, 50], noise: [0, 50, 5], train_ratio: [10, 90, 10], batch_size: [1, 64, 1],
};
const ROW = 38;       // px between units of a column
const TOP = 66;       // px above the first unit (layer count, +/- buttons, titles)
const NET_WIDTH = 390;
const OUT_SIZE = 220; // px, the output heat map
let UNIT = 32;        // px, a unit's heat map in the network (smaller when there are many layers)

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}
function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}
function bytes(value) {
  if (!value) return new Uint8Array(0);
  if (value instanceof DataView) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(0);
}
function floats(value) {
  const b = bytes(value);
  return new Float32Array(b.slice().buffer);  // copy: the view may not be 4-byte aligned
}
function fmt(x, digits = 3) {
  return x === null || x === undefined || !isFinite(x) ? "—" : Number(x).toFixed(digits);
}
let POSITIVE = [8, 119, 189], NEGATIVE = [245, 147, 34];  // the palette's class 1 and class 0, set from options
function weightColour(w, alpha = 1) {
  const [r, g, b] = w >= 0 ? POSITIVE : NEGATIVE;
  return `rgba(${r},${g},${b},${alpha})`;
}

// Paint an RGB block (uint8, res*res*3, row 0 = bottom) into a canvas of res x res pixels.
function paint(canvas, rgb, offset, res) {
  if (canvas.width !== res) { canvas.width = res; canvas.height = res; }
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(res, res);
  for (let r = 0; r < res; r++) {
    const src = offset + (res - 1 - r) * res * 3, dst = r * res * 4;  // flip: x2 grows upwards
    for (let c = 0; c < res; c++) {
      img.data[dst + 4 * c] = rgb[src + 3 * c];
      img.data[dst + 4 * c + 1] = rgb[src + 3 * c + 1];
      img.data[dst + 4 * c + 2] = rgb[src + 3 * c + 2];
      img.data[dst + 4 * c + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}

class Playground {
  constructor(model, el) {
    this.model = model;
    this.el = el;
    this.tx = { texts: {}, labels: {}, names: {}, feature_help: {}, ...(model.get("texts") || {}) };
    this.frames = 0;
    this.pending = false;
    this.zoomed = null;    // {column, row, title} of the unit under the mouse
    this.build();
    const schedule = () => this.schedule();
    for (const name of ["maps", "numbers", "status", "points"]) model.on(`change:${name}`, schedule);
    model.on("change:layout_info", () => { this.buildNetwork(); this.schedule(); });
    model.on("change:settings", () => this.syncControls());
    model.on("change:share", () => this.syncShare());
    this.buildNetwork();
    this.syncControls();
    this.syncShare();
    this.schedule();
  }

  // this widget's texts, in the language chosen in Python when it was made
  T(key, fields = {}) { return fill(this.tx.texts[key] ?? key, fields); }
  optionName(v) { return this.tx.names[v] ?? String(v); }
  send(msg) { this.model.send(msg); }
  set(changes) { this.send({ type: "set", changes }); }

  // ---------------------------------------------------------------- building the page
  build() {
    const o = this.model.get("options");
    [NEGATIVE, POSITIVE] = o.class_colours;
    this.root = h("div", { class: "mlcourse-playground" });
    this.el.append(this.root);
    // top bar
    this.resetBtn = h("button", { class: "mlpg-btn mlcourse-reset", "data-control": "reset", title: this.T("reset_help"), text: this.T("reset"), onclick: () => this.send({ type: "reset" }) });
    this.playBtn = h("button", { class: "mlpg-btn mlpg-play mlcourse-play", "data-control": "play", title: this.T("play_help"), onclick: () => this.send({ type: this.running ? "pause" : "play" }) });
    this.playBtn.append(h("span", { class: "mlpg-icon", text: "▶" }), h("span", { class: "mlpg-play-text", text: this.T("play") }));
    this.stepBtn = h("button", { class: "mlpg-btn mlcourse-step", "data-control": "step", title: this.T("step_help"), text: this.T("step"), onclick: () => this.send({ type: "step" }) });
    this.speed = h("select", { class: "mlpg-select", onchange: () => this.send({ type: "speed", value: +this.speed.value }) });
    for (const s of o.speeds) this.speed.append(h("option", { value: s, text: `${s}` }));
    this.epochLabel = h("span", { class: "mlpg-stat mlcourse-epoch", "data-control": "epoch", text: this.T("epoch", { n: 0 }) });
    this.trainLabel = h("span", { class: "mlpg-stat mlcourse-train-loss", "data-control": "train_loss" });
    this.testLabel = h("span", { class: "mlpg-stat mlcourse-test-loss", "data-control": "test_loss" });
    const speedField = h("label", { class: "mlpg-inline mlpg-label", "data-control": "speed", title: this.T("speed_help") }, `${this.T("speed")} `, this.speed);
    this.root.append(h("div", { class: "mlpg-top" }, this.resetBtn, this.playBtn, this.stepBtn, speedField,
      this.epochLabel, this.trainLabel, this.testLabel));
    this.message = h("div", { class: "mlpg-message mlcourse-message", "data-control": "message", role: "status" });
    this.root.append(this.message);

    // three columns: data, network, output
    const data = h("div", { class: "mlpg-col mlpg-data" }, h("div", { class: "mlpg-heading", text: this.T("data") }));
    this.fields = {};
    data.append(this.select("dataset", o.datasets));
    for (const name of ["n_classes", "n_points", "noise", "train_ratio", "batch_size"]) data.append(this.range(name));
    data.append(h("button", { class: "mlpg-btn mlpg-wide mlcourse-regenerate", "data-control": "regenerate", title: this.T("regenerate_help"), text: this.T("regenerate"), onclick: () => this.send({ type: "regenerate" }) }));

    this.net = h("div", { class: "mlpg-col mlpg-net mlcourse-view", "data-control": "view" });
    const output = h("div", { class: "mlpg-col mlpg-output" }, h("div", { class: "mlpg-heading", text: this.T("output_heading") }));
    this.outCanvas = h("canvas", { class: "mlpg-out-canvas", width: OUT_SIZE, height: OUT_SIZE });
    this.outSmall = h("canvas");  // the output map at its own resolution
    this.lossCanvas = h("canvas", { class: "mlpg-loss-canvas", width: OUT_SIZE, height: 96 });
    this.lossNote = h("div", { class: "mlpg-note mlpg-label" });
    output.append(this.outCanvas, this.lossCanvas, this.lossNote, this.checkbox("show_test", this.T("show_test")), this.checkbox("discretize", this.T("discretize")));
    this.root.append(h("div", { class: "mlpg-main" }, data, this.net, output));

    // settings of the network and the training
    const grid = h("div", { class: "mlpg-settings" });
    grid.append(this.select("activation", o.activations), this.select("init", o.inits), this.select("dropout", o.dropout_rates),
      this.select("loss", o.losses), this.select("optimizer", o.optimizers), this.select("learning_rate", o.learning_rates),
      this.select("schedule", o.schedules), this.number("schedule_epochs"), this.select("regularization", o.regularizations),
      this.select("reg_rate", o.reg_rates));
    this.root.append(grid);

    // share & export
    this.stringBox = h("input", { class: "mlpg-string mlcourse-state-string", type: "text", spellcheck: "false", "aria-label": this.T("string_name") });
    this.stringBox.addEventListener("keydown", (e) => { if (e.key === "Enter") { this.send({ type: "load", text: this.stringBox.value }); this.stringBox.blur(); } });
    this.jsonBox = h("textarea", { class: "mlpg-json mlcourse-state-json", rows: 3, spellcheck: "false", "aria-label": this.T("json_name") });
    this.codeBox = h("textarea", { class: "mlpg-code", rows: 10, readonly: "", spellcheck: "false", "aria-label": this.T("code_name") });
    this.shareNote = h("div", { class: "mlpg-note" });
    const share = h("details", { class: "mlpg-share", "data-control": "export" },
      h("summary", { class: "mlpg-label", text: this.T("share") }),
      h("div", { class: "mlpg-label", text: this.T("string_help") }), this.stringBox, this.shareNote,
      h("div", { class: "mlpg-row" }, h("span", { class: "mlpg-label", text: this.T("json_heading") }),
        h("button", { class: "mlpg-btn mlcourse-load-json", text: this.T("load_json"), onclick: () => this.send({ type: "load", text: this.jsonBox.value }) })),
      this.jsonBox, h("div", { class: "mlpg-label", text: this.T("code_heading") }), this.codeBox);
    this.root.append(share);

    this.zoom = h("div", { class: "mlpg-zoom mlcourse-zoom", hidden: "" });
    this.zoomTitle = h("div", { class: "mlpg-zoom-title" });
    this.zoomCanvas = h("canvas", { width: 200, height: 200 });
    this.zoomNote = h("div", { class: "mlpg-zoom-note" });
    this.zoom.append(this.zoomTitle, this.zoomCanvas, this.zoomNote);
    this.editor = h("div", { class: "mlpg-editor mlcourse-weight-editor", hidden: "" });
    this.editorTitle = h("div", { class: "mlpg-label" });
    this.editorInput = h("input", { class: "mlpg-editor-input mlcourse-weight-input", type: "text", "aria-label": this.T("new_value") });
    this.editorInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.commitEdit();
      if (e.key === "Escape") this.closeEditor();
    });
    this.editor.append(this.editorTitle, this.editorInput, h("div", { class: "mlpg-note", text: this.T("editor_help") }));
    this.root.append(this.zoom, this.editor);
  }

  field(name, control, labelText) {
    const label = h("div", { class: "mlpg-label", text: labelText ?? this.tx.labels[name] ?? name });
    const box = h("div", { class: `mlpg-field mlcourse-control-${name.replaceAll("_", "-")}`, "data-control": name }, label, control);
    this.fields[name] = { box, control, label };
    return box;
  }
  select(name, values) {
    const sel = h("select", { class: "mlpg-select", onchange: () => {
      const v = values.find((x) => String(x) === sel.value);
      this.set({ [name]: v });
    } });
    for (const v of values) sel.append(h("option", { value: String(v), text: this.optionName(v) }));
    return this.field(name, sel);
  }
  range(name) {
    const [min, max, step] = RANGES[name];
    const input = h("input", { class: "mlpg-range", type: "range", min, max, step });
    const out = h("span", { class: "mlpg-readout" });
    input.addEventListener("input", () => { out.textContent = input.value; });
    input.addEventListener("change", () => this.set({ [name]: +input.value }));
    const box = this.field(name, input);
    this.fields[name].label.append(" ", out);
    this.fields[name].readout = out;
    return box;
  }
  number(name) {
    const input = h("input", { class: "mlpg-number", type: "number", min: 1, max: 100000, step: 1 });
    input.addEventListener("change", () => this.set({ [name]: +input.value }));
    return this.field(name, input);
  }
  checkbox(name, text) {
    const input = h("input", { type: "checkbox", onchange: () => this.set({ [name]: input.checked }) });
    const box = h("label", { class: `mlpg-check mlpg-label mlcourse-control-${name.replaceAll("_", "-")}`, "data-control": name }, input, ` ${text}`);
    this.fields[name] = { box, control: input };
    return box;
  }

  // ---------------------------------------------------------------- the network
  buildNetwork() {
    const L = this.model.get("layout_info");
    if (!L || !L.sizes) return;
    const o = this.model.get("options");
    this.layout = L;
    const hidden = L.hidden;
    const allFeatures = o.features;
    const nCols = hidden.length + 2;
    const rows = Math.max(allFeatures.length, ...hidden, L.sizes[L.sizes.length - 1]);
    const height = TOP + rows * ROW + 6;
    const x0 = 76, x1 = NET_WIDTH - 22;
    const xs = Array.from({ length: nCols }, (_, c) => x0 + (c * (x1 - x0)) / (nCols - 1));
    const spacing = (x1 - x0) / (nCols - 1);
    UNIT = Math.max(20, Math.min(32, Math.floor(spacing - 14)));
    this.net.replaceChildren();
    this.net.style.height = `${height}px`;
    this.net.style.width = `${NET_WIDTH}px`;
    const links = svg("svg", { class: "mlpg-links", width: NET_WIDTH, height });
    this.net.append(links);

    // the header: number of hidden layers with + and -
    const layersBox = h("div", { class: "mlpg-layers mlpg-label", "data-control": "n_layers" },
      h("button", { class: "mlpg-pm mlcourse-remove-layer", title: this.T("remove_layer"), text: "−", onclick: () => this.send({ type: "layers", delta: -1 }) }),
      h("button", { class: "mlpg-pm mlcourse-add-layer", title: this.T("add_layer"), text: "+", onclick: () => this.send({ type: "layers", delta: 1 }) }),
      h("span", { class: "mlpg-layers-text mlcourse-n-layers", text: hidden.length === 1 ? this.T("one_hidden_layer") : this.T("hidden_layers", { n: hidden.length }) }));
    this.net.append(layersBox);

    // column positions: inputs (all features), hidden layers, output
    this.units = [];   // [column][row] -> {canvas, node}
    this.linkEls = []; // per Dense layer: [{path, hit, i, j}]
    this.biasEls = []; // per Dense layer: [square]
    const active = L.features;
    const inputRows = allFeatures.map((f, k) => ({ f, y: TOP + UNIT / 2 + k * ROW, on: active.includes(f) }));
    // inputs
    const featureMaps = L.feature_maps.map((b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    const inputCol = [];
    inputRows.forEach(({ f, y, on }, k) => {
      const cv = h("canvas", { width: L.unit_res, height: L.unit_res });
      paint(cv, featureMaps[k], 0, L.unit_res);
      const node = h("button", { class: `mlpg-unit mlpg-feature mlcourse-feature${on ? " mlpg-on" : ""}`, "data-feature": f, "data-control": "features", title: this.tx.feature_help[f] ?? f, "aria-pressed": on ? "true" : "false", onclick: () => this.send({ type: "feature", name: f }) }, cv);
      node.style.left = `${xs[0] - UNIT / 2}px`; node.style.top = `${y - UNIT / 2}px`;
      node.style.width = node.style.height = `${UNIT}px`;
      const label = h("span", { class: "mlpg-feature-label mlpg-label", text: f, title: this.tx.feature_help[f] ?? f });
      label.style.right = `${NET_WIDTH - (xs[0] - UNIT / 2) + 5}px`; label.style.top = `${y - 8}px`;
      this.net.append(node, label);
      node.addEventListener("mouseenter", () => this.showZoom(node, { feature: k, title: this.T("input_feature", { name: f }), note: this.tx.feature_help[f] ?? f }));
      node.addEventListener("mouseleave", () => this.hideZoom());
      if (on) inputCol.push({ node, canvas: cv, x: xs[0], y });
    });
    this.units.push(inputCol);
    // column titles
    const short = spacing < 64;
    const titles = [short ? this.T("inputs_short") : this.T("inputs"), ...hidden.map((_, i) => short ? `${i + 1}` : this.T("layer", { l: i + 1 })),
      short ? this.T("output_short") : this.T("output")];
    titles.forEach((t, c) => {
      const title = h("div", { class: "mlpg-col-title mlpg-label", text: t, title: c === 0 ? this.T("inputs") : c === nCols - 1 ? this.T("output") : this.T("hidden_layer", { l: c }) });
      title.style.left = `${xs[c] - 30}px`; title.style.top = "44px";
      this.net.append(title);
    });
    // hidden and output units
    const sizes = [...hidden, L.sizes[L.sizes.length - 1]];
    sizes.forEach((n, l) => {
      const c = l + 1, col = [];
      for (let j = 0; j < n; j++) {
        const y = TOP + UNIT / 2 + j * ROW;
        const cv = h("canvas", { width: L.unit_res, height: L.unit_res });
        const isOut = l === hidden.length;
        const name = isOut ? (n === 1 ? this.T("output") : this.T("output_unit", { j: j + 1 })) : this.T("unit", { l: l + 1, j: j + 1 });
        const node = h("div", { class: "mlpg-unit mlcourse-unit", "data-layer": l, "data-unit": j, title: "" }, cv);
        node.style.left = `${xs[c] - UNIT / 2}px`; node.style.top = `${y - UNIT / 2}px`;
        node.style.width = node.style.height = `${UNIT}px`;
        const bias = h("div", { class: "mlpg-bias mlcourse-bias", "data-layer": l, "data-j": j });
        bias.style.left = `${xs[c] - UNIT / 2 - 5}px`; bias.style.top = `${y + UNIT / 2 - 5}px`;
        bias.addEventListener("click", (e) => { e.stopPropagation(); this.openEditor(bias, { type: "bias", layer: l, j, title: this.T("bias_of", { name }) }); });
        node.addEventListener("mouseenter", () => this.showZoom(node, { column: c, row: j, title: name, layer: l, unit: j }));
        node.addEventListener("mouseleave", () => this.hideZoom());
        this.net.append(node, bias);
        col.push({ node, canvas: cv, bias, x: xs[c], y });
      }
      this.units.push(col);
      if (!isFinite(l) || l >= hidden.length) return;
      // + and - for this layer's units
      const pm = h("div", { class: "mlpg-unit-pm", "data-control": "units" },
        h("button", { class: "mlpg-pm mlcourse-remove-unit", "data-layer": l, title: this.T("unit_less", { l: l + 1 }), text: "−", onclick: () => this.send({ type: "units", layer: l, delta: -1 }) }),
        h("button", { class: "mlpg-pm mlcourse-add-unit", "data-layer": l, title: this.T("unit_more", { l: l + 1 }), text: "+", onclick: () => this.send({ type: "units", layer: l, delta: 1 }) }));
      pm.style.left = `${xs[c] - 19}px`; pm.style.top = "22px";
      this.net.append(pm);
    });
    // links: Dense layer l goes from column l to column l+1
    for (let l = 0; l < sizes.length; l++) {
      const from = this.units[l], to = this.units[l + 1], els = [];
      for (let i = 0; i < from.length; i++) {
        for (let j = 0; j < to.length; j++) {
          const a = from[i], b = to[j];
          const xa = a.x + UNIT / 2, xb = b.x - UNIT / 2, xm = (xa + xb) / 2;
          const d = `M${xa},${a.y} C${xm},${a.y} ${xm},${b.y} ${xb},${b.y}`;
          const path = svg("path", { d, class: "mlpg-link", fill: "none" });
          const hit = svg("path", { d, class: "mlpg-link-hit mlcourse-link", fill: "none", "data-layer": l, "data-i": i, "data-j": j });
          const source = l === 0 ? active[i] : this.T("unit", { l, j: i + 1 });
          const target = l === sizes.length - 1 ? this.T("output") : this.T("unit", { l: l + 1, j: j + 1 });
          const name = this.T("weight", { source, target });
          hit.addEventListener("click", (e) => this.openEditor(e, { type: "weight", layer: l, i, j, title: name }));
          links.append(path, hit);
          els.push({ path, hit, i, j });
        }
      }
      this.linkEls.push(els);
    }
    this.syncControls();  // hidden controls among the new elements
  }

  // ---------------------------------------------------------------- hover and edit
  showZoom(node, what) {
    this.zoomed = what;
    this.zoomTitle.textContent = what.title;
    this.zoom.hidden = false;
    const r = node.getBoundingClientRect(), root = this.root.getBoundingClientRect();
    let left = r.right - root.left + 10;
    if (left + 220 > root.width) left = r.left - root.left - 222;
    this.zoom.style.left = `${Math.max(0, left)}px`;
    this.zoom.style.top = `${Math.max(0, r.top - root.top - 60)}px`;
    this.drawZoom();
  }
  hideZoom() { this.zoomed = null; this.zoom.hidden = true; }
  drawZoom() {
    const z = this.zoomed, L = this.layout;
    if (!z || !L) return;
    let src;
    if (z.feature !== undefined) {
      const cv = this.net.querySelectorAll(".mlpg-feature canvas")[z.feature];
      src = cv;
      this.zoomNote.textContent = z.note;
    } else {
      src = this.units[z.column][z.row].canvas;
      const b = this.biasValue(z.layer, z.unit);
      this.zoomNote.textContent = this.T("bias", { value: fmt(b) });
    }
    const ctx = this.zoomCanvas.getContext("2d");
    ctx.imageSmoothingEnabled = true;
    ctx.clearRect(0, 0, 200, 200);
    if (src) ctx.drawImage(src, 0, 0, 200, 200);
  }
  openEditor(event, what) {
    const value = what.type === "weight" ? this.weightValue(what.layer, what.i, what.j) : this.biasValue(what.layer, what.j);
    this.editing = what;
    this.editorTitle.textContent = `${what.title}: ${fmt(value, 4)}`;
    this.editorInput.value = fmt(value, 4);
    this.editor.hidden = false;
    const root = this.root.getBoundingClientRect();
    const x = event.clientX !== undefined ? event.clientX : event.getBoundingClientRect().left;
    const y = event.clientY !== undefined ? event.clientY : event.getBoundingClientRect().top;
    this.editor.style.left = `${Math.min(Math.max(0, x - root.left + 8), root.width - 250)}px`;
    this.editor.style.top = `${y - root.top + 8}px`;
    this.editorInput.focus();
    this.editorInput.select();
  }
  closeEditor() { this.editor.hidden = true; this.editing = null; }
  commitEdit() {
    const what = this.editing, v = Number(this.editorInput.value.trim());
    if (!what) return;
    if (!isFinite(v) || this.editorInput.value.trim() === "") {
      this.editorTitle.textContent = this.T("not_a_number", { title: what.title, value: this.editorInput.value });
      return;
    }
    const msg = what.type === "weight" ? { type: "weight", layer: what.layer, i: what.i, j: what.j, value: v } : { type: "bias", layer: what.layer, j: what.j, value: v };
    this.send(msg);
    this.closeEditor();
  }

  // ---------------------------------------------------------------- numbers of a frame
  readNumbers() {
    const L = this.layout, n = floats(this.model.get("numbers"));
    const sizes = L.sizes, layers = [];
    let k = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nin = sizes[l], nout = sizes[l + 1];
      layers.push({ W: n.subarray(k, k + nin * nout), b: n.subarray(k + nin * nout, k + nin * nout + nout), nout });
      k += nin * nout + nout;
    }
    const m = Math.floor((n.length - k) / 3);
    this.params = layers;
    this.history = { epoch: n.subarray(k, k + m), train: n.subarray(k + m, k + 2 * m), test: n.subarray(k + 2 * m, k + 3 * m) };
  }
  weightValue(l, i, j) { const p = this.params && this.params[l]; return p ? p.W[i * p.nout + j] : NaN; }
  biasValue(l, j) { const p = this.params && this.params[l]; return p ? p.b[j] : NaN; }

  // ---------------------------------------------------------------- drawing
  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.draw(); });
  }
  draw() {
    const L = this.layout, st = this.model.get("status") || {};
    if (!L) return;
    const t0 = performance.now();
    this.running = !!st.running;
    this.playBtn.querySelector(".mlpg-play-text").textContent = this.running ? this.T("pause") : this.T("play");
    this.playBtn.querySelector(".mlpg-icon").textContent = this.running ? "■" : "▶";
    this.playBtn.classList.toggle("mlpg-running", this.running);
    this.epochLabel.textContent = this.T("epoch", { n: st.epoch ?? 0 });
    this.trainLabel.textContent = this.T("train_loss", { value: fmt(st.train_loss) });
    this.testLabel.textContent = this.T("test_loss", { value: fmt(st.test_loss) });
    if (String(this.speed.value) !== String(st.speed)) this.speed.value = String(st.speed);
    const msg = st.error || st.advice || st.notes || "";
    this.message.textContent = msg;
    this.message.className = `mlpg-message mlcourse-message${st.error || st.diverged ? " mlpg-bad" : st.oscillating ? " mlpg-warn" : msg ? " mlpg-info" : ""}`;

    const maps = bytes(this.model.get("maps"));
    const res = L.unit_res, block = res * res * 3;
    const nUnits = L.sizes.reduce((a, b) => a + b, 0) - L.sizes[L.sizes.length - 1];
    if (maps.length === (nUnits + 1) * block + L.out_res * L.out_res * 3) {
      let k = 0;
      for (let c = 0; c < this.units.length - 1; c++) {
        for (const u of this.units[c]) { paint(u.canvas, maps, k * block, res); k++; }
      }
      for (const u of this.units[this.units.length - 1]) paint(u.canvas, maps, k * block, res);
      k++;
      paint(this.outSmall, maps, k * block, L.out_res);
    }
    this.readNumbers();
    this.drawLinks();
    this.drawOutput();
    this.drawLoss(st);
    this.drawZoom();
    this.frames++;
    this.root.dataset.frames = String(this.frames);
    this.root.dataset.epoch = String(st.epoch ?? 0);
    this.drawMs = 0.9 * (this.drawMs ?? 0) + 0.1 * (performance.now() - t0);  // a running mean, for benchmarks
    this.root.dataset.drawMs = this.drawMs.toFixed(2);
    const now = performance.now();  // tell the kernel how far we are, a few times a second
    if (st.frame && (!this.ackedAt || now - this.ackedAt > 150 || !st.running)) {
      this.ackedAt = now;
      this.send({ type: "ack", frame: st.frame });
    }
  }
  drawLinks() {
    if (!this.params) return;
    this.linkEls.forEach((els, l) => {
      const p = this.params[l];
      if (!p) return;
      for (const e of els) {
        const w = p.W[e.i * p.nout + e.j];
        const width = isFinite(w) ? Math.min(0.4 + 1.2 * Math.abs(w), 5) : 1;
        e.path.setAttribute("stroke", isFinite(w) ? weightColour(w, 0.8) : "#999");
        e.path.setAttribute("stroke-width", width.toFixed(2));
      }
      this.units[l + 1].forEach((u, j) => {
        const b = p.b[j];
        u.bias.style.background = isFinite(b) ? weightColour(b, Math.min(0.25 + Math.abs(b) / 2, 1)) : "#999";
        u.bias.title = this.T("bias_help", { value: fmt(b) });
      });
    });
  }
  drawOutput() {
    const L = this.layout, ctx = this.outCanvas.getContext("2d");
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.outSmall, 0, 0, OUT_SIZE, OUT_SIZE);
    const pts = floats(this.model.get("points"));
    const [xa, xb, ya, yb] = L.extent;
    const showTest = !!(this.model.get("settings") || {}).show_test;
    for (let k = 0; k + 5 < pts.length; k += 6) {
      const test = pts[k + 5] > 0.5;
      if (test && !showTest) continue;
      const x = ((pts[k] - xa) / (xb - xa)) * OUT_SIZE, y = OUT_SIZE - ((pts[k + 1] - ya) / (yb - ya)) * OUT_SIZE;
      ctx.beginPath();
      ctx.arc(x, y, 3, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${pts[k + 2] * 255},${pts[k + 3] * 255},${pts[k + 4] * 255})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = test ? "#000" : "#fff";
      ctx.stroke();
    }
  }
  drawLoss(st) {
    const ctx = this.lossCanvas.getContext("2d"), W = this.lossCanvas.width, H = this.lossCanvas.height;
    const { epoch, train, test } = this.history;
    ctx.clearRect(0, 0, W, H);
    const left = 34, right = W - 6, top = 16, bottom = H - 16;
    let ymax = 0;
    for (const v of [...train, ...test]) if (isFinite(v)) ymax = Math.max(ymax, v);
    ymax = ymax > 0 ? ymax * 1.1 : 1;
    const emax = Math.max(epoch.length ? epoch[epoch.length - 1] : 0, 1);
    const X = (e) => left + (e / emax) * (right - left), Y = (v) => bottom - (v / ymax) * (bottom - top);
    ctx.strokeStyle = "#999"; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(left, top); ctx.lineTo(left, bottom); ctx.lineTo(right, bottom); ctx.stroke();
    ctx.fillStyle = "#333"; ctx.font = "11px sans-serif";
    ctx.textAlign = "right"; ctx.fillText(ymax.toFixed(2), left - 3, top + 4); ctx.fillText("0", left - 3, bottom + 3);
    ctx.textAlign = "center"; ctx.fillText(this.T("epoch", { n: Math.round(emax) }), right - 24, H - 3); ctx.fillText("0", left, H - 3);
    ctx.textAlign = "left"; ctx.fillText(this.T("loss"), 2, 10);
    const line = (vals, colour, dash) => {
      ctx.strokeStyle = colour; ctx.fillStyle = colour; ctx.lineWidth = 1.6; ctx.setLineDash(dash);
      ctx.beginPath();
      let started = false;
      for (let k = 0; k < vals.length; k++) {
        if (!isFinite(vals[k])) continue;
        if (started) ctx.lineTo(X(epoch[k]), Y(vals[k])); else { ctx.moveTo(X(epoch[k]), Y(vals[k])); started = true; }
      }
      ctx.stroke(); ctx.setLineDash([]);
      const last = vals.length - 1;
      if (last >= 0 && isFinite(vals[last])) { ctx.beginPath(); ctx.arc(X(epoch[last]), Y(vals[last]), 3, 0, 2 * Math.PI); ctx.fill(); }
    };
    line(test, "#888", [4, 3]);
    line(train, "#222", []);
    ctx.font = "11px sans-serif"; ctx.textAlign = "left";
    ctx.fillStyle = "#222"; ctx.fillText(this.T("train_curve", { value: fmt(st.train_loss) }), left + 6, 11);
    ctx.fillStyle = "#777"; ctx.fillText(this.T("test_curve", { value: fmt(st.test_loss) }), left + 110, 11);
    this.lossNote.textContent = (st.epoch ?? 0) === 0
      ? this.T("untrained")
      : st.train_acc !== undefined ? this.T("accuracy", { train: fmt(st.train_acc, 2), test: fmt(st.test_acc, 2) })
        : this.T("rate_now", { value: st.learning_rate === null ? "—" : Number(st.learning_rate).toPrecision(3) });
  }

  // ---------------------------------------------------------------- settings -> controls
  syncControls() {
    const s = this.model.get("settings");
    if (!s) return;
    for (const [name, f] of Object.entries(this.fields)) {
      if (!(name in s)) continue;
      const v = s[name];
      if (f.control.type === "checkbox") f.control.checked = !!v;
      else if (f.control.tagName === "SELECT") {
        if (![...f.control.options].some((op) => op.value === String(v))) f.control.append(h("option", { value: String(v), text: this.optionName(v) }));
        f.control.value = String(v);
      } else {
        if (f.control.type === "range") {
          if (+v < +f.control.min) f.control.min = v;
          if (+v > +f.control.max) f.control.max = v;
        }
        f.control.value = String(v);
        if (f.readout) f.readout.textContent = String(v);
      }
    }
    const custom = s.dataset === "custom";
    this.fields.dataset.control.disabled = custom;
    this.fields.n_points.control.disabled = custom;
    this.fields.n_classes.box.classList.toggle("mlpg-disabled", s.dataset !== "spiral");
    this.fields.n_classes.control.disabled = s.dataset !== "spiral";
    const hidden = new Set(s.hidden_controls || []);
    for (const node of this.root.querySelectorAll("[data-control]")) {
      node.style.display = hidden.has(node.dataset.control) ? "none" : "";
    }
  }
  syncShare() {
    const sh = this.model.get("share");
    if (!sh) return;
    if (document.activeElement !== this.stringBox) this.stringBox.value = sh.string || "";
    if (document.activeElement !== this.jsonBox) this.jsonBox.value = sh.json || "";
    this.codeBox.value = sh.code || "";
    this.shareNote.textContent = sh.string_note || "";
  }
}

function render({ model, el }) {
  const app = new Playground(model, el);
  return () => { app.root.remove(); };
}

export default { render };
