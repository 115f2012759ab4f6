#!/usr/bin/env python3
"""Waking a sleeping phone through sip-proxy, timed: for bench/sip-calls.sh.

Plays three parts on loopback, one call at a time, with one clock:
  - webpush: an HTTP server for sip-proxy's POST /internal/v1/notify (SIP_WEBPUSH_URL); it
    answers at once that the push was delivered to the number's one device;
  - the caller: INVITE (SDP) to a number with no binding, 407, ACK, INVITE with credentials;
  - the woken phone: on the push, REGISTER, 401, REGISTER with credentials, then waits for the
    held INVITE, answers 486 (the call ends; each call has its own callee, so every callee
    sleeps until its push).
Measures, per call: INVITE with credentials sent -> push received, and REGISTER sent (the first,
and the one with credentials) -> INVITE received by the phone. Prints one summary line.

Usage: push_wake.py PROXY_HOST:PORT DOMAIN HTTP_PORT CALLS_FILE
CALLS_FILE lines: caller;caller_password;callee;callee_password
"""
import hashlib
import http.server
import json
import os
import queue
import re
import socket
import sys
import threading
import time

proxy_host, proxy_port = sys.argv[1].rsplit(":", 1)
PROXY = (proxy_host, int(proxy_port))
DOMAIN = sys.argv[2]
HTTP_PORT = int(sys.argv[3])
CALLS = [line.strip().split(";") for line in open(sys.argv[4]) if line.strip()]
pushes = queue.Queue()  # (time received, body)


