#!/usr/bin/env python3
"""
Independent signature oracle for the robot webhook tests.

Written from the platforms' own published recipes with Python's standard library, so a mistake in
the TypeScript signer (swapped HMAC key and message, missing URL encoding, ms vs s) cannot be
repeated here by sharing code. Reads one JSON request per line on stdin and answers one JSON line:
  {"id": 1, "scheme": "dingtalk", "secret": "...", "timestamp": "1700000000000"}
    -> {"id": 1, "sign": "<base64>", "sign_urlencoded": "<quote_plus(base64)>"}
  {"id": 2, "scheme": "feishu", "secret": "...", "timestamp": "1700000000"}
    -> {"id": 2, "sign": "<base64>"}
"""
import base64
import hashlib
import hmac
import json
import sys
import urllib.parse


def dingtalk(secret: str, timestamp: str) -> dict:
    # DingTalk: HMAC key is the secret, the message is "timestamp\nsecret"; then base64, then urlencode.
    string_to_sign = "{}\n{}".format(timestamp, secret)
    digest = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), digestmod=hashlib.sha256).digest()
    b64 = base64.b64encode(digest).decode("ascii")
    return {"sign": b64, "sign_urlencoded": urllib.parse.quote_plus(b64)}


def feishu(secret: str, timestamp: str) -> dict:
    # Feishu: HMAC key is "timestamp\nsecret", the message is empty; then base64.
    string_to_sign = "{}\n{}".format(timestamp, secret)
    digest = hmac.new(string_to_sign.encode("utf-8"), b"", digestmod=hashlib.sha256).digest()
    return {"sign": base64.b64encode(digest).decode("ascii")}


def main() -> None:
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        try:
            if req["scheme"] == "dingtalk":
                out = dingtalk(req["secret"], str(req["timestamp"]))
            elif req["scheme"] == "feishu":
                out = feishu(req["secret"], str(req["timestamp"]))
            else:
                out = {"error": "unknown scheme"}
        except Exception as e:  # noqa: BLE001 - report, never die mid-test
            out = {"error": repr(e)}
        out["id"] = req.get("id")
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
