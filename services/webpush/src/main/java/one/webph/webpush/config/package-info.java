/** Configuration of webpush: one {@code @ConfigMapping} with a default for every key. */
package one.webph.webpush.config;
