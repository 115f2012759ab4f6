/** Where a number lives: local subscribers and their bindings, or community SIP servers by prefix. */
package one.webph.sip.routing;
