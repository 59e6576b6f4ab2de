/**
 * The mock model's deterministic answers: the same prompt always gets the same text, different prompts usually get
 * different texts, so tests can compare answers and caches can be observed. The text is assembled from a fixed pool.
 */
import { createHash, randomBytes } from 'node:crypto';
import { messageText, type PromptMessage } from '../../domain/chat/tokenCounter';

const SENTENCES: readonly string[] = [
  'This answer comes from the local sandbox model, so it is deterministic and costs nothing.',
  'A gateway in front of a model can limit tokens, cache answers and keep keys out of client code.',
  'Token counts in the usage block are computed with a real tokenizer.',
  'Streaming sends the answer in small pieces as server-sent events.',
  'Rate limits protect a shared model deployment from a single noisy client.',
  'Managed identities let the gateway call the model without storing a key.',
  'Semantic caching returns a stored answer when a new prompt means the same as an old one.',
  'Content safety checks can block a prompt before it reaches the model.',
  'Backends can be pooled so that traffic fails over when one of them is throttled.',
  'Every request through the gateway carries a subscription key that identifies the caller.',
  'Policies run in order: inbound, backend, outbound, and on-error when something fails.',
  'The quick brown fox jumps over the lazy dog while the model keeps counting tokens.',
  'Short prompts get short answers, but the maximum token setting always has the last word.',
  'Azure API Management applies policies at the global, product, API and operation scopes.',
  'Named values keep secrets out of policy documents.',
  'Metrics emitted by the gateway show who used how many tokens.',
];

/** The last user message's text: what the answer is "about". */
function lastUserText(messages: readonly PromptMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') return messageText(messages[i].content);
  }
  return messageText(messages[messages.length - 1]?.content);
}

export function answerFor(messages: readonly PromptMessage[]): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(messages.map((m) => [m.role, messageText(m.content)])))
    .digest();
  const topic = lastUserText(messages).trim().split(/\s+/).slice(0, 8).join(' ');
  const count = 2 + (digest[0] % 3);
  // Distinct sentences: an answer that says the same thing twice reads like a broken model in a demo.
  const picked: string[] = [];
  for (let i = 0; i < count; i++) {
    let index = digest[i + 1] % SENTENCES.length;
    while (picked.includes(SENTENCES[index])) index = (index + 1) % SENTENCES.length;
    picked.push(SENTENCES[index]);
  }
  return `${topic ? `You asked: "${topic}". ` : ''}${picked.join(' ')}`;
}

/**
 * The answer for a conversation that remembers: when earlier user turns are in the history the model received, the
 * answer names the first of them, so a client (and a test) can see that a second turn was aware of the first.
 */
export function answerWithHistory(messages: readonly PromptMessage[]): string {
  const users = messages.filter((m) => m.role === 'user');
  const answer = answerFor(messages);
  if (users.length < 2) return answer;
  const first = messageText(users[0].content).trim().split(/\s+/).slice(0, 8).join(' ');
  return `Earlier in this conversation you asked: "${first}". ${answer}`;
}

/** A fresh id shaped like OpenAI's (`chatcmpl-...`). */
export function completionId(prefix: string): string {
  return `${prefix}-${randomBytes(12).toString('hex')}`;
}
