/**
 * pwa-host: serves the built phone app ({@code pwa/dist}, packaged in the jar under
 * {@code webphone-pwa/}) with cache headers that suit hashed and unhashed files, security headers
 * (a Content-Security-Policy that lets the app reach exactly the SIP WebSocket and the API
 * origins of this deployment), and {@code /config.json}, which tells one build of the app where
 * this deployment's services are.
 */
package one.webph.pwa;
