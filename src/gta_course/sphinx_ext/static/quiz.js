/* Quizzes: check answers in the page, after GOV.UK's form patterns and Moodle's feedback.
   The page already holds every question, its options and, in a <details>, the answers and the
   feedback on each option (that is what a reader without JavaScript gets). This script takes the
   feedback out of the <details>, shows the Check answer buttons, and writes feedback into each
   question's role="status" region, which is in the page from the start so it is announced.
   Focus stays where it is; no single-key shortcuts; stores nothing, sends nothing. */
(function () {
  "use strict";

  function feedbackOf(details) {
    var byLetter = {};
    details.querySelectorAll(".gta-quiz__feedback").forEach(function (item) {
      var verdict = item.querySelector("strong");
      var content = document.createDocumentFragment();
      var node = verdict ? verdict.nextSibling : item.firstChild;
      for (; node; node = node.nextSibling) content.appendChild(node.cloneNode(true));
      byLetter[item.getAttribute("data-letter")] = {
        correct: item.getAttribute("data-correct") === "true",
        content: content
      };
    });
    return byLetter;
  }

  function paragraph(parts) {
    var p = document.createElement("p");
    parts.forEach(function (part) {
      p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return p;
  }

  function element(tag, className, text, attributes) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    return el;
  }

  function Question(root, quiz) {
    var details = root.querySelector(".gta-quiz__answers");
    this.root = root;
    this.quiz = quiz;
    this.feedback = details ? feedbackOf(details) : {};
    if (details) details.remove();
    this.fieldset = root.querySelector(".gta-quiz__fieldset");
    this.inputs = Array.prototype.slice.call(root.querySelectorAll(".gta-quiz__input"));
    this.multiple = root.getAttribute("data-kind") === "multiple";
    this.error = root.querySelector(".gta-quiz__error");
    this.status = root.querySelector(".gta-quiz__status");
    this.check = root.querySelector(".gta-quiz__check");
    this.retry = root.querySelector(".gta-quiz__retry");
    this.hintId = this.fieldset.getAttribute("aria-describedby");
    this.result = null;
    root.querySelector(".gta-quiz__actions").hidden = false;
    this.check.addEventListener("click", this.onCheck.bind(this));
    this.retry.addEventListener("click", this.onRetry.bind(this));
  }

  Question.prototype.chosen = function () {
    return this.inputs.filter(function (input) { return input.checked; })
      .map(function (input) { return input.value; });
  };

  Question.prototype.rightLetters = function () {
    var feedback = this.feedback;
    return Object.keys(feedback).filter(function (letter) { return feedback[letter].correct; });
  };

  Question.prototype.showError = function (message) {
    this.error.querySelector(".gta-quiz__error-text").textContent = message;
    this.error.hidden = false;
    this.fieldset.setAttribute("aria-describedby", this.hintId + " " + this.error.id);
    this.root.classList.add("gta-quiz__question--error");
    this.status.replaceChildren(element("p", "gta-visually-hidden", "Error: " + message));
  };

  Question.prototype.clearError = function () {
    this.error.hidden = true;
    this.fieldset.setAttribute("aria-describedby", this.hintId);
    this.root.classList.remove("gta-quiz__question--error");
  };

  Question.prototype.onCheck = function () {
    var chosen = this.chosen();
    if (!chosen.length) {
      this.showError(this.multiple ? "Choose at least one answer, then check it." : "Choose an answer, then check it.");
      return;
    }
    this.clearError();
    var right = this.rightLetters();
    var found = chosen.filter(function (letter) { return right.indexOf(letter) >= 0; }).length;
    var correct = found === right.length && chosen.length === right.length;
    var lines = [paragraph([
      element("span", "gta-quiz__icon", correct ? "\u2713" : "\u2717", { "aria-hidden": "true" }),
      " ",
      element("strong", null, correct ? "Right." : "Not quite."),
      this.multiple && !correct
        ? " You chose " + found + " of the " + right.length + " right answers" +
          (chosen.length > found ? ", and " + (chosen.length - found) + " that " + (chosen.length - found === 1 ? "is" : "are") + " not right." : ".")
        : ""
    ])];
    var feedback = this.feedback;
    chosen.forEach(function (letter) {
      var entry = feedback[letter];
      if (entry) lines.push(paragraph([element("strong", null, letter + ". "), entry.content.cloneNode(true)]));
    });
    this.status.replaceChildren.apply(this.status, lines);
    this.root.classList.remove("gta-quiz__question--right", "gta-quiz__question--wrong");
    this.root.classList.add(correct ? "gta-quiz__question--right" : "gta-quiz__question--wrong");
    this.retry.hidden = false;
    this.result = correct;
    this.quiz.update();
  };

  Question.prototype.onRetry = function () {
    this.inputs.forEach(function (input) { input.checked = false; });
    this.clearError();
    this.status.replaceChildren();
    this.root.classList.remove("gta-quiz__question--right", "gta-quiz__question--wrong");
    this.result = null;
    this.quiz.update();
    this.retry.hidden = true;
    if (this.inputs.length) this.inputs[0].focus(); // the button pressed has gone: focus the first option
  };

  function Quiz(root) {
    var self = this;
    this.score = root.querySelector(".gta-quiz__score");
    this.questions = Array.prototype.map.call(root.querySelectorAll(".gta-quiz__question"), function (q) {
      return new Question(q, self);
    });
  }

  Quiz.prototype.update = function () {
    var answered = this.questions.filter(function (q) { return q.result !== null; });
    if (answered.length < this.questions.length) {
      this.score.textContent = "";
      return;
    }
    var right = answered.filter(function (q) { return q.result; }).length;
    this.score.textContent = "Your score: " + right + " of " + this.questions.length + " right.";
  };

  function start() {
    document.querySelectorAll(".gta-quiz").forEach(function (root) { new Quiz(root); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
