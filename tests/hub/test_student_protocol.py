"""The simulated student reads the kernel's websocket as Jupyter Server sends it: text frames,
and binary frames for messages with buffers (a widget's PNG), which the load test meets since
the widgets send their pictures as bytes."""
from __future__ import annotations

import json
import struct

from student import decode_frame


def binary_frame(msg: dict, buffers: list[bytes]) -> bytes:
    """Jupyter Server's binary websocket layout, built here independently of the code under test."""
    parts = [json.dumps(msg).encode()] + buffers
    offsets = [4 * (len(parts) + 1)]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + len(part))
    return struct.pack("!" + "I" * (len(parts) + 1), len(parts), *offsets) + b"".join(parts)


def test_a_text_frame_is_one_json_message():
    assert decode_frame('{"msg_type": "status", "content": {"execution_state": "idle"}}')["msg_type"] == "status"


def test_a_binary_frame_gives_the_message_and_its_buffers():
    msg = {"msg_type": "comm_msg", "content": {"data": {"state": {}, "buffer_paths": [["value"]]}}}
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    decoded = decode_frame(binary_frame(msg, [png, b"second"]))
    assert decoded["msg_type"] == "comm_msg" and decoded["buffers"] == [png, b"second"]


def test_a_binary_frame_without_buffers():
    assert decode_frame(binary_frame({"msg_type": "status"}, []))["buffers"] == []
