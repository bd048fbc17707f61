/* sourcetrace report. Every string from the dossier is hostile: the DOM is built with
   createElement/textContent only (never innerHTML), and nothing is fetched. */
(function () {
  "use strict";

  var t0 = performance.now();
  var D = JSON.parse(document.getElementById("st-data").textContent);
  var parseMs = Math.round(performance.now() - t0);
  var ARTS = D.articles, ENTS = D.entities, ATTS = D.attributions, CLAIMS = D.claims;
  var PAGE = 50, TL_PAGE = 100, ART_PAGE = 100, CHAINS_SHOWN = 12;

  /* h("div", {className: "x", onclick: f}, "text", node, [more]) */
  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      for (var k in props) {
        if (!Object.prototype.hasOwnProperty.call(props, k) || props[k] == null) continue;
        if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), props[k]);
        else if (k === "className" || k === "title" || k === "hidden" || k === "type" || k === "value") el[k] = props[k];
        else el.setAttribute(k, String(props[k]));
      }
    }
    append(el, Array.prototype.slice.call(arguments, 2));
    return el;
  }
  function append(el, kids) {
    for (var i = 0; i < kids.length; i++) {
      var c = kids[i];
      if (c == null || c === false) continue;
      if (Array.isArray(c)) append(el, c);
      else el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function $(id) { return document.getElementById(id); }
  function plural(n, w) { return n + " " + (n === 1 ? w : w + "s"); }

  /* ---------- tabs ---------- */
  var tabs = document.querySelectorAll(".tabs button");
  function showTab(name) {
    for (var i = 0; i < tabs.length; i++) {
      var t = tabs[i], on = t.getAttribute("data-tab") === name;
      t.setAttribute("aria-selected", on ? "true" : "false");
      $("tab-" + t.getAttribute("data-tab")).hidden = !on;
    }
    if (name === "claims" && window.cy) window.cy.resize();
  }
  for (var ti = 0; ti < tabs.length; ti++) {
    tabs[ti].addEventListener("click", function (ev) { showTab(ev.currentTarget.getAttribute("data-tab")); });
  }

  /* ---------- text with marks (offsets are UTF-16, converted by the renderer) ---------- */
  /* marks: [{s, e, cls, att}] ; overlapping marks split the text at every boundary, and each
     piece carries the classes of all marks covering it. */
  function marked(text, from, to, marks, onAtt) {
    from = Math.max(0, Math.min(from, text.length));
    to = Math.max(from, Math.min(to, text.length));
    var pts = [from, to], inside = [];
    for (var i = 0; i < marks.length; i++) {
      var m = marks[i];
      var s = Math.max(from, m.s), e = Math.min(to, m.e);
      if (e <= s) continue;
      inside.push({ s: s, e: e, cls: m.cls, att: m.att });
      pts.push(s, e);
    }
    pts.sort(function (a, b) { return a - b; });
    var frag = document.createDocumentFragment();
    var uniq = [];
    for (i = 0; i < pts.length; i++) if (i === 0 || pts[i] !== pts[i - 1]) uniq.push(pts[i]);
    // sweep: marks sorted by start, an active list pruned as we go
    inside.sort(function (a, b) { return a.s - b.s || b.e - a.e; });
    var active = [], next = 0;
    for (i = 0; i + 1 < uniq.length; i++) {
      var a = uniq[i], b = uniq[i + 1];
      while (next < inside.length && inside[next].s <= a) active.push(inside[next++]);
      active = active.filter(function (m) { return m.e > a; });
      var piece = text.slice(a, b);
      if (!active.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var cls = {}, att = -1, attLen = Infinity, all = {};
      for (var j = 0; j < active.length; j++) {
        cls[active[j].cls] = true;
        if (active[j].att != null && active[j].att >= 0) all[active[j].att] = true;
        // the innermost attribution owns the piece (nested quotes)
        if (active[j].att != null && active[j].att >= 0 && active[j].e - active[j].s < attLen) {
          att = active[j].att; attLen = active[j].e - active[j].s;
        }
      }
      var span = h("span", { className: Object.keys(cls).join(" ") + (att >= 0 && onAtt ? " m-att" : "") }, piece);
      if (att >= 0) {
        span.setAttribute("data-att", String(att));
        // every attribution covering the piece, so focusing one lights all of its spans
        span.setAttribute("data-atts", Object.keys(all).join(" "));
        if (onAtt) span.addEventListener("click", onAtt.bind(null, att));
      }
      frag.appendChild(span);
    }
    return frag;
  }
  function attMarks(ai) {
    var a = ATTS[ai], out = [];
    if (a.co) out.push({ s: a.co[0], e: a.co[1], cls: "m-content", att: ai });
    if (a.cu) out.push({ s: a.cu[0], e: a.cu[1], cls: "m-cue", att: ai });
    if (a.so) out.push({ s: a.so[0], e: a.so[1], cls: "m-source", att: ai });
    return out;
  }
  function sentenceNode(ai) {
    var a = ATTS[ai];
    if (a.ar < 0) return document.createTextNode(a.st || "");
    return marked(ARTS[a.ar].x, a.se[0], a.se[1], attMarks(ai), null);
  }

  /* ---------- chains ---------- */
  function chainPath(ai, bare) {
    var a = ATTS[ai], kids = [];
    for (var i = 0; i < a.ch.length; i++) {
      var e = ENTS[a.ch[i]], cls = "hop";
      if (e.k === "outlet") cls += " outlet";
      if (e.k === "anonymous") cls += " anonymous";
      if (i === a.ch.length - 1 && e.k !== "outlet") cls += " origin";
      if (i) kids.push(h("span", { className: "arrow", title: ENTS[a.ch[i - 1]].n + " cites " + e.n }, "←"));
      kids.push(h("span", { className: cls, title: e.k }, e.n));
    }
    if (!kids.length) kids.push(h("span", { className: "hop" }, "no source named"));
    if (!bare) kids.push(h("span", { className: "stance" }, a.sn + " · " + a.k));
    return h("div", { className: "chain-path" }, kids);
  }
  function citeLine(ai) {
    var a = ATTS[ai];
    if (a.ar < 0) return h("div", { className: "cite" }, a.id);
    var art = ARTS[a.ar];
    return h("div", { className: "cite" },
      [art.o, art.t, art.p].filter(Boolean).join(" · "), " · ",
      h("a", { className: "open-article", href: "#", onclick: function (ev) { ev.preventDefault(); openArticle(a.ar, ai); } }, "Open in article"));
  }
  function chainBlock(ai) {
    return h("div", { className: "chain", "data-att": ai },
      chainPath(ai), h("blockquote", { className: "quote" }, sentenceNode(ai)), citeLine(ai));
  }

  /* ---------- claims table ---------- */
  var state = { q: "", status: "", entity: null, sort: "importance", page: 0, open: {} };
  var STATUS_RANK = { contested: 0, "single-source": 1, unattributed: 2, corroborated: 3 };
  var claimEnts = null; // claim index -> set of entity indices in its chains (built on first use)
  var claimHay = null;

  function buildClaimIndex() {
    if (claimEnts) return;
    claimEnts = []; claimHay = [];
    for (var i = 0; i < CLAIMS.length; i++) {
      var c = CLAIMS[i], ents = {}, words = [c.t, c.w, c.id].concat(c.o);
      for (var j = 0; j < c.a.length; j++) {
        var ch = ATTS[c.a[j]].ch;
        for (var k = 0; k < ch.length; k++) {
          ents[ch[k]] = true;
          if (ENTS[ch[k]].g >= 0) ents[ENTS[ch[k]].g] = true; // a group filter matches its members
          if (ENTS[ch[k]].af >= 0) ents[ENTS[ch[k]].af] = true;
          words.push(ENTS[ch[k]].n);
        }
      }
      claimEnts.push(ents);
      claimHay.push(words.join("\n").toLowerCase());
    }
  }
  function filteredClaims() {
    buildClaimIndex();
    var q = state.q.trim().toLowerCase(), out = [];
    for (var i = 0; i < CLAIMS.length; i++) {
      var c = CLAIMS[i];
      if (state.status && c.s !== state.status) continue;
      if (state.entity != null && !claimEnts[i][state.entity]) continue;
      if (q && claimHay[i].indexOf(q) < 0) continue;
      out.push(i);
    }
    var by = {
      importance: function (a, b) { return a - b; }, // the renderer sends them most important first
      outlets: function (a, b) { return CLAIMS[b].o.length - CLAIMS[a].o.length || a - b; },
      attributions: function (a, b) { return CLAIMS[b].a.length - CLAIMS[a].a.length || a - b; },
      status: function (a, b) { return STATUS_RANK[CLAIMS[a].s] - STATUS_RANK[CLAIMS[b].s] || a - b; },
      text: function (a, b) { return CLAIMS[a].t.localeCompare(CLAIMS[b].t) || a - b; }
    }[state.sort];
    out.sort(by);
    return out;
  }
  function badge(status) { return h("span", { className: "badge b-" + status }, D.statusLabels[status] || status); }

  function claimDetail(ci) {
    var c = CLAIMS[ci], box = h("div", { className: "chains" });
    var n = c.a.length;
    if (n) {
      // the distinct relay paths first: three outlets on one path are one source, visibly
      var paths = {}, order = [];
      for (var p = 0; p < n; p++) {
        var key = ATTS[c.a[p]].ch.join(">");
        if (!paths[key]) { paths[key] = { ai: c.a[p], n: 0 }; order.push(key); }
        paths[key].n++;
      }
      var roots = {};
      order.forEach(function (k) { var ch = ATTS[paths[k].ai].ch; if (ch.length) roots[ch[ch.length - 1]] = true; });
      box.appendChild(h("h3", null, "Relay paths: " + plural(order.length, "path") + " to " + plural(Object.keys(roots).length, "original source")));
      var list = h("ul", { className: "paths" });
      order.forEach(function (k) {
        list.appendChild(h("li", null, chainPath(paths[k].ai, true), paths[k].n > 1 ? h("span", { className: "times" }, "×" + paths[k].n) : null));
      });
      box.appendChild(list);
    }
    box.appendChild(h("h3", null, n ? "How it is sourced: " + plural(n, "attribution") : "Where it is stated"));
    var shown = 0;
    function more() {
      var stop = Math.min(n, shown + CHAINS_SHOWN);
      for (; shown < stop; shown++) box.insertBefore(chainBlock(c.a[shown]), btn);
      if (shown >= n) btn.hidden = true; else btn.textContent = "Show " + Math.min(CHAINS_SHOWN, n - shown) + " more of " + (n - shown);
    }
    var btn = h("button", { className: "more-btn", type: "button", onclick: more });
    box.appendChild(btn);
    if (n) more(); else btn.hidden = true;
    if (!n) {
      for (var i = 0; i < c.sp.length && i < CHAINS_SHOWN; i++) {
        (function (sp) {
          var art = ARTS[sp[0]];
          box.appendChild(h("div", { className: "chain" },
            h("blockquote", { className: "quote" }, art.x.slice(sp[1], sp[2])),
            h("div", { className: "cite" }, [art.o, art.t, art.p].filter(Boolean).join(" · "), " · ",
              h("a", { href: "#", onclick: function (ev) { ev.preventDefault(); openArticle(sp[0], -1, [sp[1], sp[2]]); } }, "Open in article"))));
        })(c.sp[i]);
      }
    }
    return box;
  }
  function renderClaims() {
    var rows = filteredClaims(), body = $("claims-body");
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    clear(body);
    var start = state.page * PAGE;
    for (var r = start; r < Math.min(rows.length, start + PAGE); r++) {
      (function (ci) {
        var c = CLAIMS[ci];
        var tr = h("tr", { className: "claim-row" + (state.open[ci] ? " open" : ""), "data-claim": ci, id: "claim-" + ci },
          h("td", null, badge(c.s)),
          h("td", null, h("div", { className: "claim-text" }, c.t),
            h("div", { className: "claim-outlets" }, c.o.slice(0, 6).join(", ") + (c.o.length > 6 ? " and " + (c.o.length - 6) + " more" : ""))),
          h("td", { className: "sourcing" }, c.w),
          h("td", { className: "num" }, String(c.o.length)),
          h("td", { className: "num" }, String(c.a.length)));
        function toggle() {
          state.open[ci] = !state.open[ci];
          renderClaims();
          var again = $("claim-" + ci);
          if (again) again.focus();
        }
        tr.tabIndex = 0;
        tr.setAttribute("aria-expanded", state.open[ci] ? "true" : "false");
        tr.addEventListener("click", toggle);
        tr.addEventListener("keydown", function (ev) {
          if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(); }
        });
        body.appendChild(tr);
        if (state.open[ci]) body.appendChild(h("tr", { className: "detail", "data-detail": ci }, h("td", { colspan: 5 }, claimDetail(ci))));
      })(rows[r]);
    }
    if (!rows.length) body.appendChild(h("tr", null, h("td", { colspan: 5, className: "empty" }, "No claim matches these filters.")));
    pager($("claims-pager"), state.page, pages, rows.length, "claim", function (p) { state.page = p; renderClaims(); });
  }
  function pager(el, page, pages, total, noun, go) {
    clear(el);
    el.appendChild(h("button", { type: "button", onclick: function () { go(page - 1); } }, "‹ Prev"));
    el.lastChild.disabled = page <= 0;
    el.appendChild(h("span", null, "Page " + (page + 1) + " of " + pages + " · " + plural(total, noun)));
    el.appendChild(h("button", { type: "button", onclick: function () { go(page + 1); } }, "Next ›"));
    el.lastChild.disabled = page >= pages - 1;
  }
  /* In the graph, the filtered source and its neighbours stay bright; the rest fades. */
  function highlightNode(e) {
    var cy = window.cy;
    if (!cy) return;
    cy.elements().removeClass("faded");
    if (e == null) return;
    var node = cy.nodes().filter(function (n) { return n.data("e") === e; });
    if (!node.length) return;
    var hood = node.closedNeighborhood().union(node.descendants()).union(node.ancestors());
    hood = hood.union(node.descendants().closedNeighborhood());
    cy.elements().addClass("faded");
    hood.union(hood.connectedEdges()).removeClass("faded");
  }
  function setEntityFilter(e) {
    state.entity = e; state.page = 0;
    highlightNode(e);
    var sel = $("f-entity");
    // an affiliation box picked in the graph may not be a chain member: give it an option
    if (e != null && !sel.querySelector('option[value="' + e + '"]')) sel.appendChild(h("option", { value: String(e) }, ENTS[e].n));
    sel.value = e == null ? "" : String(e);
    var box = $("active-filter");
    clear(box);
    box.hidden = e == null;
    if (e != null) {
      box.appendChild(h("span", { className: "chip" }, "Source: " + ENTS[e].n,
        h("button", { type: "button", title: "Clear", "aria-label": "Clear source filter", onclick: function () { setEntityFilter(null); } }, "×")));
    }
    renderClaims();
  }
  function showClaim(ci) {
    showTab("claims");
    state.q = ""; state.status = ""; state.entity = null; state.sort = "importance";
    $("q").value = ""; $("f-status").value = ""; $("f-sort").value = "importance";
    setEntityFilter(null);
    state.page = Math.floor(ci / PAGE);
    state.open[ci] = true;
    renderClaims();
    var row = $("claim-" + ci);
    if (row && row.scrollIntoView) row.scrollIntoView({ block: "center" });
  }

  (function initFilters() {
    // the source filter lists every entity that appears in a chain, busiest first
    var count = {};
    for (var i = 0; i < ATTS.length; i++) for (var j = 0; j < ATTS[i].ch.length; j++) count[ATTS[i].ch[j]] = (count[ATTS[i].ch[j]] || 0) + 1;
    var ids = Object.keys(count).map(Number).sort(function (a, b) { return count[b] - count[a] || ENTS[a].n.localeCompare(ENTS[b].n); });
    var sel = $("f-entity");
    for (i = 0; i < ids.length && i < 500; i++) sel.appendChild(h("option", { value: String(ids[i]) }, ENTS[ids[i]].n + " (" + count[ids[i]] + ")"));
    var timer = null;
    $("q").addEventListener("input", function (ev) {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = ev.target.value; state.page = 0; renderClaims(); }, 120);
    });
    $("f-status").addEventListener("change", function (ev) { state.status = ev.target.value; state.page = 0; renderClaims(); });
    $("f-sort").addEventListener("change", function (ev) { state.sort = ev.target.value; state.page = 0; renderClaims(); });
    sel.addEventListener("change", function (ev) { setEntityFilter(ev.target.value === "" ? null : Number(ev.target.value)); });
  })();

  /* ---------- provenance graph ---------- */
  function initGraph() {
    var G = D.graph, els = [];
    if (typeof window.cytoscape !== "function" || !G.nodes.length) {
      var box = $("graph");
      box.classList.add("graph-empty");
      box.appendChild(h("p", { className: "empty" }, G.nodes.length
        ? "The graph library did not load."
        : "No relay chains in this dossier: no attribution names who said what."));
      return;
    }
    // positions, sizes and which labels show come laid out from the report's data (networkx,
    // labels placed so that none overlaps another): a preset layout, the same on every open
    for (var i = 0; i < G.nodes.length; i++) {
      var n = G.nodes[i];
      var data = { id: n.id, label: n.label, e: n.e, kind: n.kind || "group", size: n.size || 16 };
      if (n.parent) data.parent = n.parent;
      var el = { group: "nodes", data: data,
                 classes: (n.group ? "grp" : "k-" + n.kind) + (n.shown ? (n.side ? " lp-" + n.side : "") : " quiet") };
      if (!n.group) el.position = { x: n.x, y: n.y };
      els.push(el);
    }
    for (i = 0; i < G.edges.length; i++) {
      var e = G.edges[i];
      els.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, w: e.w, rel: e.rel }, classes: e.rel });
    }
    var cy = window.cytoscape({
      container: $("graph"),
      elements: els,
      minZoom: 0.15,
      maxZoom: 3,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 11, "font-family": "system-ui, sans-serif", "color": "#1b1f24",
          "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 120,
          "width": "data(size)", "height": "data(size)", "background-color": "#2f6db5", "border-width": 1, "border-color": "#ffffff",
          "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
        { selector: "node.k-outlet", style: { "shape": "round-rectangle", "background-color": "#23303f" } },
        { selector: "node.k-anonymous", style: { "background-color": "#ffffff", "border-width": 2, "border-style": "dashed", "border-color": "#6b7785" } },
        { selector: "node.k-government, node.k-military, node.k-organization", style: { "shape": "diamond", "background-color": "#8a5a00" } },
        { selector: "node.k-document, node.k-other", style: { "background-color": "#7b8794" } },
        { selector: "node.grp", style: {
          "shape": "round-rectangle", "background-color": "#f1f4f8", "background-opacity": 1, "border-width": 1.5, "border-color": "#9aa8b8",
          "label": "data(label)", "text-valign": "top", "text-halign": "center", "text-margin-y": -4, "font-weight": 600,
          "font-size": 11, "color": "#394452", "padding": 14, "text-background-opacity": 0 } },
        { selector: "edge", style: {
          "width": "mapData(w, 1, 20, 1.2, 5)", "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.9,
          "line-color": "#23303f", "target-arrow-color": "#23303f", "opacity": 0.75 } },
        { selector: "edge.relays", style: { "line-style": "dashed", "line-color": "#6b7785", "target-arrow-color": "#6b7785" } },
        { selector: "node.k-folded", style: { "shape": "round-rectangle", "background-color": "#c9d1db", "border-style": "dotted", "border-color": "#6b7785", "border-width": 1.5 } },
        // a label that would overlap another shows on hover or selection only
        { selector: "node.lp-t", style: { "text-valign": "top", "text-margin-y": -3 } },
        { selector: "node.lp-r", style: { "text-valign": "center", "text-halign": "right", "text-margin-x": 3, "text-margin-y": 0 } },
        { selector: "node.lp-l", style: { "text-valign": "center", "text-halign": "left", "text-margin-x": -3, "text-margin-y": 0 } },
        { selector: "node.quiet", style: { "text-opacity": 0, "text-background-opacity": 0 } },
        { selector: "node.quiet.hover, node.quiet:selected", style: { "text-opacity": 1, "text-background-opacity": 0.9, "z-index": 20 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#0b4f8a", "border-style": "solid" } },
        { selector: ".faded", style: { "opacity": 0.25 } }
      ],
      layout: { name: "preset", fit: true, padding: 16 }
    });
    window.cy = cy;
    cy.on("tap", "node", function (ev) { setEntityFilter(ev.target.data("e")); });
    cy.on("mouseover", "node", function (ev) { ev.target.addClass("hover"); });
    cy.on("mouseout", "node", function (ev) { ev.target.removeClass("hover"); });
    cy.on("tap", function (ev) { if (ev.target === cy) setEntityFilter(null); });
    $("graph-note").textContent = plural(G.nodes.filter(function (n) { return !n.group && !n.folded; }).length, "source") +
      " drawn" + (G.folded ? "; " + G.folded + " less cited folded into their affiliation" : "") +
      (G.hidden ? "; " + G.hidden + " less cited sources with no affiliation left out" : "") +
      "; labels that would overlap show on hover" +
      (G.hiddenEdges ? "; " + G.hiddenEdges + " weaker links left out." : ".");
  }

  /* ---------- conflicts ---------- */
  function renderConflicts() {
    var box = $("conflicts");
    if (!D.conflicts.length) { box.appendChild(h("p", { className: "empty" }, "No conflicting accounts found.")); return; }
    // a big story can have thousands: render them in batches, on request
    var shown = 0, BATCH = 50;
    var btn = h("button", { className: "more-btn", type: "button", onclick: more });
    box.appendChild(btn);
    function more() {
      var stop = Math.min(D.conflicts.length, shown + BATCH);
      for (; shown < stop; shown++) {
        var c = D.conflicts[shown];
        box.insertBefore(h("div", { className: "conflict", id: "conflict-" + shown },
          h("div", { className: "conflict-head" }, h("span", { className: "badge k-badge" }, c.k), h("span", { className: "reason" }, c.r)),
          h("div", { className: "sides" }, side(c.sides[0]), h("div", { className: "versus" }, "VS"), side(c.sides[1]))), btn);
      }
      btn.hidden = shown >= D.conflicts.length;
      btn.textContent = "Show " + Math.min(BATCH, D.conflicts.length - shown) + " more of " + (D.conflicts.length - shown) + " conflicts";
    }
    more();
    function side(s) {
      var kids = [];
      if (s.at >= 0) kids.push(chainPath(s.at));
      if (s.c >= 0) kids.push(h("div", null, badge(CLAIMS[s.c].s), " ", h("a", { className: "link", href: "#", onclick: function (ev) { ev.preventDefault(); showClaim(s.c); } }, "Claim: " + CLAIMS[s.c].t)));
      if (s.ar >= 0 && s.sp) {
        var art = ARTS[s.ar];
        // the whole sentence for context when the side is an attribution in the same article
        var whole = s.at >= 0 && ATTS[s.at].ar === s.ar ? ATTS[s.at].se : s.sp;
        var from = Math.min(whole[0], s.sp[0]), to = Math.max(whole[1], s.sp[1]);
        var marks = s.at >= 0 ? attMarks(s.at) : [{ s: s.sp[0], e: s.sp[1], cls: "m-content", att: -1 }];
        kids.push(h("blockquote", { className: "quote" }, marked(art.x, from, to, marks, null)));
        kids.push(h("div", { className: "cite" }, [art.o, art.t, art.p].filter(Boolean).join(" · "), " · ",
          h("a", { href: "#", onclick: function (ev) { ev.preventDefault(); openArticle(s.ar, s.at, s.sp); } }, "Open in article")));
      } else if (s.x) {
        kids.push(h("blockquote", { className: "quote" }, s.x));
      } else if (s.at < 0 && s.c < 0) {
        kids.push(h("div", { className: "cite" }, s.ref));
      }
      return h("div", { className: "side" }, kids);
    }
  }

  /* ---------- timeline ---------- */
  var tlPage = 0;
  function renderTimeline() {
    var box = $("timeline"), T = D.timeline;
    clear(box);
    if (!T.length) { box.appendChild(h("p", { className: "empty" }, "No dated events found.")); return; }
    var pages = Math.ceil(T.length / TL_PAGE), ol = h("ol", { className: "tl" });
    for (var i = tlPage * TL_PAGE; i < Math.min(T.length, (tlPage + 1) * TL_PAGE); i++) {
      (function (t, i) {
        var art = ARTS[t.ar], se = t.se || t.sp;
        var marks = [{ s: t.sp[0], e: t.sp[1], cls: "m-time", att: -1 }];
        if (t.at >= 0) marks = marks.concat(attMarks(t.at));
        var meta = [h("span", null, [art.o, art.p].filter(Boolean).join(" · ") || art.f),
          h("span", null, t.ty + (t.v ? " " + t.v : "")),
          h("a", { className: "link", href: "#", onclick: function (ev) { ev.preventDefault(); openArticle(t.ar, t.at, t.sp); } }, "Open in article")];
        for (var j = 0; j < t.c.length && j < 5; j++) {
          (function (ci) {
            meta.push(h("a", { className: "link", href: "#", title: CLAIMS[ci].t, onclick: function (ev) { ev.preventDefault(); showClaim(ci); } },
              "Claim: " + (CLAIMS[ci].t.length > 60 ? CLAIMS[ci].t.slice(0, 57) + "…" : CLAIMS[ci].t)));
          })(t.c[j]);
        }
        ol.appendChild(h("li", { "data-tl": i },
          // the value at its own precision ("2026-02") reads truer than the sort key ("2026-02-01")
          h("span", { className: "when", title: t.k }, t.v && /^\d{4}/.test(t.v) ? t.v.slice(0, 10) : t.k),
          h("div", { className: "what" }, marked(art.x, se[0], se[1], marks, null)),
          h("div", { className: "meta" }, meta)));
      })(T[i], i);
    }
    box.appendChild(ol);
    pager($("timeline-pager"), tlPage, pages, T.length, "dated event", function (p) { tlPage = p; renderTimeline(); window.scrollTo(0, 0); });
  }

  /* ---------- articles ---------- */
  var artPage = 0, artQuery = "", currentArticle = -1, artAtts = null;
  function attsByArticle() {
    if (artAtts) return artAtts;
    artAtts = ARTS.map(function () { return []; });
    for (var i = 0; i < ATTS.length; i++) if (ATTS[i].ar >= 0) artAtts[ATTS[i].ar].push(i);
    return artAtts;
  }
  function renderArticleList() {
    var list = $("article-list"), q = artQuery.trim().toLowerCase(), rows = [];
    for (var i = 0; i < ARTS.length; i++) {
      var a = ARTS[i];
      if (!q || (a.t + "\n" + a.o + "\n" + a.id).toLowerCase().indexOf(q) >= 0) rows.push(i);
    }
    var pages = Math.max(1, Math.ceil(rows.length / ART_PAGE));
    artPage = Math.min(artPage, pages - 1);
    clear(list);
    var counts = attsByArticle();
    for (var r = artPage * ART_PAGE; r < Math.min(rows.length, (artPage + 1) * ART_PAGE); r++) {
      (function (ai) {
        var a = ARTS[ai];
        list.appendChild(h("li", { className: ai === currentArticle ? "current" : "", "data-article": ai, onclick: function () { openArticle(ai, -1); } },
          h("div", { className: "t" }, a.t || a.f || a.id),
          h("div", { className: "m" }, [a.o, a.p, plural(counts[ai].length, "attribution")].filter(Boolean).join(" · "))));
      })(rows[r]);
    }
    pager($("articles-pager"), artPage, pages, rows.length, "article", function (p) { artPage = p; renderArticleList(); });
  }
  $("aq").addEventListener("input", function (ev) { artQuery = ev.target.value; artPage = 0; renderArticleList(); });

  function attInfo(ai) {
    var box = h("div", { className: "att-info" }, chainPath(ai));
    var linked = [];
    for (var i = 0; i < CLAIMS.length && linked.length < 5; i++) if (CLAIMS[i].a.indexOf(ai) >= 0) linked.push(i);
    linked.forEach(function (ci) {
      box.appendChild(h("div", null, badge(CLAIMS[ci].s), " ",
        h("a", { className: "link", href: "#", onclick: function (ev) { ev.preventDefault(); showClaim(ci); } }, CLAIMS[ci].t)));
    });
    return box;
  }
  /* Render one article on demand, with all its attributions marked; focus one attribution or span. */
  function openArticle(ai, focusAtt, focusSpan) {
    showTab("articles");
    currentArticle = ai;
    var art = ARTS[ai], reader = $("reader"), own = attsByArticle()[ai], marks = [];
    for (var i = 0; i < own.length; i++) marks = marks.concat(attMarks(own[i]));
    var info = h("div", { id: "att-info" });
    function pick(att) {
      clear(info);
      info.appendChild(attInfo(att));
      var prev = reader.querySelectorAll(".m-focus");
      for (var k = 0; k < prev.length; k++) prev[k].classList.remove("m-focus");
      var mine = reader.querySelectorAll('[data-atts~="' + att + '"]');
      for (k = 0; k < mine.length; k++) mine[k].classList.add("m-focus");
      return mine[0];
    }
    if (focusSpan && !(focusAtt >= 0)) marks.push({ s: focusSpan[0], e: focusSpan[1], cls: "m-focus", att: -1 });
    clear(reader);
    reader.appendChild(h("h2", null, art.t || art.f || art.id));
    reader.appendChild(h("div", { className: "byline" }, [art.o, art.p, art.u].filter(Boolean).join(" · ") + (art.rp ? " · reprint of " + art.rp : "")));
    reader.appendChild(h("div", { className: "marks-legend" },
      h("span", null, h("span", { className: "m-source" }, "source")), h("span", null, h("span", { className: "m-cue" }, "cue")),
      h("span", null, h("span", { className: "m-content" }, "content")), h("span", null, plural(own.length, "attribution") + " · click one for its chain")));
    reader.appendChild(info);
    reader.appendChild(h("div", { className: "body" }, marked(art.x, 0, art.x.length, marks, pick)));
    renderArticleList();
    var target = focusAtt >= 0 ? pick(focusAtt) : reader.querySelector(".m-focus");
    if (target && target.scrollIntoView) target.scrollIntoView({ block: "center" });
    else window.scrollTo(0, 0);
  }

  /* ---------- start ---------- */
  // per-step milliseconds, read by benchmarks/report.py
  var timings = { parse: parseMs };
  function timed(name, fn) { var t = performance.now(); fn(); timings[name] = Math.round(performance.now() - t); }
  timed("claims", renderClaims);
  timed("conflicts", renderConflicts);
  timed("timeline", renderTimeline);
  timed("articles", renderArticleList);
  window.sourcetrace = { timings: timings, showClaim: showClaim, openArticle: openArticle, setEntityFilter: setEntityFilter, showTab: showTab };
  timings.ready = Math.round(performance.now());  // since navigation start
  document.documentElement.setAttribute("data-ready", "1");
  // the graph layout is the slow part on a big story: paint the tables first, lay out after
  requestAnimationFrame(function () {
    setTimeout(function () {
      timed("graph", initGraph);
      timings.graphDone = Math.round(performance.now());
      document.documentElement.setAttribute("data-graph", "1");
    }, 0);
  });
})();
