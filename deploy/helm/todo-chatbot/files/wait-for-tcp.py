# Init container: wait until host:port accepts TCP connections (argv: host port).
import os
import socket
import sys
import time

host, port = sys.argv[1], int(sys.argv[2])
attempts = int(os.environ.get("WAIT_ATTEMPTS", "150"))  # 2 s apart: 5 minutes
for attempt in range(attempts):
    if attempt:
        time.sleep(2)
    try:
        socket.create_connection((host, port), timeout=2).close()
        sys.exit(0)
    except OSError as error:
        print(f"waiting for {host}:{port}: {error}", flush=True)
sys.exit(f"{host}:{port} did not accept connections after {attempts} attempts")
