<?php
// Publishes a participant, presence and a chat message as bare JSON over AMQP, the way any platform can:
//   RABBITMQ_URL=amqp://guest:guest@localhost:5672/ php publish.php [run-id]
// Each event goes to its own exchange, Notifications.Contracts:<EventName>, as application/json with the AMQP type
// property naming the event. Publisher confirms tell us the broker took it; the mandatory flag makes the broker
// return an event that no queue takes (the topology is not declared yet) instead of dropping it silently.

declare(strict_types=1);

require __DIR__ . '/connection.php';

use PhpAmqpLib\Message\AMQPMessage;

function demo_events(string $id): array
{
    $now = (new DateTimeImmutable('now', new DateTimeZone('UTC')))->format(DATE_RFC3339_EXTENDED);
    $agent = "agent-$id";
    $user = "user-$id";
    return [
        // The user as well as the agent: a message naming a participant the system does not know yet waits for it.
        ['ParticipantUpserted', ['participantId' => $user, 'role' => 'user', 'name' => 'Ada Lovelace', 'email' => "$user@helpdesk.example"]],
        ['ParticipantUpserted', ['participantId' => $agent, 'role' => 'agent', 'name' => 'Kim Agent', 'email' => "$agent@helpdesk.example"]],
        // Offline: the first message of a conversation emails its assigned agent only while the agent is away.
        ['PresenceChanged', ['participantId' => $agent, 'online' => false, 'at' => $now]],
        ['MessagePosted', [
            'messageId' => "msg-$id",
            'conversationId' => "conv-$id",
            'sender' => ['id' => $user, 'role' => 'user', 'name' => 'Ada Lovelace'],
            'text' => "Hello from php $id",
            'postedAt' => $now,
            'isFirstMessage' => true,
            'conversation' => ['userId' => $user, 'assignedAgentId' => $agent],
        ]],
    ];
}

$id = run_id($argv);
try {
    $connection = connect_from_url(getenv('RABBITMQ_URL') ?: 'amqp://guest:guest@localhost:5672/');
    $channel = $connection->channel();
    $channel->confirm_select();
    $returned = [];
    $nacked = [];
    $channel->set_return_listener(function ($code, $text, $exchange, $key, AMQPMessage $message) use (&$returned) {
        $returned[] = $message->get('type');
    });
    $channel->set_nack_handler(function (AMQPMessage $message) use (&$nacked) {
        $nacked[] = $message->get('type');
    });

    foreach (demo_events($id) as [$type, $event]) {
        $message = new AMQPMessage(json_encode($event, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES), [
            'content_type' => 'application/json',
            'type' => $type,
            'delivery_mode' => AMQPMessage::DELIVERY_MODE_PERSISTENT,
            'message_id' => bin2hex(random_bytes(16)),
        ]);
        $channel->basic_publish($message, "Notifications.Contracts:$type", '', true);
    }
    // Waits for every confirm, and for the returns that come before them.
    $channel->wait_for_pending_acks_returns(10);
    $channel->close();
    $connection->close();
} catch (Throwable $error) {
    fwrite(STDERR, 'publish failed: ' . $error->getMessage() . "\n");
    exit(1);
}

if ($returned) {
    fwrite(STDERR, 'publish failed: no queue took ' . implode(', ', $returned) . ": run a service's --declare-topology first (see README)\n");
    exit(1);
}
if ($nacked) {
    fwrite(STDERR, 'publish failed: the broker refused ' . implode(', ', $nacked) . "\n");
    exit(1);
}
echo "published run $id: agent-$id@helpdesk.example will be emailed about \"Hello from php $id\"\n";
