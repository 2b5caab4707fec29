// The three bare events every client in clients/ publishes, built from one run id so a test (or you) can find the
// email they cause: agent-<id>@helpdesk.example is emailed about "Hello from node <id>".
'use strict';

function demoEvents(id, language) {
  const now = new Date().toISOString();
  const agent = `agent-${id}`;
  const user = `user-${id}`;
  return [
    // The user as well as the agent: a message naming a participant the system does not know yet waits for it.
    ['ParticipantUpserted', { participantId: user, role: 'user', name: 'Ada Lovelace', email: `${user}@helpdesk.example` }],
    ['ParticipantUpserted', { participantId: agent, role: 'agent', name: 'Kim Agent', email: `${agent}@helpdesk.example` }],
    // Offline: the first message of a conversation emails its assigned agent only while the agent is away.
    ['PresenceChanged', { participantId: agent, online: false, at: now }],
    ['MessagePosted', {
      messageId: `msg-${id}`,
      conversationId: `conv-${id}`,
      sender: { id: user, role: 'user', name: 'Ada Lovelace' },
      text: `Hello from ${language} ${id}`,
      postedAt: now,
      isFirstMessage: true,
      conversation: { userId: user, assignedAgentId: agent },
    }],
  ];
}

// A run id from the first argument or CLIENT_RUN_ID, else a random one; ids may not hold ':' or control characters.
function runId() {
  const id = process.argv[2] || process.env.CLIENT_RUN_ID || require('crypto').randomBytes(4).toString('hex');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error(`run id '${id}' must be 1-64 letters, digits, '-' or '_'`);
  return id;
}

module.exports = { demoEvents, runId };
