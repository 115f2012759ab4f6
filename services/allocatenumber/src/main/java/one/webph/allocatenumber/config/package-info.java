/**
 * Configuration of allocatenumber: one {@code @ConfigMapping} with a default for every key.
 */
package one.webph.allocatenumber.config;