class WebPush(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        received = time.perf_counter()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        answer = json.dumps({"devices": 1, "outcomes": [{"result": "DELIVERED"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        if body.get("kind") == "call-incoming":
            pushes.put((received, body))

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", HTTP_PORT), WebPush)
threading.Thread(target=server.serve_forever, daemon=True).start()


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def authorization(header_name, challenge, method, uri, user, password):
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge))
    ha1 = md5(f"{user}:{fields['realm']}:{password}")
    ha2 = md5(f"{method}:{uri}")
    value = f'Digest username="{user}", realm="{fields["realm"]}", nonce="{fields["nonce"]}", uri="{uri}", algorithm=MD5'
    if "auth" in fields.get("qop", "").split(","):
        cnonce = os.urandom(8).hex()
        response = md5(f"{ha1}:{fields['nonce']}:00000001:{cnonce}:auth:{ha2}")
        value += f', qop=auth, nc=00000001, cnonce="{cnonce}", response="{response}"'
    else:
        value += f', response="{md5(ha1 + ":" + fields["nonce"] + ":" + ha2)}"'
    if "opaque" in fields:
        value += f', opaque="{fields["opaque"]}"'
    return f"{header_name}: {value}\r\n"


def header(message, name):
    match = re.search(r"^" + name + r":\s*(.*?)\r$", message, re.M | re.I)
    return match.group(1) if match else ""


def status(message):
    return int(message.split(" ", 2)[1]) if message.startswith("SIP/2.0") else 0


def receive(sock, wanted, deadline):
    """Messages from sock until wanted(message) is true; returns (time, message)."""
    while True:
        sock.settimeout(max(0.001, deadline - time.perf_counter()))
        data = sock.recv(65535)
        at = time.perf_counter()
        message = data.decode(errors="replace")
        if wanted(message):
            return at, message
        if time.perf_counter() > deadline:
            raise TimeoutError("no answer")


def udp():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    return sock, sock.getsockname()[1]


caller, caller_port = udp()
phone, phone_port = udp()
SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"


def invite(n, caller_number, callee, cseq, credentials=""):
    uri = f"sip:{callee}@{DOMAIN}"
    return (f"INVITE {uri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{caller_port};branch=z9hG4bK-pw-{n}-{cseq};rport\r\n"
            f"From: <sip:{caller_number}@{DOMAIN}>;tag=c{n}\r\nTo: <{uri}>\r\nCall-ID: pw-{n}-{os.getpid()}\r\nCSeq: {cseq} INVITE\r\n"
            f"Contact: <sip:{caller_number}@127.0.0.1:{caller_port}>\r\nMax-Forwards: 70\r\n{credentials}"
            f"Content-Type: application/sdp\r\nContent-Length: {len(SDP)}\r\n\r\n{SDP}")


def ack_for(n, callee, cseq, response):
    uri = f"sip:{callee}@{DOMAIN}"
    return (f"ACK {uri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{caller_port};branch=z9hG4bK-pw-{n}-{cseq};rport\r\n"
            f"From: {header(response, 'From')}\r\nTo: {header(response, 'To')}\r\nCall-ID: {header(response, 'Call-ID')}\r\n"
            f"CSeq: {cseq} ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")


def register(n, callee, cseq, credentials=""):
    return (f"REGISTER sip:{DOMAIN} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{phone_port};branch=z9hG4bK-pr-{n}-{cseq};rport\r\n"
            f"From: <sip:{callee}@{DOMAIN}>;tag=p{n}\r\nTo: <sip:{callee}@{DOMAIN}>\r\nCall-ID: pr-{n}-{os.getpid()}\r\n"
            f"CSeq: {cseq} REGISTER\r\nContact: <sip:{callee}@127.0.0.1:{phone_port}>\r\nExpires: 600\r\nMax-Forwards: 70\r\n"
            f"{credentials}Content-Length: 0\r\n\r\n")


def reply(request, code, reason, to_tag):
    vias = "".join(f"Via: {v}\r\n" for v in re.findall(r"^Via:\s*(.*?)\r$", request, re.M | re.I))
    to = header(request, "To")
    return (f"SIP/2.0 {code} {reason}\r\n{vias}From: {header(request, 'From')}\r\nTo: {to}{'' if 'tag=' in to else ';tag=' + to_tag}\r\n"
            f"Call-ID: {header(request, 'Call-ID')}\r\nCSeq: {header(request, 'CSeq')}\r\nContent-Length: 0\r\n\r\n")


to_push, to_invite_first, to_invite_auth = [], [], []
failed = 0
for n, (caller_number, caller_password, callee, callee_password) in enumerate(CALLS):
    try:
        deadline = time.perf_counter() + 10
        caller.sendto(invite(n, caller_number, callee, 1).encode(), PROXY)
        _, challenge = receive(caller, lambda m: status(m) == 407, deadline)
        caller.sendto(ack_for(n, callee, 1, challenge).encode(), PROXY)
        credentials = authorization("Proxy-Authorization", header(challenge, "Proxy-Authenticate"), "INVITE",
                                    f"sip:{callee}@{DOMAIN}", caller_number, caller_password)
        invited = time.perf_counter()
        caller.sendto(invite(n, caller_number, callee, 2, credentials).encode(), PROXY)
        pushed, body = pushes.get(timeout=5)
        if body.get("number") != callee:
            raise RuntimeError(f"push for {body.get('number')}, expected {callee}")
        registered_first = time.perf_counter()
        phone.sendto(register(n, callee, 1).encode(), PROXY)
        _, challenge = receive(phone, lambda m: status(m) == 401, deadline)
        registered_auth = time.perf_counter()
        phone.sendto(register(n, callee, 2, authorization("Authorization", header(challenge, "WWW-Authenticate"), "REGISTER",
                                                          f"sip:{DOMAIN}", callee, callee_password)).encode(), PROXY)
        arrived, request = receive(phone, lambda m: m.startswith("INVITE "), deadline)
        phone.sendto(reply(request, 486, "Busy Here", f"b{n}").encode(), PROXY)
        _, final = receive(caller, lambda m: status(m) >= 300, deadline)
        caller.sendto(ack_for(n, callee, 2, final).encode(), PROXY)
        to_push.append(pushed - invited)
        to_invite_first.append(arrived - registered_first)
        to_invite_auth.append(arrived - registered_auth)
        time.sleep(0.02)
    except Exception as error:  # noqa: BLE001 - one failed call is counted, the run goes on
        failed += 1
        print(f"call {n} to {callee} failed: {error!r}", file=sys.stderr)
        while not pushes.empty():
            pushes.get_nowait()


def pct(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


print(f"calls={len(CALLS)} failed={failed} invite_to_push_p50={pct(to_push, 0.5):.1f}ms invite_to_push_p99={pct(to_push, 0.99):.1f}ms"
      f" register_to_invite_p50={pct(to_invite_first, 0.5):.1f}ms register_to_invite_p99={pct(to_invite_first, 0.99):.1f}ms"
      f" auth_register_to_invite_p50={pct(to_invite_auth, 0.5):.1f}ms auth_register_to_invite_p99={pct(to_invite_auth, 0.99):.1f}ms")
server.shutdown()
