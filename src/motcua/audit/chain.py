"""The hash of one audit record: pure functions, no database."""

import hashlib
import json

GENESIS_HASH = "0" * 64


def canonical_content(record, chain_index: int, previous_hash: str) -> bytes:
    """Every field that tells what happened, in a fixed order and a fixed JSON form."""
    content = {
        "chain_index": chain_index,
        "previous_hash": previous_hash,
        "id": record.id,
        "occurred_at": record.occurred_at.isoformat(),
        "actor_id": record.actor_id,
        "actor_label": record.actor_label,
        "channel": record.channel,
        "ip_address": record.ip_address,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "object_label": record.object_label,
        "changes": record.changes,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()


def record_hash(record, chain_index: int, previous_hash: str) -> str:
    return hashlib.sha256(canonical_content(record, chain_index, previous_hash)).hexdigest()
