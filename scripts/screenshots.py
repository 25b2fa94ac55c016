#!/usr/bin/env python3
"""Screenshots of Fatura's pages as a signed-in user, in headless Chromium (Debian's `chromium`).

  scripts/screenshots.py BASE_URL USER PASSWORD OUT_DIR PATH [PATH ...]

Signs in through the login form (as a person would), hands the session cookie to Chromium over the
DevTools protocol, and saves OUT_DIR/<n>-<path>.png at 1366x768 (full page height). Needs the PyPI
package websocket-client. For looking at the pages, not a test: the tests check pages by elements.
"""
import http.cookiejar, json, re, subprocess, sys, tempfile, time, urllib.parse, urllib.request, base64, os
import websocket

base, user, password, out = sys.argv[1:5]
paths = sys.argv[5:]
os.makedirs(out, exist_ok=True)

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
login = opener.open(base + "/login").read().decode()
csrf = re.search(r'name="_csrf" value="([^"]+)"', login).group(1)
opener.open(base + "/login", urllib.parse.urlencode({"_csrf": csrf, "username": user, "password": password, "next": "/"}).encode())
session = next((c.value for c in jar if c.name == "fatura_session"), None)
if not session:
    sys.exit("login failed")

port = 9333
profile = tempfile.mkdtemp(prefix="fatura-chromium-")
browser = subprocess.Popen(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", f"--remote-debugging-port={port}",
                            f"--user-data-dir={profile}", "--window-size=1366,768", "about:blank"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
            page = next(t for t in targets if t["type"] == "page")
            break
        except Exception:
            time.sleep(0.1)
    ws = websocket.create_connection(page["webSocketDebuggerUrl"])
    counter = 0

    def call(method, **params):
        global counter
        counter += 1
        ws.send(json.dumps({"id": counter, "method": method, "params": params}))
        while True:
            message = json.loads(ws.recv())
            if message.get("id") == counter:
                return message.get("result", {})

    call("Network.enable")
    host = urllib.parse.urlparse(base).hostname
    call("Network.setCookie", name="fatura_session", value=session, domain=host, path="/")
    call("Page.enable")
    for n, path in enumerate(paths, 1):
        call("Page.navigate", url=base + path)
        time.sleep(0.8)
        metrics = call("Page.getLayoutMetrics")
        height = int(metrics.get("cssContentSize", {}).get("height", 768))
        call("Emulation.setDeviceMetricsOverride", width=1366, height=max(768, min(height, 4000)), deviceScaleFactor=1, mobile=False)
        shot = call("Page.captureScreenshot", format="png")
        name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
        with open(os.path.join(out, f"{n:02d}-{name}.png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(os.path.join(out, f"{n:02d}-{name}.png"))
finally:
    browser.terminate()
