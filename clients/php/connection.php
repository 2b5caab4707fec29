<?php
// Shared by publish.php and consume.php: Debian's php-amqplib (or Composer's, when vendor/ exists) and a connection
// from an amqp:// or amqps:// URL, which php-amqplib does not parse itself.

declare(strict_types=1);

use PhpAmqpLib\Connection\AMQPConnectionConfig;
use PhpAmqpLib\Connection\AMQPConnectionFactory;

require file_exists(__DIR__ . '/vendor/autoload.php')
    ? __DIR__ . '/vendor/autoload.php'
    : '/usr/share/php/PhpAmqpLib/autoload.php';

function connect_from_url(string $url): \PhpAmqpLib\Connection\AbstractConnection
{
    $parts = parse_url($url);
    if ($parts === false || !in_array($parts['scheme'] ?? '', ['amqp', 'amqps'], true)) {
        // The URL itself is not echoed: it holds the password.
        throw new InvalidArgumentException('RABBITMQ_URL must look like amqp://user:pass@host:5672/vhost');
    }
    $secure = $parts['scheme'] === 'amqps';
    $config = new AMQPConnectionConfig();
    $config->setHost($parts['host'] ?? 'localhost');
    $config->setPort($parts['port'] ?? ($secure ? 5671 : 5672));
    $config->setUser(rawurldecode($parts['user'] ?? 'guest'));
    $config->setPassword(rawurldecode($parts['pass'] ?? 'guest'));
    // As in the AMQP URI spec: no path is the default vhost "/", and "/%2F" names it too.
    $path = $parts['path'] ?? '';
    $config->setVhost($path === '' || $path === '/' ? '/' : rawurldecode(substr($path, 1)));
    $config->setIsSecure($secure);
    return AMQPConnectionFactory::create($config);
}

/** From the first argument or CLIENT_RUN_ID, else random; ids may not hold ':' or control characters. */
function run_id(array $argv): string
{
    $id = ($argv[1] ?? '') ?: (getenv('CLIENT_RUN_ID') ?: bin2hex(random_bytes(4)));
    if (!preg_match('/^[A-Za-z0-9_-]{1,64}$/', $id)) {
        fwrite(STDERR, "run id '$id' must be 1-64 letters, digits, '-' or '_'\n");
        exit(2);
    }
    return $id;
}
