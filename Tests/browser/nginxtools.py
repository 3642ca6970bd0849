"""A real nginx (the Debian package) in front of several `kyoei serve`, as the bank runs it:
the config is written here, on loopback ports, and nginx runs as the current user with its own
pid file, logs and temporary folders (nothing of the system's nginx is touched).

The proxy sends each request to the nodes in turn, or to the node a request names in its
`X-Test-Node` header (1, 2, 3), so a test can make a session on one node and use it on another;
every answer says which node served it (`X-Upstream`). nginx connects to the nodes from
127.0.0.3 (`proxy_bind`): its address differs from every client's, so the audit trail shows
whose address it kept."""

import getpass
import os
import subprocess
import urllib.error
import urllib.request

from mailtools import free_port, wait_until

PROXY_ADDRESS = "127.0.0.3"


def config(folder, port, node_ports):
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in node_ports)
    singles = "\n".join(f"    upstream kyoei_node{n} {{ server 127.0.0.1:{p}; }}" for n, p in enumerate(node_ports, 1))
    pinned = "\n".join(f"        {n} kyoei_node{n};" for n in range(1, len(node_ports) + 1))
    # Run as root, nginx would hand its workers to "nobody", who cannot use the test's folders.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log notice;
events {{ worker_connections 512; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;

    upstream kyoei_nodes {{
{servers}
        keepalive 16;
    }}
{singles}
    map $http_x_test_node $kyoei_upstream {{
        default kyoei_nodes;
{pinned}
    }}

    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://$kyoei_upstream;
            proxy_bind {PROXY_ADDRESS};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            # A node that is down is skipped; a POST is never sent twice (nginx's default).
            proxy_next_upstream error timeout;
            add_header X-Upstream $upstream_addr always;
            add_header X-Proxy-Request-ID $request_id always;
        }}
    }}
}}
"""


class Nginx:
    def __init__(self, folder, node_ports):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.conf = self.folder / "nginx.conf"
        self.conf.write_text(config(self.folder, self.port, node_ports))
        self.process = None

    def start(self):
        command = ["nginx", "-p", str(self.folder), "-c", str(self.conf), "-e", str(self.folder / "error.log")]
        check = subprocess.run(command + ["-t"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_until(lambda: self._answers() or self.process.poll() is not None, 20, "nginx")
        assert self.process.poll() is None, (self.folder / "error.log").read_text()
        return self

    def _answers(self):
        try:
            urllib.request.urlopen(self.url + "/healthz", timeout=1).read()
            return True
        except urllib.error.HTTPError:
            return True  # nginx answers (a node may not yet)
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
