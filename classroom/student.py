"""A student driven from Python: log in to the class hub, start a server and a kernel, run code,
move a widget through the kernel protocol. Used by the hub tests and the load test.

Everything goes through the public address of the hub, as a browser's requests do: the login
form (with its ``_xsrf`` field), the hub's redirects and OAuth handshake into the student's
server, the server's REST API (``X-XSRFToken`` header) and the kernel's websocket
(``/api/kernels/<id>/channels``, Jupyter messages as JSON). A widget change is the message
JupyterLab sends when a slider moves: a ``comm_msg`` with ``{"method": "update", "state":
{...}}``; it is done when the kernel reports ``idle`` for that message, i.e. after the
widget's callbacks (the figure redraw) have run.
"""
from __future__ import annotations

import json
import struct
import time
import uuid
from urllib.parse import urlsplit

import requests
import websocket



def decode_frame(frame: str | bytes) -> dict:
    """One kernel message from the server's websocket. A message with binary buffers (an
    ipywidgets ``Image`` sends its PNG so) comes as a binary frame: the number of parts n
    (uint32, big-endian), n offsets, then the parts, the first the message's JSON."""
    if isinstance(frame, str):
        return json.loads(frame)
    (n,) = struct.unpack("!I", frame[:4])
    offsets = list(struct.unpack(f"!{n}I", frame[4:4 + 4 * n])) + [len(frame)]
    parts = [frame[offsets[i]:offsets[i + 1]] for i in range(n)]
    msg = json.loads(parts[0].decode("utf-8"))
    msg["buffers"] = parts[1:]
    return msg

class Student:
    """One student's browser session. ``server`` is ``/user/<name>`` on the hub's address."""

    def __init__(self, hub_url: str, name: str, password: str):
        self.hub_url = hub_url.rstrip("/")
        self.name = name
        self.password = password
        self.server = f"{self.hub_url}/user/{name}"
        self.http = requests.Session()
        self.ws: websocket.WebSocket | None = None
        self.session_id = uuid.uuid4().hex
        self.widgets: dict[str, dict] = {}  # comm_id -> widget state, from the kernel's comm_open

    # -- the hub --------------------------------------------------------------------------
    def login(self) -> requests.Response:
        """Post the login form; return the response (a student is logged in after a redirect)."""
        self.http.get(f"{self.hub_url}/hub/login")
        return self.http.post(f"{self.hub_url}/hub/login?next=",
                              data={"username": self.name, "password": self.password,
                                    "_xsrf": self.http.cookies.get("_xsrf", path="/hub/")},
                              allow_redirects=False)

    def start_server(self, timeout: float = 120.0) -> float:
        """Ask the hub for the server and follow it into JupyterLab; return the seconds it took."""
        t0 = time.perf_counter()
        self.http.get(f"{self.hub_url}/hub/spawn/{self.name}")
        deadline = t0 + timeout
        while time.perf_counter() < deadline:
            r = self.http.get(f"{self.server}/lab")
            if r.status_code == 200 and urlsplit(r.url).path.startswith(f"/user/{self.name}/lab"):
                return time.perf_counter() - t0
            time.sleep(0.5)
        raise TimeoutError(f"{self.name}: server not ready within {timeout:.0f} s (last: {r.status_code} {r.url})")

    def stop_server(self) -> int:
        r = self.http.delete(f"{self.hub_url}/hub/api/users/{self.name}/server",
                             headers={"X-XSRFToken": self.http.cookies.get("_xsrf", path="/hub/") or ""})
        return r.status_code

    # -- the student's server -------------------------------------------------------------
    def xsrf(self, user: str | None = None) -> str:
        return self.http.cookies.get("_xsrf", path=f"/user/{user or self.name}/") or ""

    def api(self, method: str, path: str, user: str | None = None, **kwargs) -> requests.Response:
        """A request to ``/user/<user>/api/<path>`` (``user`` defaults to this student)."""
        headers = {"X-XSRFToken": self.xsrf(user), **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.hub_url}/user/{user or self.name}/api/{path}",
                                 headers=headers, allow_redirects=False, **kwargs)

    def start_kernel(self) -> str:
        r = self.api("POST", "kernels", json={"name": "python3"})
        r.raise_for_status()
        kernel = r.json()["id"]
        url = self.server.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels?session_id={self.session_id}"
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        self.ws = websocket.create_connection(url, header=[f"Cookie: {cookies}"], timeout=300)
        return kernel

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    # -- kernel messages ------------------------------------------------------------------
    def _send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.name, "session": self.session_id,
                       "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": [],
        }))
        return msg_id

    def _until_idle(self, msg_id: str) -> list[dict]:
        """Read messages until the kernel is idle after ``msg_id``; return that request's iopub messages."""
        replies = []
        while True:
            msg = decode_frame(self.ws.recv())
            if msg.get("msg_type") == "comm_open" and msg["content"].get("target_name") == "jupyter.widget":
                self.widgets[msg["content"]["comm_id"]] = msg["content"]["data"].get("state", {})
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg.get("channel") == "iopub":
                replies.append(msg)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return replies

    def execute(self, code: str) -> dict:
        """Run ``code``; return ``{"stdout": str, "error": (ename, evalue) or None, "seconds": float}``."""
        t0 = time.perf_counter()
        replies = self._until_idle(self._send("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True}))
        stdout = "".join(m["content"]["text"] for m in replies if m["msg_type"] == "stream")
        errors = [(m["content"]["ename"], m["content"]["evalue"]) for m in replies if m["msg_type"] == "error"]
        return {"stdout": stdout, "error": errors[0] if errors else None, "seconds": time.perf_counter() - t0}

    def sliders(self) -> list[str]:
        """Comm ids of the numeric sliders the kernel has opened, in the order it opened them."""
        return [cid for cid, state in self.widgets.items()
                if state.get("_model_name") in ("FloatSliderModel", "IntSliderModel", "FloatLogSliderModel")]

    def set_widget(self, comm_id: str, **state) -> float:
        """Change a widget as a moved slider does; return the seconds until the kernel is idle again."""
        t0 = time.perf_counter()
        self._until_idle(self._send("comm_msg", {"comm_id": comm_id,
                                                 "data": {"method": "update", "state": state, "buffer_paths": []}}))
        return time.perf_counter() - t0
