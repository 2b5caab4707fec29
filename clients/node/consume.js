#!/usr/bin/env node
// Reads what the notification system publishes back: delivery outcomes, SMS replies and routing decisions.
//   RABBITMQ_URL=amqp://guest:guest@localhost:5672/ node consume.js [queue]
// The platform owns its queue (durable, so outcomes wait while it is down) and binds it to each event's exchange.
// The system publishes in the MassTransit envelope: the event is the envelope's `message`.
// With UNTIL_DELIVERED=<messageId> it exits 0 at the first NotificationDelivered for that chat message (the tests use it).
'use strict';
const amqp = require('amqplib');

const EVENTS = ['NotificationDelivered', 'NotificationFailed', 'NotificationSuppressed', 'SmsReplyReceived', 'MessageRouted'];

async function main() {
  const url = process.env.RABBITMQ_URL || 'amqp://guest:guest@localhost:5672/';
  const queue = process.argv[2] || process.env.OUTCOMES_QUEUE || 'platform-notification-outcomes';
  const until = process.env.UNTIL_DELIVERED;

  const connection = await amqp.connect(url);
  connection.on('error', (error) => fail(error));
  const channel = await connection.createChannel();
  channel.on('error', (error) => fail(error));
  await channel.assertQueue(queue, { durable: true });
  for (const event of EVENTS) {
    // Declared here too (as the system declares it: fanout, durable), so binding works before the system ever ran.
    const exchange = `Notifications.Contracts:${event}`;
    await channel.assertExchange(exchange, 'fanout', { durable: true });
    await channel.bindQueue(queue, exchange, '');
  }
  await channel.prefetch(16);

  await channel.consume(queue, async (delivery) => {
    if (delivery === null) return fail(new Error('the broker cancelled the consumer'));
    let envelope;
    try {
      envelope = JSON.parse(delivery.content.toString('utf8'));
    } catch {
      // Not the system's: drop it rather than take it back forever.
      console.error(`dropped a message that is not JSON from ${delivery.fields.exchange}`);
      return channel.nack(delivery, false, false);
    }
    const name = (envelope.messageType?.[0] ?? delivery.fields.exchange).split(':').pop();
    const event = envelope.message;
    console.log(`${name} ${JSON.stringify(event)}`);
    // Acknowledge only after handling: an outcome is redelivered if this process dies first.
    channel.ack(delivery);
    if (until && name === 'NotificationDelivered' && event.messageId === until) {
      await connection.close();
      process.exit(0);
    }
  });
  console.log(`consuming ${queue}`);
}

function fail(error) {
  console.error(`consume failed: ${error.message}`);
  process.exit(1);
}

main().catch(fail);
