"""A small headless-Chromium driver over the DevTools protocol, for the classroom pages' browser test.

Starts `chromium --headless=new --remote-debugging-port=0` with its own profile directory, reads the
DevTools address from its stderr and talks to it over one websocket (the `websockets` package,
synchronous client). `Browser.page()` opens a page (a tab, attached as a flat session): navigate,
evaluate JavaScript, wait for a condition, click, set the viewport, take a screenshot. Uncaught errors
and console errors of each page are collected in its `errors`, so a test can assert there were none.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from websockets.sync.client import connect

LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


class BrowserError(RuntimeError):
    """Chromium would not start, a command failed, or a page's condition never came true."""


def chromium_path() -> str | None:
    """The Chromium on PATH (chromium or chromium-browser), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, executable: str | None = None, timeout: float = 20.0):
        executable = executable or chromium_path()
        if executable is None:
            raise BrowserError("chromium is not on PATH")
        self.profile = tempfile.mkdtemp(prefix="pt-chromium-")
        self.process = subprocess.Popen(
            [executable, "--headless=new", "--remote-debugging-port=0", f"--user-data-dir={self.profile}",
             "--no-sandbox", "--no-first-run", "--no-default-browser-check", "--disable-gpu",
             "--disable-extensions", "--hide-scrollbars", "--mute-audio", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        address = None
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            found = LISTENING.search(line)
            if found:
                address = found.group(1)
                break
        if address is None:
            self.close()
            raise BrowserError("chromium did not say where DevTools listens:\n" + "".join(seen[-20:]))
        # entered as a context manager (left in close), the way websockets wants a connection held
        self.ws = connect(address, max_size=64 * 1024 * 1024, open_timeout=timeout).__enter__()
        self.ids = itertools.count(1)
        self.pages: dict[str, Page] = {}

    def page(self) -> "Page":
        """A new page (tab) with the Page and Runtime domains on."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        self.pages[session] = page
        for domain in ("Page.enable", "Runtime.enable"):
            page.call(domain)
        return page

    # ---- the protocol ---------------------------------------------------------------------------

    def call(self, method: str, session: str | None = None, timeout: float = 30.0, **params) -> dict:
        """Send one command (to a page's session if given) and return its result; raises BrowserError on an error."""
        ident = next(self.ids)
        message = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"{method}: no answer within {timeout:g} s")
            reply = json.loads(self.ws.recv(timeout=left))
            if reply.get("id") == ident:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            page = self.pages.get(reply.get("sessionId"))
            if page is not None:
                page.event(reply)

    def close(self) -> None:
        try:
            if getattr(self, "ws", None) is not None:
                self.ws.close()
        finally:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    """One tab of a Browser."""

    def __init__(self, browser: Browser, session: str):
        self.browser = browser
        self.session = session
        self.errors: list[str] = []

    def call(self, method: str, timeout: float = 30.0, **params) -> dict:
        return self.browser.call(method, self.session, timeout, **params)

    def event(self, event: dict) -> None:
        method = event.get("method")
        if method == "Runtime.exceptionThrown":
            details = event["params"]["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            self.errors.append(f"{text} ({details.get('url', '')}:{details.get('lineNumber')})")
        elif method == "Runtime.consoleAPICalled" and event["params"].get("type") == "error":
            self.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in event["params"]["args"]))

    def navigate(self, url: str, timeout: float = 20.0) -> None:
        """Open `url` and wait for its load event."""
        self.evaluate("window.__leaving = true")
        self.call("Page.navigate", url=url)
        self.wait_for("!window.__leaving && document.readyState === 'complete'", timeout, what=f"{url} to load")

    def evaluate(self, expression: str, timeout: float = 30.0):
        """The value of a JavaScript expression in the page (promises awaited); raises BrowserError if it throws."""
        result = self.call("Runtime.evaluate", timeout=timeout, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"{expression[:80]}: {details.get('exception', {}).get('description') or details.get('text')}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 15.0, what: str | None = None):
        """Poll a JavaScript expression until it is truthy (an element counts); returns its value, raises BrowserError naming `what`."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(f"(() => {{ const v = ({expression}); return v instanceof Node ? true : v; }})()")
            except BrowserError:
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"waited {timeout:g} s for {what or expression}")
            time.sleep(0.1)

    def click(self, selector: str) -> None:
        """Click the first element matching a CSS selector; raises BrowserError if there is none or it is disabled."""
        found = self.evaluate(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return "missing"; if (e.disabled) return "disabled"; e.scrollIntoView({{block: "center"}}); e.click(); return "ok"; }})()""")
        if found != "ok":
            raise BrowserError(f"cannot click {selector}: {found}")

    def viewport(self, width: int, height: int, mobile: bool = False, scale: float = 1.0) -> None:
        """Emulate a window of width x height CSS pixels (a phone with `mobile`)."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=scale, mobile=mobile)

    def screenshot(self, path: Path | str, full_page: bool = False) -> Path:
        """Save a PNG of the viewport (or of the whole page) and return its path."""
        params = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        self.call("Page.bringToFront")
        data = self.call("Page.captureScreenshot", **params)["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path
