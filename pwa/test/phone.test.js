import { describe, it, expect } from 'vitest';
import { userAgentConfig, contactUri } from '../src/lib/phone.js';

describe('SIP registration settings', () => {
  const account = { number: '99910012345', sipDomain: 'example.org', realm: 'example.org', ha1: 'ab'.repeat(16) };
  const config = userAgentConfig({ account, wsUrl: 'wss://example.org/sip', instanceId: '6f1c7a9e-0000-4000-8000-000000000001', deviceId: 'dev-1', version: '1.0' });

  it('authenticates with HA1 and realm, never a password', () => {
    expect(config).toMatchObject({ uri: 'sip:99910012345@example.org', ha1: account.ha1, realm: 'example.org' });
    expect(config).not.toHaveProperty('password');
  });

  it('uses the stored instance id, so every REGISTER of this device is the same binding', () => {
    expect(config.instance_id).toBe('6f1c7a9e-0000-4000-8000-000000000001');
  });

  it('puts the RFC 8599 push parameters in the Contact URI', () => {
    expect(config.contact_uri).toMatch(/;pn-provider=webpush;pn-prid=dev-1$/);
    expect(contactUri('x', () => 0)).toBe('sip:aaaaaaaaaa@aaaaaaaaaa.invalid;transport=ws;pn-provider=webpush;pn-prid=x');
  });
});
