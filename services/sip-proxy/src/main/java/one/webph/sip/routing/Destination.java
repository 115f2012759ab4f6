package one.webph.sip.routing;

import java.util.List;

import one.webph.sip.location.Binding;

/** Where a request for a number goes (RFC 3261 §16.5, by our own rules). */
public sealed interface Destination {

    /** A local number with live bindings: fork to all of them. */
    record LocalBindings(String number, List<Binding> bindings) implements Destination {
    }

    /** A local number with no live binding (the phone sleeps or has never registered). */
    record LocalOffline(String number) implements Destination {
    }

    /** A number of a community SIP server. */
    record Community(String number, CommunityRoute route) implements Destination {
    }

    /** Nobody has this number. */
    record Unknown(String number) implements Destination {
    }
}
