/** Configuration of sip-proxy: one {@code @ConfigMapping} with a default for every key. */
package one.webph.sip.config;
