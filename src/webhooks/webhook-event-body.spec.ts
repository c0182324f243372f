import { readWebhookEvent } from './webhook-event-body.js';

const read = (value: unknown) =>
  readWebhookEvent(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
const event = {
  id: 'evt_mi4f0oda6x9m7gcsvjk0ole1',
  topic: 'subscription.created',
  timestamp: '2024-03-14T12:00:00Z',
  context: { subscription: 'sub_mi4f0oda6x9m7gcsvjk0ole1', lead: 'lead_mi4f0oda6x9m7gcsvjk0ole1' },
};

describe('readWebhookEvent', () => {
  it('keeps the checked id, topic and context ids of the spec example', () => {
    expect(read(event)).toEqual({
      id: event.id,
      topic: 'subscription.created',
      subscriptionId: event.context.subscription,
      leadId: event.context.lead,
    });
    expect(read({ ...event, context: { subscription: event.context.subscription } })).toMatchObject({ leadId: null });
    expect(read({ id: event.id, topic: 'invoice.paid', context: { invoice: 'inv_1' } })).toEqual({
      id: event.id,
      topic: 'invoice.paid',
      subscriptionId: null,
      leadId: null,
    });
  });

  it.each<[string, unknown, string]>([
    ['not JSON', '{"id":', 'not-json'],
    ['an array', [event], 'not-json'],
    ['no id', { ...event, id: undefined }, 'bad-id'],
    ['an id of another kind', { ...event, id: 'sub_mi4f0oda6x9m7gcsvjk0ole1' }, 'bad-id'],
    ['an id with a path in it', { ...event, id: 'evt_../../x' }, 'bad-id'],
    ['an overlong id', { ...event, id: `evt_${'a'.repeat(61)}` }, 'bad-id'],
    ['a numeric id', { ...event, id: 42 }, 'bad-id'],
    ['an odd topic', { ...event, topic: 'Subscription Created' }, 'bad-topic'],
    ['a topic with a newline', { ...event, topic: 'subscription.created\nforged' }, 'bad-topic'],
    ['no context', { ...event, context: undefined }, 'bad-context'],
    ['a subscription event without its subscription', { ...event, context: {} }, 'bad-context'],
    ['a malformed subscription id', { ...event, context: { subscription: "sub_1' OR 1=1" } }, 'bad-context'],
    ['a lead id of another kind', { ...event, context: { ...event.context, lead: 'cus_1' } }, 'bad-context'],
  ])('refuses %s', (_name, body, refusal) => {
    expect(read(body)).toBe(refusal);
  });
});
