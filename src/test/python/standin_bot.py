#!/usr/bin/env python3
"""A stand-in for the Breakout Bot, seen from outside: a pid file, JSON-lines logs, an HTTP health check.

Tests start it, tell it to misbehave over HTTP, and watch what breakout-ops does about it. Standard library only.

    standin_bot.py --home DIR --port N [--log-every SECONDS]

- writes DIR/bot.pid at start and removes it on a clean exit (SIGTERM, SIGINT, POST /control/exit);
- logs one JSON object per line to DIR/logs/bot.log through a WatchedFileHandler, as the real bot's logging
  does, so a rename rotation of bot.log is followed: the next line goes to a new bot.log;
- serves on 127.0.0.1:N only:
    GET  /api/health                 200 {"status":"healthy"} (503 {"status":"unhealthy"} once told so)
    POST /control/hang               health requests block forever from now on; control keeps answering
    POST /control/unhealthy          health answers 503
    POST /control/exit?code=N        exits with code N (default 0) after answering
    POST /control/log?level=ERROR&message=...  logs that line (levels INFO, WARNING, ERROR, CRITICAL)
"""

import argparse
import json
import logging
import logging.handlers
import os
import signal
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOG = logging.getLogger("breakout.bot")
LEVELS = {"INFO": logging.INFO, "WARNING": logging.WARNING, "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL}


class JsonLineFormatter(logging.Formatter):
    """One JSON object per record: timestamp (UTC, millis, Z), level, logger, message."""

    def format(self, record):
        stamp = datetime.fromtimestamp(record.created, tz=timezone.utc)
        line = {
            "timestamp": stamp.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (stamp.microsecond // 1000),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class Bot:
    def __init__(self, home, port):
        self.home = home
        self.port = port
        self.pid_file = os.path.join(home, "bot.pid")
        self.hung = threading.Event()
        self.unhealthy = threading.Event()
        self.stopping = threading.Event()
        self.exit_code = 0
        self.server = None


class Handler(BaseHTTPRequestHandler):
    bot = None  # set before serving

    def log_message(self, fmt, *args):  # no access log on stderr
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        # No keep-alive: a client must never reuse a connection to a bot that was killed and restarted since.
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/api/health":
            self.answer(404, {"error": "not found"})
            return
        if self.bot.hung.is_set():
            # A hung bot accepts the connection and never answers; only this request's thread blocks.
            while True:
                time.sleep(3600)
        if self.bot.unhealthy.is_set():
            self.answer(503, {"status": "unhealthy"})
        else:
            self.answer(200, {"status": "healthy"})

    def do_POST(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/control/hang":
            self.bot.hung.set()
            self.answer(200, {"control": "hang"})
        elif url.path == "/control/unhealthy":
            self.bot.unhealthy.set()
            self.answer(200, {"control": "unhealthy"})
        elif url.path == "/control/exit":
            try:
                code = int(query.get("code", ["0"])[0])
            except ValueError:
                self.answer(400, {"error": "code must be a whole number"})
                return
            self.answer(200, {"control": "exit", "code": code})
            self.bot.exit_code = code
            self.bot.stopping.set()
        elif url.path == "/control/log":
            level = query.get("level", ["INFO"])[0].upper()
            message = query.get("message", [""])[0]
            if level not in LEVELS:
                self.answer(400, {"error": "level must be one of " + ", ".join(LEVELS)})
                return
            LOG.log(LEVELS[level], message)
            self.answer(200, {"control": "log", "level": level})
        else:
            self.answer(404, {"error": "not found"})


def main(argv):
    parser = argparse.ArgumentParser(description="A stand-in for the Breakout Bot, for tests.")
    parser.add_argument("--home", required=True, help="the bot's directory: bot.pid and logs/bot.log")
    parser.add_argument("--port", required=True, type=int, help="HTTP port on 127.0.0.1")
    parser.add_argument("--log-every", type=float, default=1.0, help="seconds between INFO heartbeat lines")
    args = parser.parse_args(argv)

    home = os.path.abspath(args.home)
    os.makedirs(os.path.join(home, "logs"), exist_ok=True)
    handler = logging.handlers.WatchedFileHandler(os.path.join(home, "logs", "bot.log"), encoding="utf-8")
    handler.setFormatter(JsonLineFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    bot = Bot(home, args.port)
    Handler.bot = bot
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True  # a hung health request must not hold the exit
    bot.server = server

    def on_signal(signum, frame):
        LOG.info("Signal %d received; stopping", signum)
        bot.stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    temp = bot.pid_file + ".tmp"
    with open(temp, "w", encoding="ascii") as f:
        f.write("%d\n" % os.getpid())
    os.replace(temp, bot.pid_file)  # whole or absent: a reader never sees a half-written pid

    serving = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    serving.start()
    LOG.info("Stand-in bot started: pid %d, http://127.0.0.1:%d/api/health", os.getpid(), args.port)
    beat = 0
    while not bot.stopping.wait(args.log_every):
        beat += 1
        LOG.info("heartbeat %d", beat)
    LOG.info("Stand-in bot stopping with exit code %d", bot.exit_code)
    server.shutdown()
    server.server_close()
    try:
        os.remove(bot.pid_file)
    except FileNotFoundError:
        pass
    logging.shutdown()
    return bot.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
