#!/usr/bin/python3
"""Reads what the notification system publishes back: delivery outcomes, SMS replies and routing decisions.

    RABBITMQ_URL=amqp://guest:guest@localhost:5672/ /usr/bin/python3 consume.py [queue]

The platform owns its queue (durable, so outcomes wait while it is down) and binds it to each event's exchange.
The system publishes in the MassTransit envelope: the event is the envelope's `message`.
With UNTIL_DELIVERED=<messageId> it exits 0 at the first NotificationDelivered for that chat message (the tests use it).
"""
import json
import os
import sys

import pika

EVENTS = ["NotificationDelivered", "NotificationFailed", "NotificationSuppressed", "SmsReplyReceived", "MessageRouted"]


def main():
    url = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@localhost:5672/")
    until = os.environ.get("UNTIL_DELIVERED")
    queue = (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get("OUTCOMES_QUEUE", "platform-notification-outcomes")
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.queue_declare(queue=queue, durable=True)
    for event in EVENTS:
        # Declared here too (as the system declares it: fanout, durable), so binding works before the system ever ran.
        exchange = f"Notifications.Contracts:{event}"
        channel.exchange_declare(exchange=exchange, exchange_type="fanout", durable=True)
        channel.queue_bind(queue=queue, exchange=exchange)
    channel.basic_qos(prefetch_count=16)

    def handle(ch, method, properties, body):
        try:
            envelope = json.loads(body)
        except ValueError:
            # Not the system's: drop it rather than take it back forever.
            print(f"dropped a message that is not JSON from {method.exchange}", file=sys.stderr)
            ch.basic_nack(method.delivery_tag, requeue=False)
            return
        name = (envelope.get("messageType") or [method.exchange])[0].split(":")[-1]
        event = envelope.get("message") or {}
        print(f"{name} {json.dumps(event, separators=(',', ':'))}", flush=True)
        # Acknowledge only after handling: an outcome is redelivered if this process dies first.
        ch.basic_ack(method.delivery_tag)
        if until and name == "NotificationDelivered" and event.get("messageId") == until:
            ch.stop_consuming()

    channel.basic_consume(queue=queue, on_message_callback=handle)
    print(f"consuming {queue}", flush=True)
    try:
        channel.start_consuming()
    except KeyboardInterrupt:
        channel.stop_consuming()
    connection.close()


if __name__ == "__main__":
    main()
