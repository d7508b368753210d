// Check-in: read a ticket's QR code with the phone camera and submit its token.
// The browser's BarcodeDetector when it reads QR codes, else jsQR (vendor/jsqr, Apache-2.0).
// Without a camera or JavaScript the ticket field (a hand scanner types into it) and the
// name search still work.
document.addEventListener("DOMContentLoaded", function () {
  var start = document.querySelector(".scan-start");
  var video = document.querySelector(".scan-video");
  var status = document.querySelector(".scan-status");
  var form = document.querySelector(".ticket-form");
  if (!start || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  start.hidden = false;
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var detector = null;

  function found(text) {
    form.querySelector("input[name=token]").value = text;
    var tracks = video.srcObject ? video.srcObject.getTracks() : [];
    tracks.forEach(function (t) { t.stop(); });
    form.submit();
  }

  function readWithJsQR() {
    if (typeof jsQR !== "function" || !video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return code ? code.data : null;
  }

  function tick() {
    if (video.readyState < 2) { requestAnimationFrame(tick); return; }
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (codes.length) found(codes[0].rawValue); else requestAnimationFrame(tick);
      }, function () { detector = null; requestAnimationFrame(tick); });
      return;
    }
    var text = readWithJsQR();
    if (text) found(text); else requestAnimationFrame(tick);
  }

  function chooseDetector() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(null);
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    }, function () { return null; });
  }

  start.addEventListener("click", function () {
    start.disabled = true;
    status.textContent = status.dataset.looking;
    chooseDetector().then(function (d) {
      detector = d;
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      return video.play();
    }).then(function () { requestAnimationFrame(tick); }, function () {
      status.textContent = status.dataset.denied;
      start.disabled = false;
    });
  });
});
