// The whole suite as real processes for the chain run (e2e/chain.mjs): allocatenumber, webpush,
// media-relay, sip-proxy and pwa-host jars on one fresh database, and the local RFC 8030 push
// service of webpush's tests (services/webpush/src/test/node/push-service.mjs, which decrypts
// with npm http_ece). Everything listens on loopback; the settings are those of launcher/LocalSuite.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort, freshDatabase, listening, startJar, waitForHealth, stop } from './services.mjs';

export const SIP_DOMAIN = 'chain.webphone.test';

export function jarsOf(root) {
  const jar = (name) => process.env[`${name.toUpperCase().replace('-', '_')}_JAR`] || join(root, `services/${name}/target/quarkus-app/quarkus-run.jar`);
  return Object.fromEntries(['allocatenumber', 'webpush', 'media-relay', 'sip-proxy', 'pwa-host'].map((name) => [name, jar(name)]));
}

/** Free UDP port on 127.0.0.1 (sip-proxy's UDP port, the relay's ng port). */
async function freeUdpPort() {
  const { createSocket } = await import('node:dgram');
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function startPushService(root, logDir) {
  const harness = join(root, 'services/webpush/src/test/node');
  if (!existsSync(join(harness, 'node_modules/http_ece'))) {
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: harness, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`npm ci in ${harness} failed: ${install.stderr}`);
  }
  mkdirSync(logDir, { recursive: true });
  const child = spawn(process.execPath, ['push-service.mjs'], { cwd: harness, stdio: ['pipe', 'pipe', openSync(`${logDir}/push-service.log`, 'w')] });
  child.name = 'push-service';
  const port = new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /listening (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`push-service exited with ${code}`)));
  });
  return { child, port };
}

/**
 * Starts everything; returns the addresses, the secrets and stop(). Processes started before a
 * failure are stopped by the caller's stop() as well (they are in `children` from the start).
 */
export async function startChain({ root, db, logDir, databaseName = 'webphone_e2e_chain' }) {
  const jars = jarsOf(root);
  const children = [];
  const stopAll = () => children.forEach((child) => {
    if (child.name === 'push-service') child.stdin.end();
    stop(child);
  });
  const suite = { children, stop: stopAll, jars };
  try {
    freshDatabase(db, databaseName);
    const [pwaPort, allocatePort, webpushPort, relayHttpPort, sipHttpPort, sipWsPort, sipTcpPort] =
      await Promise.all(Array.from({ length: 7 }, freePort));
    const [sipUdpPort, ngPort] = await Promise.all([freeUdpPort(), freeUdpPort()]);
    const base = `http://127.0.0.1:${pwaPort}`;
    const secrets = { internal: randomBytes(24).toString('base64url'), admin: randomBytes(24).toString('base64url') };
    const dbEnv = {
      DB_URL: `jdbc:mysql://${db.host}:${db.port}/${databaseName}?createDatabaseIfNotExist=true`,
      DB_USER: db.user,
      DB_PASSWORD: db.password,
    };
    const common = { ...dbEnv, PWA_ORIGINS: base, INTERNAL_SERVICE_TOKEN: secrets.internal, ADMIN_API_KEY: secrets.admin,
      TOKEN_JWKS_URL: `http://127.0.0.1:${allocatePort}/api/v1/tokens/jwks`, SIP_DOMAIN };
    const sipWsUrl = `ws://127.0.0.1:${sipWsPort}`;

    const push = startPushService(root, logDir);
    children.push(push.child);
    // The relay's media ports: 100 of its own in 23000-29999, below Linux's ephemeral range (where
    // Chromium's and sipp's sockets land) and away from the default 30000-30999 of a local suite.
    const mediaBase = 23000 + Math.floor(Math.random() * 70) * 100;
    const specs = [
      ['allocatenumber', { ...common, ALLOCATENUMBER_HTTP_PORT: String(allocatePort), ALLOCATENUMBER_HTTP_HOST: '127.0.0.1',
        DATA_DIR: join(logDir, 'data'), ALLOCATE_RATE_PER_ADDRESS: '100', SIP_WS_URI: sipWsUrl }, allocatePort],
      ['webpush', { ...common, WEBPUSH_HTTP_PORT: String(webpushPort), WEBPUSH_HTTP_HOST: '127.0.0.1',
        WEBPUSH_ALLOW_INSECURE_LOOPBACK: 'true' }, webpushPort],
      ['media-relay', { MEDIA_RELAY_HTTP_PORT: String(relayHttpPort), MEDIA_RELAY_HTTP_HOST: '127.0.0.1', MEDIA_NG_HOST: '127.0.0.1',
        MEDIA_NG_PORT: String(ngPort), MEDIA_LISTEN_IP: '127.0.0.1', MEDIA_PUBLIC_IP: '127.0.0.1',
        MEDIA_PORT_MIN: String(mediaBase), MEDIA_PORT_MAX: String(mediaBase + 99) }, relayHttpPort],
      ['sip-proxy', { ...common, SIP_PROXY_HTTP_PORT: String(sipHttpPort), SIP_PROXY_HTTP_HOST: '127.0.0.1', SIP_BIND_HOST: '127.0.0.1',
        SIP_PUBLIC_HOST: '127.0.0.1', SIP_UDP_PORT: String(sipUdpPort), SIP_TCP_PORT: String(sipTcpPort), SIP_TLS_PORT: '-1',
        SIP_WS_PORT: String(sipWsPort), SIP_MEDIA_RELAYS: `127.0.0.1:${ngPort}`, SIP_WEBPUSH_URL: `http://127.0.0.1:${webpushPort}`,
        SIP_PUSH_HOLD: 'PT45S', SIP_TRACE: 'true', SIP_ROUTE_REFRESH: '1s' }, sipHttpPort],
      ['pwa-host', { PWA_HOST_HTTP_PORT: String(pwaPort), PWA_HOST_HTTP_HOST: '127.0.0.1', PWA_ALLOCATE_API_URL: `http://127.0.0.1:${allocatePort}`,
        PWA_WEBPUSH_API_URL: `http://127.0.0.1:${webpushPort}`, PWA_SIP_API_URL: `http://127.0.0.1:${sipHttpPort}`, PWA_SIP_WS_URL: sipWsUrl }, pwaPort],
    ];
    // allocatenumber first: the others read its JWKS, and it creates the schema they share.
    const [first, ...rest] = specs;
    const started = [];
    const launch = ([name, env, port]) => {
      const child = startJar(name, jars[name], env, logDir);
      children.push(child);
      started.push(waitForHealth(`http://127.0.0.1:${port}/q/health`, child, 180000));
    };
    launch(first);
    await started[0];
    rest.forEach(launch);
    await Promise.all(started);
    for (let i = 0; i < 40 && !(await listening('127.0.0.1', sipWsPort)); i++) await new Promise((r) => setTimeout(r, 250));
    Object.assign(suite, {
      base, secrets, sipWsUrl, sipUdpPort, ngPort,
      pushPort: await push.port,
      allocateUrl: `http://127.0.0.1:${allocatePort}`,
      webpushUrl: `http://127.0.0.1:${webpushPort}`,
      sipApiUrl: `http://127.0.0.1:${sipHttpPort}`,
      relayHttpUrl: `http://127.0.0.1:${relayHttpPort}`,
    });
    return suite;
  } catch (error) {
    stopAll();
    throw error;
  }
}
