/**
 * Push subscriptions (the browser's PushSubscription: endpoint, p256dh, auth), one per device,
 * several per number, and the policy on which endpoints the server will send to.
 */
package one.webph.webpush.subscription;
