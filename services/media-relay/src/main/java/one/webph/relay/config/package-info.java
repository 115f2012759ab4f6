/** Configuration of media-relay: one {@code @ConfigMapping} with a default for every key. */
package one.webph.relay.config;
