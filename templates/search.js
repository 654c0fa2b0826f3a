// Offline search: the index is a script beside the pages, loaded the first time the box is used.
// Its entries are [kind, title, place]; a place is [page, anchor, detail]; a page is [path, title].
(function () {
  "use strict";
  var box = document.getElementById("Search");
  var list = document.getElementById("SearchResults");
  if (!box || !list) return;
  var root = box.getAttribute("data-root") || "";
  var index = null, loading = false, pending = false, selected = -1, shown = [];
  var kinds = { e: "Endpoint", f: "Field", v: "Event", d: "Definition", h: "Section", c: "Change", p: "Proposal", g: "Page", x: "Error code" };
  var weight = { e: 0, v: 0, x: 0, d: 1, g: 1, h: 2, f: 3, p: 3, c: 4 };

  function load() {
    if (index || loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = function () { index = window.specgenSearch; if (pending) search(); };
    document.head.appendChild(script);
  }

  function normalise(text) { return text.toLowerCase(); }

  // Every word of the query must occur; whole and leading matches in the title rank first, and
  // so does an endpoint whose path ends with the word ("login": POST /login before "Login flows").
  function score(entry, words) {
    var title = normalise(entry[1]), detail = normalise(index.places[entry[2]][2]), total = 0;
    for (var i = 0; i < words.length; i++) {
      var word = words[i], at = title.indexOf(word);
      if (entry[0] === "e" && title.slice(-word.length - 1) === "/" + word) total += 0;
      else if (at === 0) total += title.length === word.length ? 0 : 2;
      else if (at > 0) total += /[a-z0-9]/.test(title.charAt(at - 1)) ? 6 : 3;
      else if (detail.indexOf(word) >= 0) total += 10;
      else return -1;
    }
    return total * 10 + weight[entry[0]] + Math.min(title.length, 60) / 100;
  }

  function search() {
    var query = normalise(box.value.trim());
    if (!query) { render([]); return; }
    if (!index) { pending = true; load(); return; }
    var words = query.split(/\s+/), results = [];
    for (var i = 0; i < index.entries.length; i++) {
      var s = score(index.entries[i], words);
      if (s >= 0) results.push([s, index.entries[i]]);
    }
    results.sort(function (a, b) { return a[0] - b[0]; });
    // One row for the same title on the same page (two "Login" sections of one page).
    var seen = {}, unique = [];
    for (var j = 0; j < results.length && unique.length < 30; j++) {
      var entry = results[j][1], key = entry[0] + "\u0000" + entry[1] + "\u0000" + index.places[entry[2]][0];
      if (seen[key]) continue;
      seen[key] = true;
      unique.push(entry);
    }
    render(unique);
  }

  function render(entries) {
    list.textContent = "";
    shown = entries;
    selected = -1;
    list.classList.toggle("open", entries.length > 0 || box.value.trim() !== "");
    if (!entries.length && box.value.trim()) {
      var none = document.createElement("p");
      none.className = "search-none";
      none.textContent = index ? "Nothing found." : "Loading…";
      list.appendChild(none);
      return;
    }
    entries.forEach(function (entry, position) {
      var place = index.places[entry[2]], page = index.pages[place[0]], detail = place[2];
      var link = document.createElement("a");
      link.href = root + page[0] + (place[1] ? "#" + place[1] : "");
      link.id = "search-result-" + position;
      link.setAttribute("role", "option");
      var title = document.createElement("span");
      title.className = "search-title";
      title.textContent = entry[1];
      var where = document.createElement("span");
      where.className = "search-where";
      where.textContent = kinds[entry[0]] + " · " + page[1] + (detail && entry[0] !== "c" ? " · " + detail : "");
      link.appendChild(title);
      link.appendChild(where);
      list.appendChild(link);
    });
  }

  function select(position) {
    var links = list.querySelectorAll("a");
    if (!links.length) return;
    selected = (position + links.length) % links.length;
    links.forEach(function (link, i) { link.setAttribute("aria-selected", i === selected ? "true" : "false"); });
    box.setAttribute("aria-activedescendant", links[selected].id);
    links[selected].scrollIntoView({ block: "nearest" });
  }

  // A result on the page being read moves to its anchor instead of loading the page again.
  function samePage(link) {
    var here = window.location.pathname.replace(/index\.html$/, "");
    return link.pathname.replace(/index\.html$/, "") === here && link.hash;
  }

  function follow(link, event) {
    if (!samePage(link)) return false;
    if (event) event.preventDefault();
    box.value = "";
    render([]);
    box.blur();
    window.location.hash = link.hash;
    return true;
  }

  list.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (link) follow(link, event);
  });
  box.addEventListener("focus", load);
  box.addEventListener("input", search);
  box.addEventListener("keyup", function (event) { if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Enter") search(); });
  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); select(selected + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
    else if (event.key === "Enter") {
      var links = list.querySelectorAll("a");
      if (links.length) {
        event.preventDefault();
        var chosen = links[Math.max(selected, 0)];
        if (!follow(chosen)) window.location.href = chosen.href;
      }
    } else if (event.key === "Escape") { box.value = ""; render([]); }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "/" && target !== box && !(target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) {
      event.preventDefault();
      box.focus();
    }
  });
})();

