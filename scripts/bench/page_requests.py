"""Used by scripts/bench/profile-pages: GET a page N times over 4 keep-alive connections, round-robin sessions; exit non-zero on any non-200."""
import http.client, sys, threading
host, port, page, cookies_path, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
cookies = [l.strip() for l in open(cookies_path) if l.strip()]
bad = []
def worker(k, count):
    c = http.client.HTTPConnection(host, port, timeout=600)
    for i in range(count):
        c.request("GET", page, headers={"Cookie": "kyoei_session=" + cookies[(k * 1000 + i) % len(cookies)]})
        r = c.getresponse(); r.read()
        if r.status != 200: bad.append(r.status)
ts = [threading.Thread(target=worker, args=(k, n // 4)) for k in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
if bad: print("non-200:", bad[:5], len(bad)); sys.exit(1)
