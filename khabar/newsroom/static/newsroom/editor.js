// The article body editor: Jodit (MIT, npm `jodit`, served by Khabar from node_modules),
// right-to-left, Persian UI, limited to what the body sanitizer keeps: paragraphs,
// sub-headings (سوتیتر), lists, quotes, links and inline images. The server sanitizes
// again on save (khabar.news.html), so the editor is a comfort, not the guard.
(function () {
  "use strict";
  function start() {
  if (!window.Jodit) return;
  // Images dropped or chosen in the editor go to Khabar's image library (checked like
  // any upload, renditions made once); the editor asks for the alt text first.
  function uploader(area) {
    var url = area.getAttribute("data-upload-url");
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !token) return { insertImageAsBase64URI: false, url: "" };
    return {
      url: url,
      insertImageAsBase64URI: false,
      headers: { "X-CSRFToken": token.value },
      prepareData: function (formData) {
        var alt = window.prompt("متن جایگزین تصویر: تصویر چه نشان می‌دهد؟", "");
        formData.append("alt", alt || "");
        return formData;
      },
      isSuccess: function (resp) { return resp.success; },
      getMessage: function (resp) { return (resp.data.messages || []).join(" "); },
      process: function (resp) { return resp.data; },
      defaultHandlerSuccess: function (data) {
        var editor = this.j || this;
        (data.files || []).forEach(function (src) {
          var img = editor.createInside.element("img");
          img.setAttribute("src", src);
          img.setAttribute("alt", data.alt || "");
          editor.s.insertImage(img, null, null);
        });
      }
    };
  }
  var areas = document.querySelectorAll("textarea[data-rich-text]");
  Array.prototype.forEach.call(areas, function (area) {
    window.Jodit.make(area, {
      language: "fa",
      direction: "rtl",
      toolbarAdaptive: false,
      toolbarSticky: false,
      buttons: [
        "paragraph", "bold", "italic", "|", "ul", "ol", "|", "link", "image", "|",
        "undo", "redo", "|", "source"
      ],
      controls: {
        paragraph: {
          list: { p: "متن", h2: "سوتیتر", h3: "سوتیتر کوچک", blockquote: "نقل قول" }
        }
      },
      enter: "P",
      askBeforePasteHTML: false,
      askBeforePasteFromWord: false,
      defaultActionOnPaste: "insert_clear_html",
      cleanHTML: { denyTags: "script,style,iframe,object,embed,form,input" },
      link: { noFollowCheckbox: false, openInNewTabCheckbox: false },
      uploader: uploader(area),
      showCharsCounter: false,
      showXPathInStatusbar: false,
      minHeight: 360,
      spellcheck: true,
      // Never fetch helpers from a CDN (the CSP forbids it): plain textarea for HTML source.
      sourceEditor: "area",
      beautifyHTML: false
    });
  });
  }
  // Admin scripts load in <head>: wait for the form to exist.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
