"""The evidence file firm number `n` uploads in the deadline burst: a 2 MB PDF whose bytes,
and so whose SHA-256, depend on `n` alone; the check after the run recomputes it."""

import hashlib

SIZE = 2 * 1024 * 1024


def evidence_bytes(n: int) -> bytes:
    head = f"%PDF-1.4\n% outcome evidence of load firm {n}\n".encode()
    tail = b"\n%%EOF\n"
    filler = (f"{n:08d}".encode() + b" ") * (SIZE // 9 + 1)
    return head + filler[: SIZE - len(head) - len(tail)] + tail


def evidence_sha256(n: int) -> str:
    return hashlib.sha256(evidence_bytes(n)).hexdigest()
