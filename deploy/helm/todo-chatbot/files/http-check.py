# helm test: GET a URL until it answers 200 (argv: url [expected JSON "status"]).
import json
import os
import sys
import time
import urllib.request

url = sys.argv[1]
expected_status = sys.argv[2] if len(sys.argv) > 2 else None
attempts = int(os.environ.get("CHECK_ATTEMPTS", "5"))
error: Exception | None = None
for attempt in range(attempts):
    if attempt:
        time.sleep(3)
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body = response.read().decode()
        print(f"GET {url} -> {response.status} {body}")
        if expected_status is None or json.loads(body).get("status") == expected_status:
            sys.exit(0)
        error = ValueError(f'expected "status": "{expected_status}"')
    except Exception as caught:
        error = caught
    print(f"GET {url} failed: {error}", flush=True)
sys.exit(f"FAILED: GET {url}: {error}")
