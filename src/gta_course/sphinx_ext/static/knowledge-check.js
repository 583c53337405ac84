/* Knowledge check: scores the learner's answers in the page and makes their result code.
   The code's encoding is the one in gta_course/result_code.py (read its docstring): Crockford
   base 32, track + phase + form version, the answers as one mixed-radix number, a check symbol
   computed in GF(32). Nothing is stored or sent: reloading the page forgets everything. */
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var RADIX = 5;
  var PAYLOAD = { before: 6, after: 9 };
  var PHASE = { before: "B", after: "A" };

  function checkSymbol(symbols) {
    // The symbols as a polynomial over GF(32) at its generator (x^5 + x^2 + 1): result_code.check_symbol.
    var total = 0;
    for (var i = 0; i < symbols.length; i++) {
      total = (total ^ ALPHABET.indexOf(symbols.charAt(i))) << 1;
      if (total & 32) total ^= 37;
    }
    return ALPHABET.charAt(total);
  }

  /* answers, confidence: 6 numbers 0-4; then, now: 3 numbers 0-4 after the course, else empty. */
  function encode(track, phase, version, answers, confidence, then, now) {
    var number = 0;
    answers.forEach(function (answer, i) { number = number * RADIX * RADIX + answer * RADIX + confidence[i]; });
    then.forEach(function (rating, i) { number = (number * RADIX + rating) * RADIX + now[i]; });
    var payload = "";
    for (var k = 0; k < PAYLOAD[phase]; k++) {
      payload = ALPHABET.charAt(number % 32) + payload;
      number = Math.floor(number / 32);
    }
    var head = track + PHASE[phase] + ALPHABET.charAt(version);
    var tail = payload + checkSymbol(head + payload);
    var groups = [track, head.slice(track.length)];
    for (var j = 0; j < tail.length; j += 4) groups.push(tail.slice(j, j + 4));
    return groups.join("-");
  }

  function chosen(root, name) {
    var input = root.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }

  function item(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    return el;
  }

  function Check(root) {
    this.root = root;
    this.id = root.id;
    this.code = root.getAttribute("data-code");
    this.version = parseInt(root.getAttribute("data-version"), 10);
    this.phase = root.getAttribute("data-phase");
    this.items = Array.prototype.slice.call(root.querySelectorAll(".gta-kc__item"));
    this.skills = Array.prototype.slice.call(root.querySelectorAll(".gta-kc__then-now .gta-quiz__fieldset"));
    this.status = root.querySelector(".gta-kc__status");
    this.results = root.querySelector(".gta-kc__results");
    this.explanations = this.items.map(function (el) {
      var details = el.querySelector(".gta-kc__explanation");
      if (!details) return null;
      var div = document.createElement("div");
      div.className = "gta-kc__explanation";
      div.hidden = true;
      Array.prototype.slice.call(details.childNodes).forEach(function (child) {
        if (child.nodeName !== "SUMMARY") div.appendChild(child);
      });
      details.replaceWith(div);
      return div;
    });
    var nojs = root.querySelector(".gta-kc__nojs");
    if (nojs) nojs.remove();
    root.querySelector(".gta-kc__actions").hidden = false;
    root.querySelector(".gta-kc__submit").addEventListener("click", this.submit.bind(this));
    root.querySelector(".gta-kc__print").addEventListener("click", function () { window.print(); });
    root.querySelector(".gta-kc__reset").addEventListener("click", this.reset.bind(this));
  }

  Check.prototype.submit = function () {
    var self = this;
    var letters = "ABCD";
    var answers = [], confidence = [];
    this.items.forEach(function (el) {
      var base = el.id;
      var answer = chosen(el, base);
      answers.push(answer ? letters.indexOf(answer) + 1 : 0);
      confidence.push(parseInt(chosen(el, base + "-confidence") || "0", 10));
    });
    var ratings = this.skills.map(function (group) {
      var input = group.querySelector("input:checked");
      return input ? parseInt(input.value, 10) : 0;
    });
    if (!answers.some(Boolean)) {
      this.status.textContent = "Answer at least one question, then show your results.";
      return;
    }
    var then = ratings.filter(function (_, i) { return i % 2 === 0; });
    var now = ratings.filter(function (_, i) { return i % 2 === 1; });
    var right = 0;
    var summary = this.results.querySelector(".gta-kc__summary");
    summary.replaceChildren();
    this.items.forEach(function (el, i) {
      var answer = answers[i] ? letters.charAt(answers[i] - 1) : "";
      var correct = answer === el.getAttribute("data-answer");
      if (correct) right++;
      var words = "Question " + (i + 1) + ": " + (!answer ? "not answered." : correct ? "right." : "not right.");
      if (self.phase === "after" && !correct) words += " The answer is " + el.getAttribute("data-answer") + ".";
      if (confidence[i]) {
        var label = el.querySelector('input[name="' + el.id + '-confidence"]:checked + label');
        words += " You were: " + label.textContent.toLowerCase() + ".";
      }
      summary.appendChild(item("li", words));
      if (self.explanations[i]) self.explanations[i].hidden = false;
    });
    var score = right + " of " + this.items.length + " right.";
    this.results.querySelector(".gta-kc__score").textContent = this.phase === "before"
      ? "You got " + score + " The lessons cover all " + this.items.length + " questions; at the end of the track, try them again."
      : "You got " + score + " Each question now shows the answer and the lesson that teaches it.";
    var skills = this.results.querySelector(".gta-kc__skills");
    if (skills) {
      skills.replaceChildren();
      var labels = ["not answered", "not at all", "a little", "quite well", "very well"];
      for (var k = 0; k < then.length; k++) {
        var legend = this.skills[2 * k + 1].querySelector("legend").textContent.replace(/^Now, I can /, "").replace(/\.$/, "");
        skills.appendChild(item("li", "To " + legend + ": before the course, " + labels[then[k]] + "; now, " + labels[now[k]] + "."));
      }
    }
    this.results.querySelector(".gta-kc__code").textContent = encode(this.code, this.phase, this.version, answers, confidence, then, now);
    this.results.hidden = false;
    this.status.textContent = "Your results are below.";
    this.results.querySelector("h2").focus();
  };

  Check.prototype.reset = function () {
    this.root.querySelectorAll("input").forEach(function (input) { input.checked = false; });
    this.explanations.forEach(function (div) { if (div) div.hidden = true; });
    this.results.hidden = true;
    this.status.textContent = "";
    var first = this.root.querySelector("input");
    if (first) first.focus();
  };

  function start() {
    document.querySelectorAll(".gta-kc").forEach(function (root) { new Check(root); });
  }

  window.gtaResultCode = { encode: encode }; // for the browser tests, which compare it with result_code.py
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
