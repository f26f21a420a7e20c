"""`diagnose --explain`: a plain-language explanation from an OpenAI-compatible LLM.

Only masked findings leave the machine: object names, namespaces, images, hosts,
IPs and anything secret-looking become placeholders first. The answer is then
unmasked locally, so the operator reads real names and the server never saw them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from openai import OpenAI

from todoctl.diagnose import Finding

SYSTEM_PROMPT = (
    "You are a Kubernetes operations assistant. You get findings from an offline "
    "analyzer of a Minikube deployment (a FastAPI backend, a web frontend, Helm). "
    "Explain in a few short paragraphs what is wrong, why, and in which order to apply "
    "the fixes. Keep placeholders like <pod-1> exactly as written. Do not invent commands "
    "beyond the given fixes."
)

# Order matters: credentials inside URLs go before hosts and IPs are masked.
SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s/@:]+:[^\s/@]+@[^\s/'\"]+"), "<url-with-credentials>"),
    (
        re.compile(r"(?i)\b(password|passwd|secret|token|api[_-]?key|jwt_secret)(\s*[=:]\s*)\S+"),
        r"\1\2<secret>",
    ),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"), "<secret>"),
    # a long token with a digit in it (not a long name such as statefulset/todo-chatbot-…)
    (re.compile(r"\b(?=[A-Za-z+/_-]*\d)[A-Za-z0-9+/_-]{32,}={0,2}"), "<secret>"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), "<ip>"),
    (re.compile(r"\b(?:[a-z0-9-]+\.)+(?:tech|com|net|io|org|cloud|dev|internal)\b"), "<host>"),
)


@dataclass
class Masker:
    """Replaces known names with stable placeholders and remembers how to undo it."""

    names: dict[str, str] = field(default_factory=dict)

    def learn(self, value: str, kind: str) -> None:
        if value and value not in self.names:
            count = sum(1 for p in self.names.values() if p.startswith(f"<{kind}-")) + 1
            self.names[value] = f"<{kind}-{count}>"

    def mask(self, text: str) -> str:
        # longest first, so a pod name is not half-replaced by its deployment's name
        for value in sorted(self.names, key=len, reverse=True):
            text = text.replace(value, self.names[value])
        for pattern, placeholder in SECRET_PATTERNS:
            text = pattern.sub(placeholder, text)
        return text

    def unmask(self, text: str) -> str:
        for value, placeholder in self.names.items():
            text = text.replace(placeholder, value)
        return text


# repository:tag; a leading letter keeps timestamps (10:27:12) out
# repository:tag with a leading letter, so timestamps such as 10:27:12 stay readable
IMAGE_REF = re.compile(r"\b[a-z][a-z0-9._/-]*:[A-Za-z0-9][A-Za-z0-9._-]*")


def mask_findings(findings: list[Finding]) -> tuple[list[Finding], Masker]:
    masker = Masker()
    for finding in findings:
        masker.learn(finding.name, finding.kind.lower())
        masker.learn(finding.namespace, "namespace")
        for text in (*finding.evidence, finding.fix):
            for image in IMAGE_REF.findall(text):
                masker.learn(image, "image")
    masked = [
        replace(
            f,
            name=masker.mask(f.name),
            namespace=masker.mask(f.namespace),
            evidence=[masker.mask(line) for line in f.evidence],
            root_cause=masker.mask(f.root_cause),
            fix=masker.mask(f.fix),
        )
        for f in findings
    ]
    return masked, masker


def render_for_llm(findings: list[Finding]) -> str:
    blocks = []
    for index, f in enumerate(findings, 1):
        evidence = "\n".join(f"  - {line}" for line in f.evidence)
        blocks.append(
            f"{index}. [{f.severity}] {f.reason} on {f.kind} {f.name}\n"
            f"  evidence:\n{evidence}\n  root cause: {f.root_cause}\n  fix: {f.fix}"
        )
    return "\n\n".join(blocks)


def explain(
    findings: list[Finding],
    *,
    base_url: str | None,
    api_key: str | None,
    model: str,
    timeout: float,
) -> str:
    masked, masker = mask_findings(findings)
    # local servers (Ollama, LM Studio) accept any key, but the client insists on one
    client = OpenAI(
        base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=1
    )
    response = client.chat.completions.create(
        model=model,
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": render_for_llm(masked)},
        ],
    )
    return masker.unmask(response.choices[0].message.content or "")
