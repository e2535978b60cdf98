"""Cold lookups through the whole stack: every number is looked up once, so each request costs
nginx (TLS) + the lookup responder + one HubSpot search (the emulator, answering at 0 ms).
Baseline in the same run: the same search sent straight to the emulator.

Run by `nginx/stack bench`; prints one table and writes $STATE_DIR/bench/cold-lookups.json.
"""
import base64
import http.client
import json
import os
import ssl
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Tests" / "EndToEnd"))
from harness.stack import Stack  # noqa: E402


def numbers_from_demo() -> list[str]:
    contacts = json.loads((REPO / "nginx" / "demo" / "hubspot-contacts.json").read_text())
    found = [c["properties"].get("phone") or c["properties"].get("mobilephone") for c in contacts
             if c["properties"].get("sample_group") != "unparseable"]
    found = [n for n in found if n and sum(ch.isdigit() for ch in n) >= 10 and n.startswith("+")]
    unknown = [f"+1902555{i:04d}" for i in range(3000, 3100)]  # valid, not in the sample data
    return found + unknown


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarize(samples):
    return {"n": len(samples), "p50_ms": round(statistics.median(samples), 3),
            "p90_ms": round(percentile(samples, 0.9), 3), "p99_ms": round(percentile(samples, 0.99), 3)}


def through_stack(stack: Stack, numbers) -> tuple[list[float], dict]:
    context = ssl.create_default_context(cafile=stack.ca)
    connection = http.client.HTTPSConnection("localhost", stack.https_port, context=context, timeout=10)
    token = base64.b64encode(f"{stack.operator[0]}:{stack.operator[1]}".encode()).decode()
    headers = {"Authorization": "Basic " + token}
    samples, outcomes = [], {}
    for number in numbers:
        started = time.perf_counter()
        connection.request("GET", "/api/contacts/lookup/" + quote(number, safe="+"), headers=headers)
        response = connection.getresponse()
        body = response.read()
        samples.append((time.perf_counter() - started) * 1000)
        key = f"{response.status} found={json.loads(body).get('found')}" if response.status == 200 else str(response.status)
        outcomes[key] = outcomes.get(key, 0) + 1
    return samples, outcomes


def straight_to_emulator(stack: Stack, numbers) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", stack.emulator_port, timeout=10)
    headers = {"Authorization": "Bearer emulator-token", "Content-Type": "application/json"}
    samples = []
    for number in numbers:
        digits = number.lstrip("+")
        body = json.dumps({"filterGroups": [
            {"filters": [{"propertyName": "hs_searchable_calculated_phone_number", "operator": "EQ", "value": digits}]},
            {"filters": [{"propertyName": "hs_searchable_calculated_mobile_number", "operator": "EQ", "value": digits}]},
            {"filters": [{"propertyName": "phone", "operator": "EQ", "value": number}]},
            {"filters": [{"propertyName": "mobilephone", "operator": "EQ", "value": number}]}], "limit": 20})
        started = time.perf_counter()
        connection.request("POST", "/crm/v3/objects/contacts/search", body=body, headers=headers)
        connection.getresponse().read()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main():
    numbers = numbers_from_demo()
    stack = Stack({"HUBSPOT_EMULATOR_CONTACTS": str(REPO / "nginx/demo/hubspot-contacts.json"),
                   "HUBSPOT_EMULATOR_COMPANIES": str(REPO / "nginx/demo/hubspot-companies.json")}).start()
    try:
        # Warm the connections with numbers that are not measured: every measured lookup is a
        # cache miss, i.e. one HubSpot search.
        through_stack(stack, [f"+1902555{i:04d}" for i in range(4000, 4020)])
        lookup, outcomes = through_stack(stack, numbers)
        direct = straight_to_emulator(stack, numbers)
    finally:
        stack.stop()
        stack.cleanup()
    result = {"lookup_through_stack": summarize(lookup), "emulator_search_direct": summarize(direct),
              "outcomes": outcomes}
    result["overhead_p50_ms"] = round(result["lookup_through_stack"]["p50_ms"] - result["emulator_search_direct"]["p50_ms"], 3)
    print("\ncold lookups (each number once: a cache miss, one emulator search), sequential, one keep-alive TLS connection")
    for name in ("lookup_through_stack", "emulator_search_direct"):
        row = result[name]
        print(f"  {name:24} n={row['n']:4}  p50 {row['p50_ms']:7.3f} ms  p90 {row['p90_ms']:7.3f} ms  p99 {row['p99_ms']:7.3f} ms")
    print(f"  outcomes: {outcomes}")
    print(f"  stack overhead over the HubSpot call itself (p50): {result['overhead_p50_ms']} ms")
    out = Path(os.environ.get("STATE_DIR", REPO / ".stack")) / "bench" / "cold-lookups.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