// The menu drawer closes when one of its links is followed, so the reader sees where it led.
(function () {
  "use strict";
  var toggle = document.getElementById("Menu");
  var drawer = document.querySelector(".drawer");
  if (!toggle || !drawer) return;
  drawer.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) toggle.checked = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) toggle.checked = false;
  });
})();

// Each code block gets a Copy button (without a script there is nothing to copy with, so none
// is shown); folded examples open for printing.
(function () {
  "use strict";
  var blocks = document.querySelectorAll("main pre");
  for (var i = 0; i < blocks.length; i++) {
    var pre = blocks[i];
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy this code");
    // An example has its title's line for the button; other code gets a strip above its text.
    var holder = pre.parentNode;
    if (!holder.classList.contains("example")) {
      holder = document.createElement("div");
      holder.className = "code-block";
      pre.parentNode.insertBefore(holder, pre);
      holder.appendChild(pre);
    }
    holder.appendChild(button);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.copy");
    if (!button || !navigator.clipboard) return;
    var text = button.parentNode.querySelector("pre").textContent;
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    });
  });
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    folded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (d) { d.open = false; });
    folded = [];
  });
})();

// "On this page" marks the section being read: the last of its headings above the top third.
(function () {
  "use strict";
  var toc = document.getElementById("TOC");
  if (!toc) return;
  var links = toc.querySelectorAll("a[href^='#']");
  var headings = [], entries = [];
  for (var i = 0; i < links.length; i++) {
    var heading = document.getElementById(decodeURIComponent(links[i].getAttribute("href").slice(1)));
    if (heading) { headings.push(heading); entries.push(links[i]); }
  }
  if (!headings.length) return;
  var current = null, pending = false;
  function update() {
    pending = false;
    var line = window.innerHeight / 3, low = 0, high = headings.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (headings[middle].getBoundingClientRect().top <= line) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    var link = found >= 0 ? entries[found] : null;
    if (link === current) return;
    if (current) current.removeAttribute("aria-current");
    current = link;
    if (!link) return;
    link.setAttribute("aria-current", "location");
    var box = toc.getBoundingClientRect(), place = link.getBoundingClientRect();
    if (toc.scrollHeight > toc.clientHeight && (place.top < box.top || place.bottom > box.bottom)) {
      toc.scrollTop += place.top - box.top - box.height / 3;
    }
  }
  window.addEventListener("scroll", function () {
    if (!pending) { pending = true; window.requestAnimationFrame(update); }
  }, { passive: true });
  update();
})();
