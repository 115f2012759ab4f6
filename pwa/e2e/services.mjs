// Starting and stopping the real services for the end-to-end run: free ports, child JVMs with
// their environment, health waits. Nothing here knows about the browser.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on host:port (e.g. sip-proxy's WebSocket). */
export function listening(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (result) => { socket.destroy(); resolve(result); };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** The flags in the service's jvm.options (services/NAME/jvm.options, beside target/), as production uses them. */
function jvmOptions(jar) {
  const file = join(dirname(jar), '..', '..', 'jvm.options');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/) : [];
}

/** Starts `java -jar jar` with env and the service's JVM flags; its output goes to logDir/name.log. */
export function startJar(name, jar, env, logDir) {
  mkdirSync(logDir, { recursive: true });
  const log = openSync(`${logDir}/${name}.log`, 'w');
  const java = process.env.JAVA_BIN || (process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java');
  const child = spawn(java, [...jvmOptions(jar), '-jar', jar], { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  child.name = name;
  return child;
}

/** Waits until GET url answers 200, or fails after timeoutMs (or when the process dies). */
export async function waitForHealth(url, child, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.name} exited with ${child.exitCode} (see its log; it needs JDK 21+: set JAVA_HOME or JAVA_BIN)`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${child.name} not healthy at ${url} after ${timeoutMs / 1000} s`);
}

export function stop(child) {
  if (child && child.exitCode === null) child.kill('SIGTERM');
}

/**
 * Creates the database from scratch: no earlier run's rows leak in, and no schema history left by
 * a build of another branch (Flyway refuses to start on one with migrations this build lacks).
 */
export function freshDatabase(db, name) {
  const args = ['-h', db.host, '-P', String(db.port), '-u', db.user, '--protocol=tcp'];
  if (db.password) args.push(`-p${db.password}`);
  const result = spawnSync('mariadb', [...args, '-e', `DROP DATABASE IF EXISTS ${name}; CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    // No client: the services create it (createDatabaseIfNotExist) and the numbers are random anyway.
    console.log(`e2e: could not recreate ${name} (${result.error?.code ?? result.stderr.trim()}); using it as it is`);
  }
}
