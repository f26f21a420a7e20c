# Init container: wait until host:port accepts TCP connections (argv: host port).
import socket
import sys
import time

host, port = sys.argv[1], int(sys.argv[2])
for _ in range(150):
    try:
        socket.create_connection((host, port), timeout=2).close()
        sys.exit(0)
    except OSError as error:
        print(f"waiting for {host}:{port}: {error}", flush=True)
        time.sleep(2)
sys.exit(f"{host}:{port} did not accept connections within 5 minutes")
