#!/usr/bin/env node
// Publishes a participant, presence and a chat message as bare JSON over AMQP, the way any platform can:
//   RABBITMQ_URL=amqp://guest:guest@localhost:5672/ node publish.js [run-id]
// Each event goes to its own exchange, Notifications.Contracts:<EventName>, as application/json with the AMQP
// type property naming the event. Publisher confirms tell us the broker took it; the mandatory flag makes the
// broker return an event that no queue takes (the topology is not declared yet) instead of dropping it silently.
'use strict';
const amqp = require('amqplib');
const { demoEvents, runId } = require('./events');

async function main() {
  const url = process.env.RABBITMQ_URL || 'amqp://guest:guest@localhost:5672/';
  const id = runId();
  const connection = await amqp.connect(url);
  // A channel or connection error (a missing exchange, a lost broker) also fails waitForConfirms below; listening
  // keeps it from being thrown a second time as an unhandled 'error' event.
  let brokerError = null;
  connection.on('error', (error) => { brokerError = error; });
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error) => { brokerError = error; });
    const returned = [];
    channel.on('return', (message) => returned.push(message.properties.type));

    for (const [type, event] of demoEvents(id, 'node')) {
      channel.publish(`Notifications.Contracts:${type}`, '', Buffer.from(JSON.stringify(event)), {
        contentType: 'application/json',
        type,
        persistent: true,
        mandatory: true,
        messageId: require('crypto').randomUUID(),
      });
    }
    // Rejects if the broker nacked any of them; a return comes before its confirm, so `returned` is complete here.
    await channel.waitForConfirms().catch((error) => { throw brokerError || error; });
    if (returned.length > 0) {
      throw new Error(`no queue took ${returned.join(', ')}: run a service's --declare-topology first (see README)`);
    }
    console.log(`published run ${id}: agent-${id}@helpdesk.example will be emailed about "Hello from node ${id}"`);
  } finally {
    await connection.close().catch(() => {});
  }
}

main().catch((error) => {
  console.error(`publish failed: ${error.message}`);
  process.exit(1);
});
