#!/usr/bin/python3
"""Publishes a participant, presence and a chat message as bare JSON over AMQP, the way any platform can:

    RABBITMQ_URL=amqp://guest:guest@localhost:5672/ /usr/bin/python3 publish.py [run-id]

Uses Debian's python3-pika (so Debian's /usr/bin/python3). Each event goes to its own exchange,
Notifications.Contracts:<EventName>, as application/json with the AMQP type property naming the event. Publisher
confirms tell us the broker took it; the mandatory flag makes the broker return an event that no queue takes (the
topology is not declared yet) instead of dropping it silently.
"""
import json
import os
import sys
import uuid

import pika
import pika.exceptions

from demo_events import demo_events, run_id


def main():
    url = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@localhost:5672/")
    rid = run_id()
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        for event_type, event in demo_events(rid, "python"):
            # With confirms on, basic_publish blocks until the broker answers: it raises UnroutableError for a
            # returned (mandatory) message and NackError for a refused one.
            channel.basic_publish(
                exchange=f"Notifications.Contracts:{event_type}",
                routing_key="",
                body=json.dumps(event).encode("utf-8"),
                properties=pika.BasicProperties(
                    content_type="application/json", type=event_type, delivery_mode=2, message_id=str(uuid.uuid4())),
                mandatory=True,
            )
    except pika.exceptions.UnroutableError:
        sys.exit("publish failed: no queue took the event: run a service's --declare-topology first (see README)")
    except pika.exceptions.NackError:
        sys.exit("publish failed: the broker refused the event (nack)")
    finally:
        if connection.is_open:
            connection.close()
    print(f'published run {rid}: agent-{rid}@helpdesk.example will be emailed about "Hello from python {rid}"')


if __name__ == "__main__":
    try:
        main()
    except pika.exceptions.AMQPError as error:
        # Names what failed (a missing exchange, a refused login) without the URL, which holds the password.
        sys.exit(f"publish failed: {error!r}")
