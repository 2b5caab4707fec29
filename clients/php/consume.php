<?php
// Reads what the notification system publishes back: delivery outcomes, SMS replies and routing decisions.
//   RABBITMQ_URL=amqp://guest:guest@localhost:5672/ php consume.php [queue]
// The platform owns its queue (durable, so outcomes wait while it is down) and binds it to each event's exchange.
// The system publishes in the MassTransit envelope: the event is the envelope's `message`.
// With UNTIL_DELIVERED=<messageId> it exits 0 at the first NotificationDelivered for that chat message (the tests use it).

declare(strict_types=1);

require __DIR__ . '/connection.php';

use PhpAmqpLib\Message\AMQPMessage;

const EVENTS = ['NotificationDelivered', 'NotificationFailed', 'NotificationSuppressed', 'SmsReplyReceived', 'MessageRouted'];

$queue = ($argv[1] ?? '') ?: (getenv('OUTCOMES_QUEUE') ?: 'platform-notification-outcomes');
$connection = connect_from_url(getenv('RABBITMQ_URL') ?: 'amqp://guest:guest@localhost:5672/');
$channel = $connection->channel();
// queue_declare(queue, passive, durable, exclusive, auto_delete)
$channel->queue_declare($queue, false, true, false, false);
foreach (EVENTS as $event) {
    // Declared here too (as the system declares it: fanout, durable), so binding works before the system ever ran.
    $exchange = "Notifications.Contracts:$event";
    $channel->exchange_declare($exchange, 'fanout', false, true, false);
    $channel->queue_bind($queue, $exchange);
}
$channel->basic_qos(0, 16, false);

$until = getenv('UNTIL_DELIVERED') ?: null;
$channel->basic_consume($queue, '', false, false, false, false, function (AMQPMessage $delivery) use ($until) {
    try {
        $envelope = json_decode($delivery->getBody(), true, 512, JSON_THROW_ON_ERROR);
    } catch (JsonException) {
        // Not the system's: drop it rather than take it back forever.
        fwrite(STDERR, 'dropped a message that is not JSON from ' . $delivery->getExchange() . "\n");
        $delivery->nack(false);
        return;
    }
    $type = $envelope['messageType'][0] ?? $delivery->getExchange();
    $colon = strrpos($type, ':');
    $name = $colon === false ? $type : substr($type, $colon + 1);
    $event = $envelope['message'] ?? [];
    echo $name, ' ', json_encode($event, JSON_UNESCAPED_SLASHES), "\n";
    // Acknowledge only after handling: an outcome is redelivered if this process dies first.
    $delivery->ack();
    if ($until !== null && $name === 'NotificationDelivered' && ($event['messageId'] ?? null) === $until) {
        $delivery->getChannel()->basic_cancel($delivery->getConsumerTag());
    }
});

echo "consuming $queue\n";
while ($channel->is_consuming()) {
    $channel->wait();
}
$channel->close();
$connection->close();
