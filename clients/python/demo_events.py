"""The three bare events every client in clients/ publishes, built from one run id so a test (or you) can find the
email they cause: agent-<id>@helpdesk.example is emailed about "Hello from python <id>"."""
import os
import re
import secrets
import sys
from datetime import datetime, timezone


def demo_events(run_id, language):
    now = datetime.now(timezone.utc).isoformat()
    agent, user = f"agent-{run_id}", f"user-{run_id}"
    return [
        # The user as well as the agent: a message naming a participant the system does not know yet waits for it.
        ("ParticipantUpserted", {"participantId": user, "role": "user", "name": "Ada Lovelace", "email": f"{user}@helpdesk.example"}),
        ("ParticipantUpserted", {"participantId": agent, "role": "agent", "name": "Kim Agent", "email": f"{agent}@helpdesk.example"}),
        # Offline: the first message of a conversation emails its assigned agent only while the agent is away.
        ("PresenceChanged", {"participantId": agent, "online": False, "at": now}),
        ("MessagePosted", {
            "messageId": f"msg-{run_id}",
            "conversationId": f"conv-{run_id}",
            "sender": {"id": user, "role": "user", "name": "Ada Lovelace"},
            "text": f"Hello from {language} {run_id}",
            "postedAt": now,
            "isFirstMessage": True,
            "conversation": {"userId": user, "assignedAgentId": agent},
        }),
    ]


def run_id():
    """From the first argument or CLIENT_RUN_ID, else random; ids may not hold ':' or control characters."""
    value = (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get("CLIENT_RUN_ID") or secrets.token_hex(4)
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value):
        raise SystemExit(f"run id '{value}' must be 1-64 letters, digits, '-' or '_'")
    return value
