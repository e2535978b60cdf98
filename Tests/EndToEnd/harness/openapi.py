"""Checks real responses against nginx/openapi.yaml: the documented statuses, content type and
JSON schema of the body."""
import re
from functools import lru_cache

import yaml
from openapi_schema_validator import OAS30Validator

from .paths import OPENAPI


@lru_cache
def spec() -> dict:
    return yaml.safe_load(OPENAPI.read_text())


def resolve(node: dict, document: dict | None = None) -> dict:
    """Follows local `$ref`s of `document` (our spec by default) to the node they name."""
    document = document if document is not None else spec()
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def inline(node, document: dict | None = None):
    """The schema with every local $ref replaced by its target (the specs have no cycles)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return inline(resolve(node, document), document)
        return {key: inline(value, document) for key, value in node.items()}
    if isinstance(node, list):
        return [inline(item, document) for item in node]
    return node


# What any path answers to a method it does not document, or to a request nginx refuses first.
GENERIC_ERRORS = {"400": "BadRequest", "401": "Unauthorized", "404": "NotFound", "405": "MethodNotAllowed",
                  "413": "BodyTooLarge", "429": "RateLimited", "502": "ResponderUnavailable",
                  "504": "ResponderTimeout"}


def _operation(path: str, method: str) -> dict:
    for template, item in spec()["paths"].items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path):
            if method.lower() in item:
                return item[method.lower()]
            return {"responses": {status: {"$ref": f"#/components/responses/{name}"}
                                  for status, name in GENERIC_ERRORS.items() if status != "404"}}
    raise AssertionError(f"{method} {path} is not described in openapi.yaml")


def validate(response, path: str | None = None, method: str | None = None):
    """Asserts that `response` (a requests.Response) is one the spec documents for its operation."""
    request = response.request
    path = path or re.sub(r"^https?://[^/]+", "", request.url).split("?")[0]
    method = method or request.method
    operation = _operation(path, method)
    documented = operation["responses"]
    status = str(response.status_code)
    assert status in documented or "default" in documented, \
        f"{method} {path} answered {status}, which openapi.yaml does not document"
    described = resolve(documented.get(status) or documented["default"])
    content = described.get("content")
    if not content:
        return
    media = response.headers.get("Content-Type", "").split(";")[0]
    assert media in content, f"{method} {path} {status}: Content-Type {media!r} not documented"
    OAS30Validator(inline(content[media]["schema"])).validate(response.json())
